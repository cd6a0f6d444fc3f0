import { allHandlersFinished, condition, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import {
  applyAddApprover,
  applyDecision,
  applyDelegate,
  approvalPurposeLabels,
  checkAddApprover,
  checkDecision,
  checkDelegate,
  checkNudge,
  durationMs,
  noticeKey,
  pendingApprovers,
  startChain,
  type ChainState,
  type NoticeRequest,
} from '../libs/domain/index.js';
import { directory, guard, notify, nowIso, records, refusal } from './activity-proxies.js';
import {
  addApproverUpdate,
  chainStateQuery,
  decideUpdate,
  delegateUpdate,
  nudgeUpdate,
  type ApprovalChainInput,
  type ApprovalChainResult,
  type ChainView,
  type OpenTask,
} from './approval-chain.messages.js';

/**
 * One chain of approval levels. The rules live in libs/domain; this workflow keeps the state, opens a task
 * for each person whose turn it is, and records each decision before answering the person who made it.
 */
export async function approvalChain(input: ApprovalChainInput): Promise<ApprovalChainResult> {
  const workflowId = workflowInfo().workflowId;
  let state: ChainState;
  try {
    state = startChain(input.levels);
  } catch (error) {
    throw refusal('NO_APPROVER', (error as Error).message);
  }
  let openTasks: OpenTask[] = [];
  /** Tasks whose action is still being recorded: a second action on them is refused, not applied twice. */
  const busy = new Set<string>();
  const lastNudgedAt = new Map<string, number>();
  const nudgeIntervalMs = durationMs(input.nudgeInterval ?? '1h');
  const announcements: NoticeRequest[] = [];
  const step = (stepKey: string) => ({ workflowId, stepKey, projectId: input.projectId });
  const purposeLabel = approvalPurposeLabels[input.purpose];

  const view = (): ChainView => ({
    ref: input.ref,
    purpose: input.purpose,
    status: state.status,
    current: state.current,
    levels: state.levels,
    decisions: state.decisions,
    openTasks,
  });

  /**
   * Keeps open tasks equal to the people whose turn it is: opens tasks for newcomers, closes tasks of people
   * no longer waited on (the rest of a 或签 level, someone a 前加签 put behind the newcomer, everyone once
   * the chain has ended).
   */
  async function syncTasks(): Promise<void> {
    const pending = pendingApprovers(state);
    const stale = openTasks.filter((t) => t.level !== state.current || !pending.includes(t.assigneeId));
    const fresh: OpenTask[] = pending
      .filter((id) => !openTasks.some((t) => t.assigneeId === id && t.level === state.current))
      .map((assigneeId) => ({ taskId: uuid4(), assigneeId, level: state.current }));
    // Local state changes before any await, so a concurrent update sees the tasks as they will be.
    openTasks = [...openTasks.filter((t) => !stale.includes(t)), ...fresh];
    if (stale.length > 0) {
      await records.closeTasks({ ...step(`cancel:${stale.map((t) => t.taskId).join(',')}`), taskIds: stale.map((t) => t.taskId), outcome: 'cancelled' });
    }
    if (fresh.length === 0) return;
    const level = state.levels[state.current];
    await records.openTasks({
      ...step(`open:${fresh.map((t) => t.taskId).join(',')}`),
      tasks: fresh.map((t) => ({
        id: t.taskId,
        stepKey: `task:${t.taskId}`,
        kind: 'approval' as const,
        assigneeId: t.assigneeId,
        title: `${purposeLabel}：${input.subject}`,
        purpose: input.purpose,
        chainRef: input.ref,
        level: t.level,
        levelUnitName: level.unitName,
      })),
    });
    for (const t of fresh) {
      announcements.push({
        key: noticeKey(workflowId, `assigned:${t.taskId}`, t.assigneeId),
        recipientId: t.assigneeId,
        kind: 'task_assigned',
        projectId: input.projectId,
        data: { projectTitle: input.subject, taskTitle: purposeLabel, subject: input.subject, dueAt: null },
      });
    }
  }

  const openTaskOf = (taskId: string, actorId: string): OpenTask => {
    const task = openTasks.find((t) => t.taskId === taskId);
    if (!task || busy.has(taskId)) throw refusal('ALREADY_DECIDED', 'this task has already been decided or handed on');
    if (task.assigneeId !== actorId) throw refusal('NOT_ASSIGNEE', 'this task is assigned to someone else');
    return task;
  };

  setHandler(chainStateQuery, view);
  setHandler(
    decideUpdate,
    async ({ taskId, actorId, decision, comment }) => {
      busy.add(taskId);
      const task = openTasks.find((t) => t.taskId === taskId) as OpenTask;
      const at = nowIso();
      await records.recordDecision({
        ...step(`decision:${taskId}`),
        taskId,
        actorId,
        decision,
        comment: comment ?? null,
        chainRef: input.ref,
        purpose: input.purpose,
        level: task.level,
        at,
      });
      state = applyDecision(state, { actorId, decision, comment: comment ?? null, at });
      openTasks = openTasks.filter((t) => t.taskId !== taskId);
      busy.delete(taskId);
      await syncTasks();
      return view();
    },
    {
      // Validators are synchronous and leave no trace in history when they refuse; the API audits refusals.
      validator: ({ taskId, actorId, decision, comment }) => {
        openTaskOf(taskId, actorId);
        guard(() => checkDecision(state, input.submitterId, { actorId, decision, comment }, input.allowed));
      },
    },
  );

  setHandler(
    delegateUpdate,
    async ({ taskId, actorId, toId, comment }) => {
      busy.add(taskId);
      await records.recordChainAction({
        ...step(`delegate:${taskId}`),
        taskId,
        actorId,
        action: 'delegated',
        detail: { toId, comment: comment ?? null, chainRef: input.ref },
        closeTaskAs: 'delegated',
      });
      state = applyDelegate(state, { actorId, toId });
      openTasks = openTasks.filter((t) => t.taskId !== taskId);
      busy.delete(taskId);
      await syncTasks();
      return view();
    },
    {
      validator: ({ taskId, actorId, toId }) => {
        openTaskOf(taskId, actorId);
        guard(() => checkDelegate(state, input.submitterId, { actorId, toId }));
      },
    },
  );

  setHandler(
    addApproverUpdate,
    async ({ taskId, actorId, personId, position, comment }) => {
      busy.add(taskId);
      await records.recordChainAction({
        ...step(`add-approver:${taskId}:${personId}`),
        taskId,
        actorId,
        action: 'approver_added',
        detail: { personId, position, comment: comment ?? null, chainRef: input.ref },
      });
      state = applyAddApprover(state, { actorId, personId, position });
      busy.delete(taskId);
      await syncTasks();
      return view();
    },
    {
      validator: ({ taskId, actorId, personId, position }) => {
        openTaskOf(taskId, actorId);
        guard(() => checkAddApprover(state, input.submitterId, { actorId, personId, position }));
      },
    },
  );

  setHandler(
    nudgeUpdate,
    async ({ taskId, actorId }) => {
      const task = openTasks.find((t) => t.taskId === taskId) as OpenTask;
      const nowMs = Date.now();
      lastNudgedAt.set(taskId, nowMs);
      await records.recordChainAction({ ...step(`nudge:${taskId}:${nowMs}`), taskId, actorId, action: 'nudged', detail: { assigneeId: task.assigneeId } });
      const nudgerName = await directory.personNames({ ids: [actorId] });
      announcements.push({
        key: noticeKey(workflowId, `nudge:${taskId}:${nowMs}`, task.assigneeId),
        recipientId: task.assigneeId,
        kind: 'nudge',
        projectId: input.projectId,
        data: { projectTitle: input.subject, taskTitle: `${purposeLabel}：${input.subject}`, nudgerName },
      });
      return view();
    },
    {
      validator: ({ taskId, actorId }) => {
        if (!openTasks.some((t) => t.taskId === taskId)) throw refusal('ALREADY_DECIDED', 'this task is no longer waiting for anyone');
        guard(() => checkNudge({ actorId, submitterId: input.submitterId, lastNudgedAtMs: lastNudgedAt.get(taskId) ?? null, nowMs: Date.now(), intervalMs: nudgeIntervalMs }));
      },
    },
  );

  await syncTasks();
  // Mail goes out from the main loop, not the update handler, so a decision's HTTP answer never waits on SMTP.
  for (;;) {
    await condition(() => announcements.length > 0 || (state.status !== 'pending' && allHandlersFinished()));
    if (announcements.length === 0) break;
    for (const notice of announcements.splice(0)) await notify(notice);
  }
  const last = state.decisions[state.decisions.length - 1];
  await notify({
    key: noticeKey(workflowId, 'outcome', input.submitterId),
    recipientId: input.submitterId,
    kind: 'approval_outcome',
    projectId: input.projectId,
    data: { projectTitle: input.subject, subject: input.subject, purposeLabel, outcome: state.status, comment: last?.comment ?? null },
  });
  return { status: state.status as ApprovalChainResult['status'], decisions: state.decisions };
}
