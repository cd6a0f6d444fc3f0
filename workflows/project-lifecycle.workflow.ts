import { allHandlersFinished, condition, continueAsNew, executeChild, ParentClosePolicy, patched, setHandler, startChild, workflowInfo } from '@temporalio/workflow';
import {
  chainDecisions,
  approvalWorkflowId,
  archiveWorkflowId,
  deadlineWorkflowId,
  evaluationWorkflowId,
  launchRef,
  launchTemplateFor,
  reportRef,
  reviewRef,
} from '../libs/domain/index.js';
import { directory, quarterly } from './activity-proxies.js';
import { withdrawSignal, type ApprovalChainInput } from './approval-chain.messages.js';
import { approvalChain } from './approval-chain.workflow.js';
import { archiveYear } from './archive-year.workflow.js';
import { satisfySignal } from './deadline.messages.js';
import { deadline } from './deadline.workflow.js';
import { handOverWorkUpdate } from './hand-over.messages.js';
import {
  lifecycleStateQuery,
  raiseFindingUpdate,
  resubmitUpdate,
  resumeUpdate,
  submitReportUpdate,
  submitUpdate,
  withdrawUpdate,
  type ProjectLifecycleInput,
  type ProjectLifecycleState,
  type QuarterState,
  type WithdrawProjectInput,
} from './project-lifecycle.messages.js';
import { ProjectYear } from './project-lifecycle.state.js';
import { ActiveYear } from './project-year-active.js';
import { QuarterSteps } from './project-quarter.js';
import { yearEndEvaluation } from './year-end-evaluation.workflow.js';

/**
 * A carrier project's year: launch approval (with send-back and resubmission), four quarterly checks,
 * rectification of what the checks find, then the year-end evaluation. Started with the `submit` update; the
 * commands act on the year's state (project-lifecycle.state.ts), this function runs its course.
 */
export async function projectLifecycle(input: ProjectLifecycleInput): Promise<ProjectLifecycleState> {
  // The owner is read from the input each time: a 移交 changes it there (and so in a continued run's input).
  const { projectId, unitId, policy, carried } = input;
  const year = new ProjectYear(input, workflowInfo().workflowId);
  const { state, approval, attention } = year;

  setHandler(lifecycleStateQuery, () => state);
  setHandler(resumeUpdate, (request) => year.resume(request), { validator: (request) => year.validateResume(request) });
  setHandler(submitUpdate, (request) => year.submit(request), { validator: (request) => year.validateSubmit(request) });
  setHandler(resubmitUpdate, (request) => year.resubmit(request), { validator: (request) => year.validateResubmit(request) });
  setHandler(withdrawUpdate, (request) => year.withdraw(request), { validator: (request) => year.validateWithdraw(request) });
  setHandler(submitReportUpdate, (request) => year.submitReport(request), { validator: (request) => year.validateSubmitReport(request) });
  setHandler(raiseFindingUpdate, (request) => year.raiseFinding(request), { validator: (request) => year.validateRaiseFinding(request) });
  setHandler(handOverWorkUpdate, (request) => year.handOver(request), { validator: (request) => year.validateHandOver(request) });

  const quarterSteps = new QuarterSteps(year, input);
  // A run started since `year-continues-with-children` holds its children by their outcomes (project-year-active.ts).
  const active = year.withChildren ? new ActiveYear(year, input, carried?.active) : null;
  year.active = active;

  /** The year's quarters in runs begun before `year-continues-with-children`: each child held by its handle. */
  async function runQuarter(q: QuarterState): Promise<void> {
    const ref = reportRef(projectId, q.quarter);
    const stepName = `quarter ${q.quarter} report`;
    // `quarterSteps.scheduled`, written out: these runs replay only with their awaits exactly where they were.
    const { dueRule } = policy.quarterly;
    const schedule = dueRule ? await quarterSteps.scheduleDue(q, dueRule) : null;
    if (schedule) q.dueAt = schedule.dueAt;
    const uncovered = schedule?.uncoveredYears ?? [];
    if (uncovered.length > 0) await quarterSteps.tellAdminsUncovered(uncovered);
    const due = await startChild(deadline, { workflowId: deadlineWorkflowId(ref), args: [quarterSteps.dueDate(q, ref, schedule)] });
    for (let round = 1; ; round++) {
      await quarterSteps.openReportTask(q, round);
      await condition(() => q.round === round && q.status === 'submitted');
      if (round === 1) await attention.besideTheYear(stepName, () => due.signal(satisfySignal, { at: q.submittedAt as string }));
      const review = await attention.carefully(`quarter ${q.quarter} review`, () =>
        executeChild(approvalChain, { workflowId: approvalWorkflowId(reviewRef(projectId, q.quarter, round)), args: [quarterSteps.review(q, round)] }),
      );
      const accepted = review.status === 'approved';
      const ratings = review.decisions[review.decisions.length - 1]?.ratings;
      await attention.carefully(`quarter ${q.quarter} review`, () =>
        quarterly.recordReportOutcome({
          ...year.step(`report-outcome:q${q.quarter}:r${round}`),
          quarter: q.quarter,
          round,
          status: accepted ? 'accepted' : 'sent_back',
          ...(ratings ? { ratings } : {}),
        }),
      );
      q.status = accepted ? 'accepted' : 'sent_back';
      if (accepted) break;
    }
    await attention.besideTheYear(stepName, () => due.result());
  }

  async function endWithdrawn(): Promise<ProjectLifecycleState> {
    const { actorId, comment } = year.withdrawal as WithdrawProjectInput;
    await attention.carefully('withdrawal', () => year.setStage('withdrawn', 'withdrawn', 'withdrawn', actorId, { comment }));
    await condition(allHandlersFinished);
    return state;
  }

  /** Where the next round's chain starts: the first level, or (policy `resume`) the level that sent it back. */
  let startLevel = carried?.startLevel ?? 0;
  // A run continued from an active one takes up the year where that one stopped: its launch is decided.
  if (!carried?.active) {
    // The API starts this workflow together with the submit update; nothing happens before it is recorded.
    if (!carried) await condition(() => state.stage === 'in_approval' && state.launchRound > 0);
    /** A run continued from one whose launch was sent back begins where that one stopped: waiting for the resubmission. */
    let awaitingResubmission = Boolean(carried);
    for (;;) {
      const round = state.launchRound;
      if (!awaitingResubmission) {
        // A failed round (no approver to be found, a chain that failed) is run again, levels resolved afresh, once an admin resumes it.
        const launch = await attention.carefully('launch approval', async () => {
          const template = launchTemplateFor(approval, input.kind);
          const levels = await directory.resolveLevels({ unitId, submitterId: input.ownerId, coOwningUnitIds: input.coOwningUnitIds ?? [], template, rules: approval.rules });
          const chainInput: ApprovalChainInput = {
            ref: launchRef(projectId, round),
            purpose: 'launch',
            projectId,
            subject: year.title,
            submitterId: input.ownerId,
            levels,
            allowed: [...chainDecisions.launch],
            ...year.chainOptions(),
            ccIds: year.ccIds,
            startLevel: Math.min(startLevel, levels.length - 1),
          };
          try {
            year.launchChain = await startChild(approvalChain, { workflowId: approvalWorkflowId(chainInput.ref), args: [chainInput] });
            if (year.withdrawal) await year.launchChain.signal(withdrawSignal, year.withdrawal);
            return await year.launchChain.result();
          } finally {
            year.launchChain = null;
          }
        });
        if (launch.status === 'approved') break;
        if (launch.status === 'withdrawn') return endWithdrawn();
        if (launch.status === 'rejected') {
          await attention.carefully('launch decision', () => year.setStage('rejected', 'rejected', 'launch_rejected', null));
          await condition(allHandlersFinished);
          return state;
        }
        await attention.carefully('launch decision', () => year.setStage('sent_back', `sent-back:r${round}`, 'launch_sent_back', null));
        if (approval.onResubmit === 'resume') startLevel = launch.decisions[launch.decisions.length - 1]?.level ?? 0;
      }
      awaitingResubmission = false;
      // No child runs while the launch is sent back, so a long history is cut here (Temporal's suggestion) once no
      // command is being handled; the next run starts at this wait.
      const resubmitted = () => state.stage === 'in_approval' && state.launchRound > round;
      await condition(() => resubmitted() || year.withdrawal !== null || (workflowInfo().continueAsNewSuggested && allHandlersFinished()));
      if (year.withdrawal) return endWithdrawn();
      if (!resubmitted()) {
        return continueAsNew<typeof projectLifecycle>({ ...input, carried: { state, title: year.title, ccIds: year.ccIds, startLevel, withChildren: year.withChildren } });
      }
    }

    year.reviewLevels = await attention.carefully('launch decision', () =>
      directory.resolveLevels({ unitId, submitterId: input.ownerId, template: approval.reportReview, rules: approval.rules }),
    );
    state.reviewerIds = year.reviewLevels.flatMap((l) => l.approverIds);
    await attention.carefully('launch decision', () => year.setStage('active', 'active', 'launch_approved', null));
  }
  if (active) {
    if (await active.run()) {
      return continueAsNew<typeof projectLifecycle>({ ...input, carried: { state, title: year.title, ccIds: year.ccIds, startLevel, withChildren: true, active: active.carried() } });
    }
  } else {
    await Promise.all(state.quarters.map(runQuarter));

    await attention.carefully('year-end evaluation', () => year.setStage('evaluating', 'evaluating', 'evaluation_opened', null));
    await attention.carefully('year-end evaluation', () =>
      executeChild(yearEndEvaluation, {
        workflowId: evaluationWorkflowId(projectId),
        args: [{ projectId, title: year.title, ownerId: input.ownerId, unitId, year: input.year, policy: policy.evaluation }],
      }),
    );
  }
  await attention.carefully('closing', () => year.setStage('closed', 'closed', 'project_closed', null));
  // The auditors' years: the closed year's histories go into Postgres, their hashes into the chain, by a workflow
  // left running as this one returns (its own history is complete only then).
  if (patched('archive-year')) {
    await attention.carefully('closing', () =>
      startChild(archiveYear, { workflowId: archiveWorkflowId(projectId), args: [{ projectId }], parentClosePolicy: ParentClosePolicy.ABANDON }),
    );
  }
  await condition(allHandlersFinished);
  return state;
}
