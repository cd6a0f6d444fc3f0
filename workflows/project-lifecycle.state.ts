import {
  condition,
  isCancellation,
  log,
  ParentClosePolicy,
  patched,
  startChild,
  upsertSearchAttributes,
  uuid4,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import {
  approvalPolicyOf,
  deadlineWorkflowId,
  noticeKey,
  reportRef,
  rectificationWorkflowId,
  severityRuleOf,
  stageAttribute,
  type LevelSpec,
  type ProjectStatus,
} from '../libs/domain/index.js';
import { directory, localProjects, notify, nowIso, projects, quarterly, rectifications, refusal } from './activity-proxies.js';
import { withdrawSignal, type ApprovalChainInput } from './approval-chain.messages.js';
import type { approvalChain } from './approval-chain.workflow.js';
import { dueFrom } from './due-dates.js';
import { reasonOf } from './failure-reason.js';
import type { HandOverWorkInput, HandOverWorkResult } from './hand-over.messages.js';
import { checkTaker, handOverWork } from './hand-over.js';
import {
  type ProjectLifecycleInput,
  type ProjectLifecycleState,
  type QuarterState,
  type RaisedFinding,
  type RaiseFindingInput,
  type ResubmitInput,
  type ResumeInput,
  type SubmitInput,
  type SubmitReportInput,
  type WithdrawProjectInput,
} from './project-lifecycle.messages.js';
import type { RectificationInput } from './rectification.messages.js';
import { rectification } from './rectification.workflow.js';
import { InFlight } from './turn.js';

/**
 * A project year's state and one method per command on it; the course of the year (launch, quarters, evaluation)
 * is the workflow's (project-lifecycle.workflow.ts), which runs each of its steps through `carefully`.
 */
export class ProjectYear {
  readonly state: ProjectLifecycleState;
  title: string;
  ccIds: string[];
  reviewLevels: LevelSpec[] = [];
  readonly approval: ReturnType<typeof approvalPolicyOf>;
  /** The launch chain now running, for 撤回 to reach; and the owner's withdrawal, once asked for. */
  launchChain: ChildWorkflowHandle<typeof approvalChain> | null = null;
  withdrawal: WithdrawProjectInput | null = null;
  /** Updates whose handler is still recording: a second copy must be refused, not applied twice. */
  private readonly inFlight = new InFlight();
  /**
   * The stage changes here first, so a command arriving while the read model is being written is judged against
   * the stage it will find; commands then wait (stageSettled) until the write is done, so their own writes land after it.
   */
  private stageWrites = 0;
  /** One round per step that failed for good; an admin's resume releases every round up to the latest. */
  private attentionRounds = 0;
  private resumedRounds = 0;
  private resumedBy: string | null = null; // named when a failed item starts again
  /**
   * In a run started since `cost-local-stage-writes`, the stage write a person's submit or resubmit waits for runs as
   * a local activity (activity-proxies.ts): the answer comes after the one workflow task that takes the command. The
   * year's own stage changes keep their activity. Asked once, at the start, so a run never mixes the two.
   */
  private readonly localWrites = patched('cost-local-stage-writes');

  constructor(
    private readonly input: ProjectLifecycleInput,
    private readonly workflowId: string,
  ) {
    const { carried, policy, projectId } = input;
    this.title = carried?.title ?? input.title;
    this.state = carried?.state ?? {
      projectId,
      stage: 'draft',
      launchRound: 0,
      quarters: policy.quarterly.quarters.map((q) => ({ quarter: q.quarter, dueAt: q.dueAt, status: 'pending', round: 0, submittedAt: null })),
      reviewerIds: [],
      rectificationItemIds: [],
      attention: null,
    };
    this.ccIds = carried?.ccIds ?? [];
    this.approval = approvalPolicyOf(policy);
  }

  step(stepKey: string) {
    return { workflowId: this.workflowId, stepKey, projectId: this.input.projectId };
  }

  async setStage(stage: ProjectStatus, stepKey: string, action: string, actorId: string | null, extra = {}, answering = false): Promise<void> {
    const before = this.state.stage;
    this.state.stage = stage;
    this.stageWrites++;
    try {
      await (answering && this.localWrites ? localProjects : projects).recordProjectStage({ ...this.step(stepKey), status: stage, action, actorId, ...extra });
    } catch (error) {
      // A write that failed for good changed nothing: commands are judged against the stage the database still shows.
      this.state.stage = before;
      throw error;
    } finally {
      this.stageWrites--;
    }
    upsertSearchAttributes([{ key: stageAttribute, value: stage }]);
  }

  /**
   * Runs a step of the year. A step that fails for good (a refusal, a value the database cannot store, an outage
   * longer than the activities' bound) no longer fails the year and leaves the project frozen with nobody told:
   * the project is marked as needing attention, admins are told, and the step runs again once an admin resumes
   * the year.
   */
  async carefully<T>(stepName: string, work: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await work();
      } catch (error) {
        if (isCancellation(error)) throw error;
        await this.awaitAdmin(stepName, reasonOf(error));
      }
    }
  }

  /**
   * A step on a child the year does not wait on for its outcome (a quarter's due date, whose reminders are all it
   * adds). Run again, a child that failed fails again at once, so the year waited for an admin for ever: now the
   * admin's resume carries the year on without it (patched; before, the step ran again after every resume).
   */
  async besideTheYear(stepName: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (isCancellation(error)) throw error;
      await this.awaitAdmin(stepName, reasonOf(error));
      if (patched('failed-child-carried-on')) return;
      await this.carefully(stepName, work);
    }
  }

  /** What every chain of this project takes from the year's approval policy. */
  chainOptions(): Pick<ApprovalChainInput, 'commentRequired' | 'nudgeInterval' | 'levelDeadline'> {
    const { commentRequired, nudgeInterval, levelDeadline } = this.approval;
    return { commentRequired, nudgeInterval, levelDeadline };
  }

  async resume({ actorId }: ResumeInput): Promise<ProjectLifecycleState> {
    const release = this.inFlight.claim('resume');
    try {
      const round = this.attentionRounds;
      await projects.clearProjectAttention({ ...this.step(`resume:${round}`), actorId });
      this.state.attention = null;
      this.resumedBy = actorId;
      this.resumedRounds = round;
      return this.state;
    } finally {
      release();
    }
  }

  // Who may resume (admins) is the API's check; whether anything waits is the workflow's.
  validateResume({ actorId }: ResumeInput): void {
    this.inFlight.refuseIfBusy('resume');
    if (!this.state.attention) throw refusal('WRONG_STAGE', 'this project is not waiting for an administrator');
    if (!actorId) throw refusal('INVALID_INPUT', 'a resume names the administrator who asks for it');
  }

  async submit({ actorId, ccIds }: SubmitInput): Promise<ProjectLifecycleState> {
    const release = this.inFlight.claim('submit');
    // A write that fails for good fails this update alone; the same command may then be sent again.
    try {
      await this.setStage('in_approval', 'submit', 'submitted', actorId, { policyVersion: this.input.policy.version, ...(ccIds?.length ? { ccIds } : {}) }, true);
    } finally {
      release();
    }
    this.ccIds = ccIds ?? [];
    this.state.launchRound = 1;
    return this.state;
  }

  validateSubmit({ actorId }: SubmitInput): void {
    this.inFlight.refuseIfBusy('submit');
    if (this.state.stage !== 'draft') throw refusal('WRONG_STAGE', 'this project has already been submitted');
    this.onlyOwner(actorId, 'submit it');
  }

  async resubmit({ actorId, title, goals }: ResubmitInput): Promise<ProjectLifecycleState> {
    const release = this.inFlight.claim('resubmit');
    try {
      await this.stageSettled();
      const round = this.state.launchRound + 1;
      await this.setStage('in_approval', `resubmit:r${round}`, 'resubmitted', actorId, { title, goals }, true);
      this.title = title ?? this.title;
      this.state.launchRound = round;
      return this.state;
    } finally {
      release();
    }
  }

  validateResubmit({ actorId }: ResubmitInput): void {
    this.inFlight.refuseIfBusy('resubmit');
    if (this.state.stage !== 'sent_back') throw refusal('WRONG_STAGE', `only a project sent back can be resubmitted (it is ${this.state.stage})`);
    this.onlyOwner(actorId, 'resubmit it');
  }

  async withdraw(request: WithdrawProjectInput): Promise<ProjectLifecycleState> {
    const release = this.inFlight.claim('withdraw');
    this.withdrawal = request;
    // A chain that has just ended refuses the signal; its outcome then decides, below.
    await this.launchChain?.signal(withdrawSignal, request).catch(() => undefined);
    await condition(() => this.state.stage !== 'in_approval' && this.state.stage !== 'sent_back');
    await this.stageSettled();
    release();
    if (this.state.stage !== 'withdrawn') throw refusal('ALREADY_DECIDED', `the launch approval was decided first: the project is now ${this.state.stage}`);
    return this.state;
  }

  validateWithdraw({ actorId }: WithdrawProjectInput): void {
    this.inFlight.refuseIfBusy('withdraw');
    this.onlyOwner(actorId, 'withdraw it');
    if (this.state.stage !== 'in_approval' && this.state.stage !== 'sent_back') {
      throw refusal('WRONG_STAGE', `only a project whose launch is not yet decided can be withdrawn (it is ${this.state.stage})`);
    }
  }

  async submitReport({ actorId, quarter, content }: SubmitReportInput): Promise<QuarterState> {
    const release = this.inFlight.claim(`report:q${quarter}`);
    try {
      await this.stageSettled();
      const q = this.quarterOf(quarter) as QuarterState;
      const round = q.round + 1;
      const at = nowIso();
      await quarterly.recordReport({ ...this.step(`report:q${quarter}:r${round}`), reportId: uuid4(), quarter, round, content, actorId, at, dueAt: q.dueAt });
      q.submittedAt ??= at;
      q.round = round;
      q.status = 'submitted';
      return q;
    } finally {
      release();
    }
  }

  validateSubmitReport({ actorId, quarter }: SubmitReportInput): void {
    this.inFlight.refuseIfBusy(`report:q${quarter}`);
    const { stage } = this.state;
    if (stage !== 'active') throw refusal('WRONG_STAGE', `quarterly reports are submitted while the project is active (it is ${stage})`);
    const q = this.quarterOf(quarter);
    if (!q) throw refusal('INVALID_INPUT', `quarter ${quarter} is not in this year's policy`);
    if (q.status === 'submitted') throw refusal('WRONG_STAGE', `the quarter ${quarter} report is already under review`);
    if (q.status === 'accepted') throw refusal('WRONG_STAGE', `the quarter ${quarter} report has already been accepted`);
    this.onlyOwner(actorId, 'submit its reports');
  }

  async raiseFinding(request: RaiseFindingInput): Promise<RaisedFinding> {
    const { actorId, description, severity, source } = request;
    const { projectId, unitId, policy } = this.input;
    const findingId = uuid4();
    const items = request.items.map((spec) => ({ ...spec, itemId: uuid4() }));
    const at = nowIso();
    // Policies stored before rules per severity give every finding the same natural time.
    const severityRule = severityRuleOf(policy.rectification, severity);
    const { dueAt, rule } = await dueFrom(severityRule?.due ?? policy.rectification.dueIn, '提出');
    await rectifications.recordFinding({ ...this.step(`finding:${findingId}`), findingId, items, raisedBy: actorId, description, severity, dueAt, at, ...(source ? { source } : {}) });
    for (const item of items) {
      this.state.rectificationItemIds.push(item.itemId);
      await this.runItem({
        itemId: item.itemId,
        findingId,
        projectId,
        projectTitle: this.title,
        unitId,
        description,
        partyOwnerId: item.partyOwnerId,
        businessOwnerId: item.businessOwnerId,
        verifierLevel: { ...this.reviewLevels[0], approverIds: [actorId] },
        raisedById: actorId,
        dueAt,
        policy: policy.rectification,
        ...(severityRule ? { severityRule } : {}),
        ...(rule ? { rule } : {}),
      });
    }
    // Each owner hears once of the finding, with the measures that are theirs.
    for (const ownerId of new Set(items.flatMap((i) => [i.partyOwnerId, i.businessOwnerId]))) {
      const measures = items.filter((i) => i.partyOwnerId === ownerId || i.businessOwnerId === ownerId).map((i) => i.measures).join('；');
      await notify({
        key: noticeKey(this.workflowId, `finding:${findingId}`, ownerId),
        recipientId: ownerId,
        kind: 'finding_raised',
        projectId,
        data: { projectTitle: this.title, description, measures, severity, dueAt },
      });
    }
    return { findingId, itemId: items[0].itemId, dueAt, ...(rule ? { rule } : {}), items };
  }

  validateRaiseFinding(request: RaiseFindingInput): void {
    if (this.state.stage !== 'active') throw refusal('WRONG_STAGE', `findings are raised while the project is active (it is ${this.state.stage})`);
    // A committee's or an audit's finding comes from the committee above, which the API has checked the actor sits on.
    if (!request.source && !this.state.reviewerIds.includes(request.actorId)) throw refusal('FORBIDDEN', "only the project's reviewers can raise findings");
    if (request.items.length === 0) throw refusal('INVALID_INPUT', 'a finding needs at least one rectification item');
  }

  /**
   * 移交: the project and the reports it still owes pass to a new owner (the leaver's secretary, or their successor);
   * their open report tasks and the quarters' due dates go with it, and the project row names the new owner.
   */
  async handOver(request: HandOverWorkInput): Promise<HandOverWorkResult> {
    const release = this.inFlight.claim('hand-over');
    try {
      const { projectId } = this.input;
      const result = await handOverWork(
        {
          workflowId: this.workflowId,
          projectId,
          kinds: ['report'],
          holder: { project: projectId },
          deadlineIds: this.state.quarters.filter((q) => q.status !== 'accepted').map((q) => deadlineWorkflowId(reportRef(projectId, q.quarter))),
          notice: { projectTitle: this.title, taskTitle: '项目负责人移交', subject: this.title },
        },
        request,
      );
      this.input.ownerId = request.toId;
      return result;
    } finally {
      release();
    }
  }

  validateHandOver(request: HandOverWorkInput): void {
    checkTaker(request);
    this.inFlight.refuseIfBusy('hand-over');
    if (request.fromId !== this.input.ownerId) throw refusal('WRONG_STAGE', 'the person handing over does not own this project');
    if (!['in_approval', 'sent_back', 'active', 'evaluating'].includes(this.state.stage)) throw refusal('WRONG_STAGE', `the project is ${this.state.stage}: nothing of it is owed`);
  }

  /** The ledger outlives the year: an item still open when the project closes goes on being tracked. */
  private async runItem(item: RectificationInput): Promise<void> {
    const child = await startChild(rectification, { workflowId: rectificationWorkflowId(item.itemId), parentClosePolicy: ParentClosePolicy.ABANDON, args: [item] });
    void this.watchItem(item, child.result());
  }

  /**
   * An item that fails unexpectedly (a write refused for good) no longer stops with nobody told: while the year runs,
   * the project is marked as needing attention and the admins are told (patched). The year itself never waits on an
   * item, so it goes on meanwhile. The admin's resume clears the mark and, patched since, starts the item again under
   * its own workflow id (a failed run's id may be reused), from where the ledger says it stands.
   */
  private async watchItem(item: RectificationInput, outcome: Promise<unknown>): Promise<void> {
    try {
      await outcome;
    } catch (error) {
      if (isCancellation(error) || !patched('item-failure-needs-attention')) return;
      await this.awaitAdmin(`整改事项“${item.description}”`, reasonOf(error));
      if (!patched('item-restarted-on-resume')) return;
      const attempt = (item.restart?.attempt ?? 0) + 1;
      await this.carefully(`整改事项“${item.description}”`, () => this.runItem({ ...item, restart: { attempt, actorId: this.resumedBy } }));
    }
  }

  private async stageSettled(): Promise<void> {
    await condition(() => this.stageWrites === 0);
  }

  private async awaitAdmin(stepName: string, reason: string): Promise<void> {
    const { projectId } = this.input;
    const round = ++this.attentionRounds;
    const since = nowIso();
    this.state.attention = { step: stepName, reason, since };
    log.warn('a step of the project year failed; waiting for an admin', { projectId, step: stepName, reason });
    try {
      await projects.markProjectAttention({ ...this.step(`attention:${round}`), failedStep: stepName, reason, at: since });
      for (const adminId of await directory.resolveAdmins()) {
        const data = { projectTitle: this.title, step: stepName, reason };
        await notify({ key: noticeKey(this.workflowId, `attention:${round}`, adminId), recipientId: adminId, kind: 'project_attention', projectId, data });
      }
    } catch (error) {
      // The database may be what failed: the state query still shows the mark, and the year waits either way.
      log.error('could not record that the project needs attention', { projectId, error: reasonOf(error) });
    }
    await condition(() => this.resumedRounds >= round);
  }

  private quarterOf(quarter: number): QuarterState | undefined {
    return this.state.quarters.find((q) => q.quarter === quarter);
  }

  private onlyOwner(actorId: string, what: string): void {
    if (actorId !== this.input.ownerId) throw refusal('FORBIDDEN', `only the project owner can ${what}`);
  }
}
