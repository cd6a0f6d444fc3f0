import { condition, patched, uuid4 } from '@temporalio/workflow';
import {
  applyAddApprover,
  applyDecision,
  applyDelegate,
  applyHandOverPlaces,
  applyHolderChange,
  applyWithdraw,
  approvalPurposeLabels,
  checkAddApprover,
  checkComment,
  checkDecision,
  checkDelegate,
  checkHandOverPlaces,
  checkHolderChange,
  checkMeeting,
  checkNudge,
  checkReviewRatings,
  checkWithdraw,
  DomainError,
  durationMs,
  holderPlacesOf,
  meetingOutcome,
  noticeKey,
  pendingApprovers,
  startChain,
  type ChainAction,
  type ChainState,
  type DecisionEntry,
  type NoticeRequest,
  unopenedPlacesOf,
  waitingPlacesOf,
} from '../libs/domain/index.js';
import { approvals, directory, guard, localApprovals, localTasks, nowIso, refusal, tasks } from './activity-proxies.js';
import type {
  AddApproverInput,
  ApprovalChainInput,
  ChainView,
  ChangeHolderInput,
  DecideInput,
  DelegateInput,
  HandOverPlacesInput,
  NudgeInput,
  OpenTask,
  RecordMeetingInput,
  WithdrawInput,
} from './approval-chain.messages.js';
import { LevelClock } from './level-clock.js';
import { InFlight, Turn } from './turn.js';

/**
 * One approval chain's state and one method per action on it. The rules live in libs/domain; this opens a task for
 * each person whose turn it is and records each action before answering the person who took it. Mail and the
 * level's clock (level-clock.ts) are left to the workflow's main loop (`announcements`, `clock`), so no answer waits on them.
 */
export class ChainRun {
  state: ChainState;
  openTasks: OpenTask[] = [];
  /** Notices the main loop is to mail. */
  readonly announcements: NoticeRequest[] = [];
  /** Handlers run one at a time; the main loop applies a withdrawal only while none holds the turn. */
  readonly turn = new Turn();
  /** Tasks whose action is still being recorded: a second action on them is refused, not applied twice. */
  private readonly busy = new InFlight();
  /** Tasks opened here whose rows are still being written. */
  private readonly unwritten = new Set<string>();
  private readonly lastNudgedAt = new Map<string, number>();
  private readonly nudgeIntervalMs: number;
  private readonly commentRequired: ChainAction[];
  private readonly purposeLabel: string;
  /** Applied from the main loop once no handler holds the turn, so a decision being recorded is never overwritten. */
  private withdrawal: WithdrawInput | null = null;
  /** The open level's clock and due date. */
  readonly clock: LevelClock;
  /**
   * A chain started since `cost-local-chain-writes` reads its calendar and writes its records with local activities,
   * in the workflow task that takes each action (activity-proxies.ts); one started before keeps its activities.
   * Asked once, at the start, so a run never mixes the two.
   */
  readonly local: boolean;
  private readonly writes: { tasks: typeof tasks; approvals: typeof approvals };

  constructor(
    private readonly input: ApprovalChainInput,
    private readonly workflowId: string,
  ) {
    // The clock asks `clock-opens-with-level` first: a run records its patch markers in the order it always has.
    this.clock = new LevelClock(input, () => this.state);
    this.local = patched('cost-local-chain-writes');
    this.writes = this.local ? { tasks: localTasks, approvals: localApprovals } : { tasks, approvals };
    try {
      this.state = startChain(input.levels, input.startLevel ?? 0);
    } catch (error) {
      if (error instanceof DomainError) throw refusal(error.code, error.message);
      throw error;
    }
    this.nudgeIntervalMs = durationMs(input.nudgeInterval ?? '1h');
    this.commentRequired = input.commentRequired ?? [];
    this.purposeLabel = approvalPurposeLabels[input.purpose];
  }

  view(): ChainView {
    const { input, state } = this;
    return { ref: input.ref, purpose: input.purpose, submitterId: input.submitterId, status: state.status, current: state.current, levels: state.levels, decisions: state.decisions, openTasks: this.openTasks };
  }

  decide({ taskId, actorId, decision, comment, ratings }: DecideInput): Promise<ChainView> {
    return this.inTurn(
      taskId,
      () => checkDecision(this.state, this.input.submitterId, { actorId, decision, comment }, this.input.allowed, this.commentRequired),
      () => this.decideTask(taskId, { actorId, decision, comment: comment ?? null, ...(ratings ? { ratings } : {}) }),
    );
  }

  // Validators are synchronous and leave no trace in history when they refuse; the API audits refusals.
  validateDecide({ taskId, actorId, decision, comment, ratings }: DecideInput): void {
    this.openTaskOf(taskId, actorId);
    guard(() => {
      checkDecision(this.state, this.input.submitterId, { actorId, decision, comment }, this.input.allowed, this.commentRequired);
      checkReviewRatings(this.input.rated ?? false, decision, ratings);
    });
  }

  recordMeeting({ taskId, actorId, meeting, comment }: RecordMeetingInput): Promise<ChainView> {
    return this.inTurn(
      taskId,
      () => checkMeeting(this.state, this.input.submitterId, actorId, meeting),
      () => {
        const members = this.state.levels[this.state.current].meeting?.memberIds.filter((id) => id !== this.input.submitterId) ?? [];
        return this.decideTask(taskId, { actorId, decision: meetingOutcome(members, meeting), comment: comment ?? null, meeting });
      },
    );
  }

  validateRecordMeeting({ taskId, actorId, meeting }: RecordMeetingInput): void {
    this.openTaskOf(taskId, actorId);
    guard(() => checkMeeting(this.state, this.input.submitterId, actorId, meeting));
  }

  delegate({ taskId, actorId, toId, comment, byId }: DelegateInput): Promise<ChainView> {
    return this.inTurn(
      taskId,
      () => checkDelegate(this.state, this.input.submitterId, { actorId, toId }),
      async () => {
        // The same activity either way (no new command): a hand-over only names its administrator and the assignee.
        await this.writes.approvals.recordChainAction({
          ...this.step(`delegate:${taskId}`),
          taskId,
          actorId: byId ?? actorId,
          action: 'delegated',
          detail: { toId, comment: comment ?? null, chainRef: this.input.ref, ...(byId ? { fromId: actorId } : {}) },
          closeTaskAs: 'delegated',
        });
        this.state = applyDelegate(this.state, { actorId, toId });
        this.openTasks = this.openTasks.filter((t) => t.taskId !== taskId);
        await this.syncTasks();
        return this.view();
      },
    );
  }

  validateDelegate({ taskId, actorId, toId, comment }: DelegateInput): void {
    this.openTaskOf(taskId, actorId);
    guard(() => checkDelegate(this.state, this.input.submitterId, { actorId, toId }));
    guard(() => checkComment('delegate', comment, this.commentRequired));
  }

  addApprover({ taskId, actorId, personId, position, comment }: AddApproverInput): Promise<ChainView> {
    return this.inTurn(
      taskId,
      () => checkAddApprover(this.state, this.input.submitterId, { actorId, personId, position }),
      async () => {
        await this.writes.approvals.recordChainAction({
          ...this.step(`add-approver:${taskId}:${personId}`),
          taskId,
          actorId,
          action: 'approver_added',
          detail: { personId, position, comment: comment ?? null, chainRef: this.input.ref },
        });
        this.state = applyAddApprover(this.state, { actorId, personId, position });
        await this.syncTasks();
        return this.view();
      },
    );
  }

  validateAddApprover({ taskId, actorId, personId, position, comment }: AddApproverInput): void {
    this.openTaskOf(taskId, actorId);
    guard(() => checkAddApprover(this.state, this.input.submitterId, { actorId, personId, position }));
    guard(() => checkComment('add_approver', comment, this.commentRequired));
  }

  /**
   * 换届: in turn like every action, so a level opening meanwhile is not changed under it. Places behind a 依次 step and
   * in levels 退回上一级 may reopen move too (patched: before, only levels not yet opened did).
   */
  handOverPlaces({ fromId, toId, unitId, byId }: HandOverPlacesInput): Promise<ChainView> {
    return this.turn.run(async () => {
      const everywhere = patched('hand-over-places-everywhere');
      guard(() => checkHandOverPlaces(this.state, this.input.submitterId, { fromId, toId, unitId }, everywhere));
      await approvals.recordChainAction({
        ...this.step(`hand-over-places:${fromId}:${toId}:${unitId}`),
        taskId: null,
        actorId: byId,
        action: 'places_handed_over',
        detail: { fromId, toId, unitId, levels: everywhere ? waitingPlacesOf(this.state, fromId, unitId) : unopenedPlacesOf(this.state, fromId, unitId), chainRef: this.input.ref },
      });
      this.state = applyHandOverPlaces(this.state, { fromId, toId, unitId }, everywhere);
      return this.view();
    });
  }

  validateHandOverPlaces({ fromId, toId, unitId }: HandOverPlacesInput): void {
    guard(() => checkHandOverPlaces(this.state, this.input.submitterId, { fromId, toId, unitId }));
  }

  /**
   * 移交 of the project, in turn like every action: the request is the new holder's from now on (they may withdraw and
   * nudge it and are told its outcome), and each place of theirs goes to its substitute, whose step opens as their open
   * step closes. A chain begun before this handler existed never received it, so no stored history changes.
   */
  changeHolder({ fromId, toId, substitutes, byId, reason }: ChangeHolderInput): Promise<ChainView> {
    return this.turn.run(async () => {
      guard(() => checkHolderChange(this.state, this.input.submitterId, { fromId, toId, substitutes }));
      const places = holderPlacesOf(this.state, toId).map((level) => ({ level, toId: substitutes.find((s) => s.unitId === this.state.levels[level].unitId)?.personId }));
      await approvals.recordChainAction({
        ...this.step(`change-holder:${fromId}>${toId}`),
        taskId: null,
        actorId: byId,
        action: 'holder_changed',
        detail: { fromId, toId, reason, submitter: this.input.submitterId === fromId, places, chainRef: this.input.ref },
      });
      if (this.input.submitterId === fromId) this.input.submitterId = toId;
      this.state = applyHolderChange(this.state, { fromId, toId, substitutes });
      await this.syncTasks();
      return this.view();
    });
  }

  validateChangeHolder({ fromId, toId, substitutes }: ChangeHolderInput): void {
    guard(() => checkHolderChange(this.state, this.input.submitterId, { fromId, toId, substitutes }));
  }

  /** In turn like every action: a task decided while the nudge waited is not nudged. */
  nudge({ taskId, actorId }: NudgeInput): Promise<ChainView> {
    return this.turn.run(async () => {
      const task = this.openTasks.find((t) => t.taskId === taskId);
      if (!task) throw refusal('ALREADY_DECIDED', 'this task is no longer waiting for anyone');
      const nowMs = Date.now();
      this.lastNudgedAt.set(taskId, nowMs);
      await this.writes.approvals.recordChainAction({ ...this.step(`nudge:${taskId}:${nowMs}`), taskId, actorId, action: 'nudged', detail: { assigneeId: task.assigneeId } });
      const nudgerName = await directory.personNames({ ids: [actorId] });
      this.announcements.push({
        key: noticeKey(this.workflowId, `nudge:${taskId}:${nowMs}`, task.assigneeId),
        recipientId: task.assigneeId,
        kind: 'nudge',
        projectId: this.input.projectId,
        data: { projectTitle: this.input.subject, taskTitle: `${this.purposeLabel}：${this.input.subject}`, nudgerName, taskId },
      });
      return this.view();
    });
  }

  validateNudge({ taskId, actorId }: NudgeInput): void {
    if (!this.openTasks.some((t) => t.taskId === taskId)) throw refusal('ALREADY_DECIDED', 'this task is no longer waiting for anyone');
    const lastNudgedAtMs = this.lastNudgedAt.get(taskId) ?? null;
    guard(() => checkNudge({ actorId, submitterId: this.input.submitterId, lastNudgedAtMs, nowMs: Date.now(), intervalMs: this.nudgeIntervalMs }));
  }

  requestWithdrawal(request: WithdrawInput): void {
    this.withdrawal ??= request;
  }

  /** The withdrawal the main loop is to apply now: none while a handler holds the turn. */
  withdrawalDue(): WithdrawInput | null {
    return this.turn.free ? this.withdrawal : null;
  }

  withdraw(request: WithdrawInput): void {
    this.withdrawal = null;
    try {
      // The project's workflow has checked who may withdraw and when; a chain decided meanwhile keeps its outcome.
      checkWithdraw(this.state, this.input.submitterId, request.actorId);
    } catch {
      return;
    }
    this.state = applyWithdraw(this.state);
  }

  /**
   * Keeps open tasks equal to the people whose turn it is: opens tasks for newcomers, closes tasks of people
   * no longer waited on (the rest of a 或签 level, someone a 前加签 put behind the newcomer, everyone once
   * the chain has ended).
   */
  async syncTasks(): Promise<void> {
    const { state, input } = this;
    const pending = pendingApprovers(state);
    const stale = this.openTasks.filter((t) => t.level !== state.current || !pending.includes(t.assigneeId));
    const fresh: OpenTask[] = pending
      .filter((id) => !this.openTasks.some((t) => t.assigneeId === id && t.level === state.current))
      .map((assigneeId) => ({ taskId: uuid4(), assigneeId, level: state.current }));
    // Local state changes before any await, so a concurrent update sees the tasks as they will be.
    this.openTasks = [...this.openTasks.filter((t) => !stale.includes(t)), ...fresh];
    this.clock.levelOpened();
    if (stale.length > 0) {
      await this.writes.tasks.closeTasks({ ...this.step(`cancel:${stale.map((t) => t.taskId).join(',')}`), taskIds: stale.map((t) => t.taskId), outcome: 'cancelled' });
    }
    if (fresh.length === 0) return;
    const level = state.levels[state.current];
    for (const t of fresh) this.unwritten.add(t.taskId);
    await this.writes.tasks.openTasks({
      ...this.step(`open:${fresh.map((t) => t.taskId).join(',')}`),
      tasks: fresh.map((t) => ({
        id: t.taskId,
        stepKey: `task:${t.taskId}`,
        kind: 'approval' as const,
        assigneeId: t.assigneeId,
        title: `${this.purposeLabel}：${input.subject}`,
        purpose: input.purpose,
        chainRef: input.ref,
        level: t.level,
        levelUnitName: level.unitName,
        levelMode: level.mode,
        meetingMemberIds: level.meeting?.memberIds ?? null,
        dueAt: this.clock.dueAt()?.dueAt ?? null,
      })),
    });
    for (const t of fresh) this.unwritten.delete(t.taskId);
    for (const t of fresh) {
      this.announcements.push({
        key: noticeKey(this.workflowId, `assigned:${t.taskId}`, t.assigneeId),
        recipientId: t.assigneeId,
        kind: 'task_assigned',
        projectId: input.projectId,
        data: { projectTitle: input.subject, taskTitle: this.purposeLabel, subject: input.subject, dueAt: this.clock.dueAt()?.dueAt ?? null, taskId: t.taskId },
      });
    }
  }

  /** Runs an action on a task in turn, the task marked busy from acceptance on so its validator refuses a second one. */
  private async inTurn<T>(taskId: string, recheck: () => void, work: () => Promise<T>): Promise<T> {
    const release = this.busy.claim(taskId);
    try {
      // A task is known here before its row is written; an action on it waits for the row, or its write would miss it.
      if (this.unwritten.has(taskId)) await condition(() => !this.unwritten.has(taskId));
      return await this.turn.run(() => {
        guard(recheck);
        return work();
      });
    } finally {
      release();
    }
  }

  /** Records a decision (a person's, or a committee meeting's) and moves the chain on. */
  private async decideTask(taskId: string, entry: Omit<DecisionEntry, 'level' | 'at'>): Promise<ChainView> {
    const { input } = this;
    const task = this.openTasks.find((t) => t.taskId === taskId) as OpenTask;
    const at = nowIso();
    await this.writes.approvals.recordDecision({ ...this.step(`decision:${taskId}`), taskId, ...entry, chainRef: input.ref, purpose: input.purpose, level: task.level, at });
    this.state = applyDecision(this.state, { ...entry, at });
    this.clock.decided(at);
    this.openTasks = this.openTasks.filter((t) => t.taskId !== taskId);
    await this.syncTasks();
    return this.view();
  }

  private openTaskOf(taskId: string, actorId: string): OpenTask {
    const task = this.openTasks.find((t) => t.taskId === taskId);
    if (!task || this.busy.has(taskId)) throw refusal('ALREADY_DECIDED', 'this task has already been decided or handed on');
    if (task.assigneeId !== actorId) throw refusal('NOT_ASSIGNEE', 'this task is assigned to someone else');
    return task;
  }

  private step(stepKey: string) {
    return { workflowId: this.workflowId, stepKey, projectId: this.input.projectId };
  }
}
