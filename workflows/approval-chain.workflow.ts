import { allHandlersFinished, condition, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import {
  applyDecision,
  approvalPurposeLabels,
  checkDecision,
  noticeKey,
  pendingApprovers,
  startChain,
  type ChainState,
  type NoticeRequest,
} from '../libs/domain/index.js';
import { guard, notify, nowIso, records, refusal } from './activity-proxies.js';
import {
  chainStateQuery,
  decideUpdate,
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
  const deciding = new Set<string>();
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

  /** Opens tasks for whoever's turn it now is and closes the rest once the chain has ended (或签). */
  async function syncTasks(): Promise<void> {
    const stale = state.status === 'pending' ? [] : openTasks;
    const fresh: OpenTask[] = pendingApprovers(state)
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

  setHandler(chainStateQuery, view);
  setHandler(
    decideUpdate,
    async ({ taskId, actorId, decision, comment }) => {
      deciding.add(taskId);
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
      deciding.delete(taskId);
      await syncTasks();
      return view();
    },
    {
      // Validators are synchronous and leave no trace in history when they refuse; the API audits refusals.
      validator: ({ taskId, actorId, decision, comment }) => {
        const task = openTasks.find((t) => t.taskId === taskId);
        if (!task || deciding.has(taskId)) throw refusal('ALREADY_DECIDED', 'this task has already been decided');
        if (task.assigneeId !== actorId) throw refusal('NOT_ASSIGNEE', 'this task is assigned to someone else');
        guard(() => checkDecision(state, input.submitterId, { actorId, decision, comment }, input.allowed));
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
