import { condition, ParentClosePolicy, patched, startChild, upsertSearchAttributes, uuid4, type ChildWorkflowHandle } from '@temporalio/workflow';
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
import { localProjects, notify, nowIso, projects, quarterly, rectifications, refusal } from './activity-proxies.js';
import { withdrawSignal, type ApprovalChainInput } from './approval-chain.messages.js';
import type { approvalChain } from './approval-chain.workflow.js';
import { dueFrom } from './due-dates.js';
import type { HandOverWorkInput, HandOverWorkResult } from './hand-over.messages.js';
import { checkTaker, handOverWork } from './hand-over.js';
import { ProjectAttention } from './project-attention.js';
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
import type { ActiveYear } from './project-year-active.js';
import { InFlight } from './turn.js';

/**
 * A project year's state and one method per command on it; the course of the year (launch, quarters, evaluation)
 * is the workflow's (project-lifecycle.workflow.ts), which runs each of its steps through `attention.carefully`.
 */
export class ProjectYear {
  readonly state: ProjectLifecycleState;
  title: string;
  ccIds: string[];
  reviewLevels: LevelSpec[];
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
  /** Steps that failed for good wait here for an admin (project-attention.ts). */
  readonly attention: ProjectAttention;
  /**
   * In a run started since `year-continues-with-children`, the year holds its children by their reported outcomes,
   * not by handles, and so may continue as new while active (project-year-active.ts). Asked once, at the start, and
   * carried to the runs that follow.
   */
  readonly withChildren: boolean;
  /** The active year's course in such a run; set by the workflow. */
  active: ActiveYear | null = null;
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
    this.reviewLevels = carried?.active?.reviewLevels ?? [];
    this.attention = new ProjectAttention(this, carried?.active?.attention);
    this.withChildren = carried?.withChildren === true || patched('year-continues-with-children');
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

  /** What every chain of this project takes from the year's approval policy. */
  chainOptions(): Pick<ApprovalChainInput, 'commentRequired' | 'nudgeInterval' | 'levelDeadline'> {
    const { commentRequired, nudgeInterval, levelDeadline } = this.approval;
    return { commentRequired, nudgeInterval, levelDeadline };
  }

  async resume({ actorId }: ResumeInput): Promise<ProjectLifecycleState> {
    const release = this.inFlight.claim('resume');
    try {
      await this.attention.resume(actorId);
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
    if (this.active) return this.active.startItem(item);
    const child = await startChild(rectification, { workflowId: rectificationWorkflowId(item.itemId), parentClosePolicy: ParentClosePolicy.ABANDON, args: [item] });
    const attempt = (item.restart?.attempt ?? 0) + 1;
    void this.attention.watchItem(item.description, child.result(), (resumedBy) => this.runItem({ ...item, restart: { attempt, actorId: resumedBy } }));
  }

  private async stageSettled(): Promise<void> {
    await condition(() => this.stageWrites === 0);
  }

  private quarterOf(quarter: number): QuarterState | undefined {
    return this.state.quarters.find((q) => q.quarter === quarter);
  }

  private onlyOwner(actorId: string, what: string): void {
    if (actorId !== this.input.ownerId) throw refusal('FORBIDDEN', `only the project owner can ${what}`);
  }
}
