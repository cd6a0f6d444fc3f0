import {
  allHandlersFinished,
  condition,
  executeChild,
  ParentClosePolicy,
  setHandler,
  startChild,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  approvalWorkflowId,
  deadlineWorkflowId,
  durationMs,
  evaluationWorkflowId,
  launchRef,
  noticeKey,
  rectificationWorkflowId,
  reportRef,
  reviewRef,
  stageAttribute,
  type LevelSpec,
  type ProjectStatus,
} from '../libs/domain/index.js';
import { directory, notify, nowIso, records, refusal } from './activity-proxies.js';
import { approvalChain } from './approval-chain.workflow.js';
import { satisfySignal } from './deadline.messages.js';
import { deadline } from './deadline.workflow.js';
import {
  lifecycleStateQuery,
  raiseFindingUpdate,
  resubmitUpdate,
  submitReportUpdate,
  submitUpdate,
  type ProjectLifecycleInput,
  type ProjectLifecycleState,
  type QuarterState,
} from './project-lifecycle.messages.js';
import { rectification } from './rectification.workflow.js';
import { yearEndEvaluation } from './year-end-evaluation.workflow.js';

/**
 * A carrier project's year: launch approval (with send-back and resubmission), four quarterly checks,
 * rectification of what the checks find, then the year-end evaluation. Started with the `submit` update.
 */
export async function projectLifecycle(input: ProjectLifecycleInput): Promise<ProjectLifecycleState> {
  const workflowId = workflowInfo().workflowId;
  const { projectId, ownerId, unitId, policy } = input;
  let title = input.title;
  const state: ProjectLifecycleState = {
    projectId,
    stage: 'draft',
    launchRound: 0,
    quarters: policy.quarterly.quarters.map((q) => ({ quarter: q.quarter, dueAt: q.dueAt, status: 'pending', round: 0, submittedAt: null })),
    reviewerIds: [],
    rectificationItemIds: [],
  };
  let reviewLevels: LevelSpec[] = [];
  /** Updates whose handler is still recording: a second copy must be refused, not applied twice. */
  const inFlight = new Set<string>();
  const step = (stepKey: string) => ({ workflowId, stepKey, projectId });

  async function setStage(stage: ProjectStatus, stepKey: string, action: string, actorId: string | null, extra = {}): Promise<void> {
    await records.recordProjectStage({ ...step(stepKey), status: stage, action, actorId, ...extra });
    state.stage = stage;
    upsertSearchAttributes([{ key: stageAttribute, value: stage }]);
  }

  const onlyOwner = (actorId: string, what: string) => {
    if (actorId !== ownerId) throw refusal('FORBIDDEN', `only the project owner can ${what}`);
  };
  const notBusy = (key: string) => {
    if (inFlight.has(key)) throw refusal('ALREADY_DECIDED', 'the same request is already being processed');
  };

  setHandler(lifecycleStateQuery, () => state);

  setHandler(
    submitUpdate,
    async ({ actorId }) => {
      inFlight.add('submit');
      await setStage('in_approval', 'submit', 'submitted', actorId, { policyVersion: policy.version });
      state.launchRound = 1;
      inFlight.delete('submit');
      return state;
    },
    {
      validator: ({ actorId }) => {
        notBusy('submit');
        if (state.stage !== 'draft') throw refusal('WRONG_STAGE', 'this project has already been submitted');
        onlyOwner(actorId, 'submit it');
      },
    },
  );

  setHandler(
    resubmitUpdate,
    async ({ actorId, title: newTitle, goals }) => {
      inFlight.add('resubmit');
      const round = state.launchRound + 1;
      await setStage('in_approval', `resubmit:r${round}`, 'resubmitted', actorId, { title: newTitle, goals });
      title = newTitle ?? title;
      state.launchRound = round;
      inFlight.delete('resubmit');
      return state;
    },
    {
      validator: ({ actorId }) => {
        notBusy('resubmit');
        if (state.stage !== 'sent_back') throw refusal('WRONG_STAGE', `only a project sent back can be resubmitted (it is ${state.stage})`);
        onlyOwner(actorId, 'resubmit it');
      },
    },
  );

  const quarterOf = (quarter: number): QuarterState | undefined => state.quarters.find((q) => q.quarter === quarter);

  setHandler(
    submitReportUpdate,
    async ({ actorId, quarter, content }) => {
      const key = `report:q${quarter}`;
      inFlight.add(key);
      const q = quarterOf(quarter) as QuarterState;
      const round = q.round + 1;
      const at = nowIso();
      await records.recordReport({ ...step(`report:q${quarter}:r${round}`), reportId: uuid4(), quarter, round, content, actorId, at, dueAt: q.dueAt });
      q.submittedAt ??= at;
      q.round = round;
      q.status = 'submitted';
      inFlight.delete(key);
      return q;
    },
    {
      validator: ({ actorId, quarter }) => {
        notBusy(`report:q${quarter}`);
        if (state.stage !== 'active') throw refusal('WRONG_STAGE', `quarterly reports are submitted while the project is active (it is ${state.stage})`);
        const q = quarterOf(quarter);
        if (!q) throw refusal('INVALID_INPUT', `quarter ${quarter} is not in this year's policy`);
        if (q.status === 'submitted') throw refusal('WRONG_STAGE', `the quarter ${quarter} report is already under review`);
        if (q.status === 'accepted') throw refusal('WRONG_STAGE', `the quarter ${quarter} report has already been accepted`);
        onlyOwner(actorId, 'submit its reports');
      },
    },
  );

  setHandler(
    raiseFindingUpdate,
    async ({ actorId, description, severity, measures, partyOwnerId, businessOwnerId }) => {
      const findingId = uuid4();
      const itemId = uuid4();
      const at = nowIso();
      const dueAt = new Date(Date.now() + durationMs(policy.rectification.dueIn)).toISOString();
      await records.recordFinding({
        ...step(`finding:${findingId}`),
        findingId,
        itemId,
        raisedBy: actorId,
        description,
        severity,
        measures,
        partyOwnerId,
        businessOwnerId,
        dueAt,
        at,
      });
      state.rectificationItemIds.push(itemId);
      // The ledger outlives the year: an item still open when the project closes goes on being tracked.
      await startChild(rectification, {
        workflowId: rectificationWorkflowId(itemId),
        parentClosePolicy: ParentClosePolicy.ABANDON,
        args: [
          {
            itemId,
            findingId,
            projectId,
            projectTitle: title,
            unitId,
            description,
            partyOwnerId,
            businessOwnerId,
            verifierLevel: { ...reviewLevels[0], approverIds: [actorId] },
            raisedById: actorId,
            dueAt,
            policy: policy.rectification,
          },
        ],
      });
      for (const ownerId of new Set([partyOwnerId, businessOwnerId])) {
        await notify({
          key: noticeKey(workflowId, `finding:${findingId}`, ownerId),
          recipientId: ownerId,
          kind: 'finding_raised',
          projectId,
          data: { projectTitle: title, description, measures, severity, dueAt },
        });
      }
      return { findingId, itemId, dueAt };
    },
    {
      validator: ({ actorId }) => {
        if (state.stage !== 'active') throw refusal('WRONG_STAGE', `findings are raised while the project is active (it is ${state.stage})`);
        if (!state.reviewerIds.includes(actorId)) throw refusal('FORBIDDEN', "only the project's reviewers can raise findings");
      },
    },
  );

  async function runQuarter(q: QuarterState): Promise<void> {
    const ref = reportRef(projectId, q.quarter);
    const reportTitle = `${input.year}年第${q.quarter}季度报告`;
    const due = await startChild(deadline, {
      workflowId: deadlineWorkflowId(ref),
      args: [{ ref, projectId, projectTitle: title, title: reportTitle, kind: 'report', ownerIds: [ownerId], unitId, dueAt: q.dueAt, ladder: policy.quarterly.ladder }],
    });
    for (let round = 1; ; round++) {
      await records.openTasks({
        ...step(`report-task:q${q.quarter}:r${round}`),
        tasks: [{ id: uuid4(), stepKey: `report:q${q.quarter}:r${round}`, kind: 'report', assigneeId: ownerId, title: reportTitle, dueAt: q.dueAt, subjectId: String(q.quarter) }],
      });
      await condition(() => q.round === round && q.status === 'submitted');
      if (round === 1) await due.signal(satisfySignal, { at: q.submittedAt as string });
      const review = await executeChild(approvalChain, {
        workflowId: approvalWorkflowId(reviewRef(projectId, q.quarter, round)),
        args: [
          {
            ref: reviewRef(projectId, q.quarter, round),
            purpose: 'report_review',
            projectId,
            subject: `${reportTitle} · ${title}`,
            submitterId: ownerId,
            levels: reviewLevels,
            allowed: ['approve', 'send_back'],
          },
        ],
      });
      const accepted = review.status === 'approved';
      await records.recordReportOutcome({ ...step(`report-outcome:q${q.quarter}:r${round}`), quarter: q.quarter, round, status: accepted ? 'accepted' : 'sent_back' });
      q.status = accepted ? 'accepted' : 'sent_back';
      if (accepted) break;
    }
    await due.result();
  }

  // The API starts this workflow together with the submit update; nothing happens before it is recorded.
  await condition(() => state.stage === 'in_approval');
  for (;;) {
    const round = state.launchRound;
    const levels = await directory.resolveLaunchLevels({ unitId, submitterId: ownerId });
    const launch = await executeChild(approvalChain, {
      workflowId: approvalWorkflowId(launchRef(projectId, round)),
      args: [{ ref: launchRef(projectId, round), purpose: 'launch', projectId, subject: title, submitterId: ownerId, levels, allowed: ['approve', 'reject', 'send_back'] }],
    });
    if (launch.status === 'approved') break;
    if (launch.status === 'rejected') {
      await setStage('rejected', 'rejected', 'launch_rejected', null);
      await condition(allHandlersFinished);
      return state;
    }
    await setStage('sent_back', `sent-back:r${round}`, 'launch_sent_back', null);
    await condition(() => state.stage === 'in_approval' && state.launchRound > round);
  }

  reviewLevels = await directory.resolveReviewLevels({ unitId, submitterId: ownerId });
  state.reviewerIds = reviewLevels.flatMap((l) => l.approverIds);
  await setStage('active', 'active', 'launch_approved', null);
  await Promise.all(state.quarters.map(runQuarter));

  await setStage('evaluating', 'evaluating', 'evaluation_opened', null);
  await executeChild(yearEndEvaluation, {
    workflowId: evaluationWorkflowId(projectId),
    args: [{ projectId, title, ownerId, unitId, year: input.year, policy: policy.evaluation }],
  });
  await setStage('closed', 'closed', 'project_closed', null);
  await condition(allHandlersFinished);
  return state;
}
