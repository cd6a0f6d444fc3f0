import { allHandlersFinished, condition, patched, setHandler, startChild, uuid4, workflowInfo, type ChildWorkflowHandle } from '@temporalio/workflow';
import {
  applyAddApprover,
  applyDecision,
  applyDelegate,
  applyWithdraw,
  approvalPurposeLabels,
  beijingDateOf,
  checkAddApprover,
  checkComment,
  checkDecision,
  checkDelegate,
  checkMeeting,
  checkNudge,
  checkReviewRatings,
  checkWithdraw,
  DomainError,
  deadlineWorkflowId,
  durationMs,
  levelDueRef,
  levelSchedule,
  meetingOutcome,
  noticeKey,
  pendingApprovers,
  startChain,
  type ChainState,
  type DecisionEntry,
  type LevelSchedule,
  type NoticeRequest,
  type WorkdayList,
} from '../libs/domain/index.js';
import { approvals, calendar, directory, guard, notify, nowIso, refusal, tasks } from './activity-proxies.js';
import {
  addApproverUpdate,
  chainStateQuery,
  decideUpdate,
  delegateUpdate,
  nudgeUpdate,
  recordMeetingUpdate,
  withdrawSignal,
  type ApprovalChainInput,
  type ApprovalChainResult,
  type ChainView,
  type OpenTask,
  type WithdrawInput,
} from './approval-chain.messages.js';
import { satisfySignal } from './deadline.messages.js';
import { deadline } from './deadline.workflow.js';

/**
 * One chain of approval levels. The rules live in libs/domain; this workflow keeps the state, opens a task
 * for each person whose turn it is, and records each decision before answering the person who made it.
 */
export async function approvalChain(input: ApprovalChainInput): Promise<ApprovalChainResult> {
  const workflowId = workflowInfo().workflowId;
  let state: ChainState;
  try {
    state = startChain(input.levels, input.startLevel ?? 0);
  } catch (error) {
    if (error instanceof DomainError) throw refusal(error.code, error.message);
    throw error;
  }
  let openTasks: OpenTask[] = [];
  /** Tasks whose action is still being recorded: a second action on them is refused, not applied twice. */
  const busy = new Set<string>();
  /** Tasks opened here whose rows are still being written. */
  const unwritten = new Set<string>();
  const lastNudgedAt = new Map<string, number>();
  const nudgeIntervalMs = durationMs(input.nudgeInterval ?? '1h');
  const commentRequired = input.commentRequired ?? [];
  /**
   * Handlers run one at a time: two approvers of a 会签/或签 level deciding in the same instant must not both be
   * applied to a level the first one already closed. Each handler re-checks its rule once it holds the turn.
   */
  let handlerBusy = false;
  /** Runs an action on a task in turn, the task marked busy from acceptance on so its validator refuses a second one. */
  async function inTurn<T>(taskId: string, recheck: () => void, work: () => Promise<T>): Promise<T> {
    busy.add(taskId);
    try {
      // A task is known here before its row is written; an action on it waits for the row, or its write would miss it.
      // (Through the API this cannot happen, as people find tasks in the table; executions from before kept no such wait.)
      if (unwritten.has(taskId) && patched('actions-wait-for-task-rows')) await condition(() => !unwritten.has(taskId));
      // A loop, not one wait: several waiters wake in the same activation and only the first may take the turn.
      while (handlerBusy) await condition(() => !handlerBusy);
      handlerBusy = true;
      try {
        guard(recheck);
        return await work();
      } finally {
        handlerBusy = false;
      }
    } finally {
      busy.delete(taskId);
    }
  }
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

  /** Each round of a level falls due once, counted from when it opened (policy `levelDeadline`). */
  const levelDue = new Map<string, LevelSchedule>();
  /** Working days ahead, fetched once when the policy counts level due dates in working days. */
  let workdays: WorkdayList | null = null;
  const levelKey = () => (state.status === 'pending' ? levelDueRef(input.ref, state.current, state.levelStart ?? 0) : null);
  function levelDueAt(): LevelSchedule | null {
    const key = levelKey();
    if (!key || !input.levelDeadline) return null;
    if (!levelDue.has(key)) levelDue.set(key, levelSchedule(input.levelDeadline, Date.now(), workdays));
    return levelDue.get(key) ?? null;
  }

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
      await tasks.closeTasks({ ...step(`cancel:${stale.map((t) => t.taskId).join(',')}`), taskIds: stale.map((t) => t.taskId), outcome: 'cancelled' });
    }
    if (fresh.length === 0) return;
    const level = state.levels[state.current];
    for (const t of fresh) unwritten.add(t.taskId);
    await tasks.openTasks({
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
        levelMode: level.mode,
        dueAt: levelDueAt()?.dueAt ?? null,
      })),
    });
    for (const t of fresh) unwritten.delete(t.taskId);
    for (const t of fresh) {
      announcements.push({
        key: noticeKey(workflowId, `assigned:${t.taskId}`, t.assigneeId),
        recipientId: t.assigneeId,
        kind: 'task_assigned',
        projectId: input.projectId,
        data: { projectTitle: input.subject, taskTitle: purposeLabel, subject: input.subject, dueAt: levelDueAt()?.dueAt ?? null, taskId: t.taskId },
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
    ({ taskId, actorId, decision, comment, ratings }) =>
      inTurn(
        taskId,
        () => checkDecision(state, input.submitterId, { actorId, decision, comment }, input.allowed, commentRequired),
        () => decideTask(taskId, { actorId, decision, comment: comment ?? null, ...(ratings ? { ratings } : {}) }),
      ),
    {
      // Validators are synchronous and leave no trace in history when they refuse; the API audits refusals.
      validator: ({ taskId, actorId, decision, comment, ratings }) => {
        openTaskOf(taskId, actorId);
        guard(() => {
          checkDecision(state, input.submitterId, { actorId, decision, comment }, input.allowed, commentRequired);
          checkReviewRatings(input.rated ?? false, decision, ratings);
        });
      },
    },
  );

  /** Records a decision (a person's, or a committee meeting's) and moves the chain on. */
  async function decideTask(taskId: string, entry: Omit<DecisionEntry, 'level' | 'at'>): Promise<ChainView> {
    const task = openTasks.find((t) => t.taskId === taskId) as OpenTask;
    const at = nowIso();
    await approvals.recordDecision({
      ...step(`decision:${taskId}`),
      taskId,
      ...entry,
      chainRef: input.ref,
      purpose: input.purpose,
      level: task.level,
      at,
    });
    state = applyDecision(state, { ...entry, at });
    if (clockBehind()) clockStoppedAt ??= at;
    openTasks = openTasks.filter((t) => t.taskId !== taskId);
    await syncTasks();
    return view();
  }

  setHandler(
    recordMeetingUpdate,
    ({ taskId, actorId, meeting, comment }) =>
      inTurn(
        taskId,
        () => checkMeeting(state, input.submitterId, actorId, meeting),
        () => {
          const members = state.levels[state.current].meeting?.memberIds.filter((id) => id !== input.submitterId) ?? [];
          return decideTask(taskId, { actorId, decision: meetingOutcome(members, meeting), comment: comment ?? null, meeting });
        },
      ),
    {
      validator: ({ taskId, actorId, meeting }) => {
        openTaskOf(taskId, actorId);
        guard(() => checkMeeting(state, input.submitterId, actorId, meeting));
      },
    },
  );

  /** Applied from the main loop once no handler holds the turn, so a decision being recorded is never overwritten. */
  let withdrawal: WithdrawInput | null = null;
  setHandler(withdrawSignal, (request) => {
    withdrawal ??= request;
  });
  const withdrawalDue = (): WithdrawInput | null => (handlerBusy ? null : withdrawal);
  function withdraw(request: WithdrawInput): void {
    withdrawal = null;
    try {
      // The project's workflow has checked who may withdraw and when; a chain decided meanwhile keeps its outcome.
      checkWithdraw(state, input.submitterId, request.actorId);
    } catch {
      return;
    }
    state = applyWithdraw(state);
  }

  setHandler(
    delegateUpdate,
    ({ taskId, actorId, toId, comment, byId }) =>
      inTurn(
        taskId,
        () => checkDelegate(state, input.submitterId, { actorId, toId }),
        async () => {
          // The same activity either way (no new command): a hand-over only names its administrator and the assignee.
          await approvals.recordChainAction({
            ...step(`delegate:${taskId}`),
            taskId,
            actorId: byId ?? actorId,
            action: 'delegated',
            detail: { toId, comment: comment ?? null, chainRef: input.ref, ...(byId ? { fromId: actorId } : {}) },
            closeTaskAs: 'delegated',
          });
          state = applyDelegate(state, { actorId, toId });
          openTasks = openTasks.filter((t) => t.taskId !== taskId);
          await syncTasks();
          return view();
        },
      ),
    {
      validator: ({ taskId, actorId, toId, comment }) => {
        openTaskOf(taskId, actorId);
        guard(() => checkDelegate(state, input.submitterId, { actorId, toId }));
        guard(() => checkComment('delegate', comment, commentRequired));
      },
    },
  );

  setHandler(
    addApproverUpdate,
    ({ taskId, actorId, personId, position, comment }) =>
      inTurn(
        taskId,
        () => checkAddApprover(state, input.submitterId, { actorId, personId, position }),
        async () => {
          await approvals.recordChainAction({
            ...step(`add-approver:${taskId}:${personId}`),
            taskId,
            actorId,
            action: 'approver_added',
            detail: { personId, position, comment: comment ?? null, chainRef: input.ref },
          });
          state = applyAddApprover(state, { actorId, personId, position });
          await syncTasks();
          return view();
        },
      ),
    {
      validator: ({ taskId, actorId, personId, position, comment }) => {
        openTaskOf(taskId, actorId);
        guard(() => checkAddApprover(state, input.submitterId, { actorId, personId, position }));
        guard(() => checkComment('add_approver', comment, commentRequired));
      },
    },
  );

  setHandler(
    nudgeUpdate,
    async ({ taskId, actorId }) => {
      const task = openTasks.find((t) => t.taskId === taskId) as OpenTask;
      const nowMs = Date.now();
      lastNudgedAt.set(taskId, nowMs);
      await approvals.recordChainAction({ ...step(`nudge:${taskId}:${nowMs}`), taskId, actorId, action: 'nudged', detail: { assigneeId: task.assigneeId } });
      const nudgerName = await directory.personNames({ ids: [actorId] });
      announcements.push({
        key: noticeKey(workflowId, `nudge:${taskId}:${nowMs}`, task.assigneeId),
        recipientId: task.assigneeId,
        kind: 'nudge',
        projectId: input.projectId,
        data: { projectTitle: input.subject, taskTitle: `${purposeLabel}：${input.subject}`, nudgerName, taskId },
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

  /**
   * The clock of the level now open (a deadline child: reminders before its due time, escalation to the approvers'
   * superior after it). Started and stopped from the main loop so update handlers never wait on it.
   */
  let clock: { key: string; handle: ChildWorkflowHandle<typeof deadline> } | null = null;
  /**
   * When the decision that closed the level was made: the moment that counts for its deadline, however long the loop
   * then takes to reach the clock (before it, mail it was still sending).
   */
  let clockStoppedAt: string | null = null;
  /** Notices on their way while the loop goes on; all are done before the chain ends. */
  const mailing: Promise<void>[] = [];
  async function moveClock(): Promise<void> {
    if (clock) {
      await clock.handle.signal(satisfySignal, { at: clockStoppedAt ?? nowIso() });
      await clock.handle.result();
      clock = null;
    }
    clockStoppedAt = null;
    const key = levelKey();
    const policy = input.levelDeadline;
    if (!key || !policy) return;
    const level = state.levels[state.current];
    const schedule = levelDueAt() as LevelSchedule;
    const handle = await startChild(deadline, {
      workflowId: deadlineWorkflowId(key),
      args: [
        {
          ref: key,
          projectId: input.projectId,
          projectTitle: input.subject,
          title: `${purposeLabel}（${level.unitName}）`,
          kind: 'approval',
          ownerIds: pendingApprovers(state),
          unitId: level.unitId,
          ladder: { remindBefore: policy.remindBefore, escalate: policy.escalateAfter.map((after) => ({ after, to: 'parent_unit_secretary' as const })) },
          dueAt: schedule.dueAt,
          ...(schedule.rule ? { remindAt: schedule.remindAt, rule: schedule.rule } : {}),
        },
      ],
    });
    clock = { key, handle };
  }
  const clockBehind = () => Boolean(input.levelDeadline) && (clock?.key ?? null) !== levelKey();

  // Chains begun before working-day level deadlines have no dueRule, and so never asked.
  if (input.levelDeadline?.dueRule) workdays = await calendar.workdaysAhead({ from: beijingDateOf(Date.now()), days: 400 });
  await syncTasks();
  // Mail and clocks are handled here, not in update handlers, so a decision's HTTP answer never waits on them.
  for (;;) {
    await condition(() => announcements.length > 0 || clockBehind() || withdrawalDue() !== null || (state.status !== 'pending' && allHandlersFinished()));
    const request = withdrawalDue();
    if (request) {
      withdraw(request);
      await syncTasks();
    }
    if (clockBehind()) await moveClock();
    if (announcements.length > 0) {
      const notices = announcements.splice(0);
      // Mailed beside the loop, so a decision stops its level's clock at once while a slow server still holds a
      // notice; executions from before mailed them in turn, and replay that way.
      if (patched('chain-mails-beside-clock')) mailing.push(...notices.map((notice) => notify(notice)));
      else for (const notice of notices) await notify(notice);
    } else if (state.status !== 'pending' && !clockBehind() && allHandlersFinished()) break;
  }
  await Promise.all(mailing);
  if (state.status === 'withdrawn') return { status: 'withdrawn', decisions: state.decisions };
  const last = state.decisions[state.decisions.length - 1];
  const outcome = { projectTitle: input.subject, subject: input.subject, purposeLabel, outcome: state.status, comment: last?.comment ?? null };
  await notify({ key: noticeKey(workflowId, 'outcome', input.submitterId), recipientId: input.submitterId, kind: 'approval_outcome', projectId: input.projectId, data: outcome });
  for (const ccId of input.ccIds ?? []) {
    await notify({ key: noticeKey(workflowId, 'cc', ccId), recipientId: ccId, kind: 'approval_cc', projectId: input.projectId, data: outcome });
  }
  return { status: state.status as ApprovalChainResult['status'], decisions: state.decisions };
}
