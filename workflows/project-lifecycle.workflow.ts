import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  executeChild,
  isCancellation,
  log,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import {
  chainDecisions,
  approvalPolicyOf,
  approvalWorkflowId,
  deadlineWorkflowId,
  evaluationWorkflowId,
  launchRef,
  launchTemplateFor,
  noticeKey,
  quarterEnd,
  severityRuleOf,
  rectificationWorkflowId,
  reportRef,
  reviewRef,
  stageAttribute,
  type LevelSpec,
  type ProjectStatus,
} from '../libs/domain/index.js';
import { calendar, directory, notify, nowIso, projects, quarterly, rectifications, refusal, tasks } from './activity-proxies.js';
import { withdrawSignal, type ApprovalChainInput } from './approval-chain.messages.js';
import { approvalChain } from './approval-chain.workflow.js';
import { satisfySignal } from './deadline.messages.js';
import { deadline } from './deadline.workflow.js';
import {
  lifecycleStateQuery,
  itemsOf,
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
import { dueFrom } from './due-dates.js';
import { rectification } from './rectification.workflow.js';
import { yearEndEvaluation } from './year-end-evaluation.workflow.js';

/**
 * A carrier project's year: launch approval (with send-back and resubmission), four quarterly checks,
 * rectification of what the checks find, then the year-end evaluation. Started with the `submit` update.
 */
export async function projectLifecycle(input: ProjectLifecycleInput): Promise<ProjectLifecycleState> {
  const workflowId = workflowInfo().workflowId;
  const { projectId, ownerId, unitId, policy } = input;
  const failedStepsWaitForAdmin = patched('failed-steps-wait-for-an-admin');
  const carried = input.carried;
  let title = carried?.title ?? input.title;
  const state: ProjectLifecycleState = carried?.state ?? {
    projectId,
    stage: 'draft',
    launchRound: 0,
    quarters: policy.quarterly.quarters.map((q) => ({ quarter: q.quarter, dueAt: q.dueAt, status: 'pending', round: 0, submittedAt: null })),
    reviewerIds: [],
    rectificationItemIds: [],
    attention: null,
  };
  let reviewLevels: LevelSpec[] = [];
  let ccIds: string[] = carried?.ccIds ?? [];
  const approval = approvalPolicyOf(policy);
  /** The launch chain now running, for 撤回 to reach; and the owner's withdrawal, once asked for. */
  let launchChain: ChildWorkflowHandle<typeof approvalChain> | null = null;
  let withdrawal: WithdrawProjectInput | null = null;
  /** Updates whose handler is still recording: a second copy must be refused, not applied twice. */
  const inFlight = new Set<string>();
  const step = (stepKey: string) => ({ workflowId, stepKey, projectId });

  /**
   * The stage changes here first, so a command arriving while the read model is being written is judged against
   * the stage it will find; commands then wait (stageSettled) until the write is done, so their own writes land after it.
   */
  let stageWrites = 0;
  async function setStage(stage: ProjectStatus, stepKey: string, action: string, actorId: string | null, extra = {}): Promise<void> {
    const before = state.stage;
    state.stage = stage;
    stageWrites++;
    try {
      await projects.recordProjectStage({ ...step(stepKey), status: stage, action, actorId, ...extra });
    } catch (error) {
      // A write that failed for good changed nothing: commands are judged against the stage the database still shows.
      state.stage = before;
      throw error;
    } finally {
      stageWrites--;
    }
    upsertSearchAttributes([{ key: stageAttribute, value: stage }]);
  }
  /** Executions begun before commands waited for stage writes keep the order their histories show. */
  async function stageSettled(): Promise<void> {
    if (patched('commands-wait-for-stage-writes')) await condition(() => stageWrites === 0);
  }

  const onlyOwner = (actorId: string, what: string) => {
    if (actorId !== ownerId) throw refusal('FORBIDDEN', `only the project owner can ${what}`);
  };
  const notBusy = (key: string) => {
    if (inFlight.has(key)) throw refusal('ALREADY_DECIDED', 'the same request is already being processed');
  };

  /** One round per step that failed for good; an admin's resume releases every round up to the latest. */
  let attentionRounds = 0;
  let resumedRounds = 0;

  /**
   * Runs a step of the year. A step that fails for good (a refusal, a value the database cannot store, an outage
   * longer than the activities' bound) no longer fails the year and leaves the project frozen with nobody told:
   * the project is marked as needing attention, admins are told, and the step runs again once an admin resumes
   * the year. Executions from before await each step bare: a wrapper's extra microtask turns would reorder the
   * commands of concurrent quarters and handlers against their histories.
   */
  function carefully<T>(stepName: string, work: () => Promise<T>): Promise<T> {
    return failedStepsWaitForAdmin ? retriedOnResume(stepName, work) : work();
  }

  async function retriedOnResume<T>(stepName: string, work: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await work();
      } catch (error) {
        if (isCancellation(error)) throw error;
        await awaitAdmin(stepName, reasonOf(error));
      }
    }
  }

  async function awaitAdmin(stepName: string, reason: string): Promise<void> {
    const round = ++attentionRounds;
    const since = nowIso();
    state.attention = { step: stepName, reason, since };
    log.warn('a step of the project year failed; waiting for an admin', { projectId, step: stepName, reason });
    try {
      await projects.markProjectAttention({ ...step(`attention:${round}`), failedStep: stepName, reason, at: since });
      for (const adminId of await directory.resolveAdmins()) {
        await notify({ key: noticeKey(workflowId, `attention:${round}`, adminId), recipientId: adminId, kind: 'project_attention', projectId, data: { projectTitle: title, step: stepName, reason } });
      }
    } catch (error) {
      // The database may be what failed: the state query still shows the mark, and the year waits either way.
      log.error('could not record that the project needs attention', { projectId, error: reasonOf(error) });
    }
    await condition(() => resumedRounds >= round);
  }

  setHandler(lifecycleStateQuery, () => state);

  setHandler(
    resumeUpdate,
    async ({ actorId }) => {
      inFlight.add('resume');
      try {
        const round = attentionRounds;
        await projects.clearProjectAttention({ ...step(`resume:${round}`), actorId });
        state.attention = null;
        resumedRounds = round;
        return state;
      } finally {
        inFlight.delete('resume');
      }
    },
    {
      // Who may resume (admins) is the API's check; whether anything waits is the workflow's.
      validator: ({ actorId }) => {
        notBusy('resume');
        if (!state.attention) throw refusal('WRONG_STAGE', 'this project is not waiting for an administrator');
        if (!actorId) throw refusal('INVALID_INPUT', 'a resume names the administrator who asks for it');
      },
    },
  );

  setHandler(
    submitUpdate,
    async ({ actorId, ccIds: cc }) => {
      inFlight.add('submit');
      // A write that fails for good fails this update alone; the same command may then be sent again.
      try {
        await setStage('in_approval', 'submit', 'submitted', actorId, { policyVersion: policy.version, ...(cc?.length ? { ccIds: cc } : {}) });
      } finally {
        inFlight.delete('submit');
      }
      ccIds = cc ?? [];
      state.launchRound = 1;
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
      try {
        await stageSettled();
        const round = state.launchRound + 1;
        await setStage('in_approval', `resubmit:r${round}`, 'resubmitted', actorId, { title: newTitle, goals });
        title = newTitle ?? title;
        state.launchRound = round;
        return state;
      } finally {
        inFlight.delete('resubmit');
      }
    },
    {
      validator: ({ actorId }) => {
        notBusy('resubmit');
        if (state.stage !== 'sent_back') throw refusal('WRONG_STAGE', `only a project sent back can be resubmitted (it is ${state.stage})`);
        onlyOwner(actorId, 'resubmit it');
      },
    },
  );

  setHandler(
    withdrawUpdate,
    async (request) => {
      inFlight.add('withdraw');
      withdrawal = request;
      // A chain that has just ended refuses the signal; its outcome then decides, below.
      await launchChain?.signal(withdrawSignal, request).catch(() => undefined);
      await condition(() => state.stage !== 'in_approval' && state.stage !== 'sent_back');
      await stageSettled();
      inFlight.delete('withdraw');
      if (state.stage !== 'withdrawn') throw refusal('ALREADY_DECIDED', `the launch approval was decided first: the project is now ${state.stage}`);
      return state;
    },
    {
      validator: ({ actorId }) => {
        notBusy('withdraw');
        onlyOwner(actorId, 'withdraw it');
        if (state.stage !== 'in_approval' && state.stage !== 'sent_back') {
          throw refusal('WRONG_STAGE', `only a project whose launch is not yet decided can be withdrawn (it is ${state.stage})`);
        }
      },
    },
  );

  const quarterOf = (quarter: number): QuarterState | undefined => state.quarters.find((q) => q.quarter === quarter);

  setHandler(
    submitReportUpdate,
    async ({ actorId, quarter, content }) => {
      const key = `report:q${quarter}`;
      inFlight.add(key);
      try {
        await stageSettled();
        const q = quarterOf(quarter) as QuarterState;
        const round = q.round + 1;
        const at = nowIso();
        await quarterly.recordReport({ ...step(`report:q${quarter}:r${round}`), reportId: uuid4(), quarter, round, content, actorId, at, dueAt: q.dueAt });
        q.submittedAt ??= at;
        q.round = round;
        q.status = 'submitted';
        return q;
      } finally {
        inFlight.delete(key);
      }
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
    async (request) => {
      const { actorId, description, severity, source } = request;
      const findingId = uuid4();
      const items = itemsOf(request).map((spec) => ({ ...spec, itemId: uuid4() }));
      const at = nowIso();
      // Policies stored before rules per severity give every finding the same natural time.
      const severityRule = severityRuleOf(policy.rectification, severity);
      const { dueAt, rule } = await dueFrom(severityRule?.due ?? policy.rectification.dueIn, '提出');
      await rectifications.recordFinding({ ...step(`finding:${findingId}`), findingId, items, raisedBy: actorId, description, severity, dueAt, at, ...(source ? { source } : {}) });
      for (const item of items) {
        state.rectificationItemIds.push(item.itemId);
        // The ledger outlives the year: an item still open when the project closes goes on being tracked.
        await startChild(rectification, {
          workflowId: rectificationWorkflowId(item.itemId),
          parentClosePolicy: ParentClosePolicy.ABANDON,
          args: [
            {
              itemId: item.itemId,
              findingId,
              projectId,
              projectTitle: title,
              unitId,
              description,
              partyOwnerId: item.partyOwnerId,
              businessOwnerId: item.businessOwnerId,
              verifierLevel: { ...reviewLevels[0], approverIds: [actorId] },
              raisedById: actorId,
              dueAt,
              policy: policy.rectification,
              ...(severityRule ? { severityRule } : {}),
              ...(rule ? { rule } : {}),
            },
          ],
        });
      }
      // Each owner hears once of the finding, with the measures that are theirs.
      for (const ownerId of new Set(items.flatMap((i) => [i.partyOwnerId, i.businessOwnerId]))) {
        const measures = items.filter((i) => i.partyOwnerId === ownerId || i.businessOwnerId === ownerId).map((i) => i.measures).join('；');
        await notify({
          key: noticeKey(workflowId, `finding:${findingId}`, ownerId),
          recipientId: ownerId,
          kind: 'finding_raised',
          projectId,
          data: { projectTitle: title, description, measures, severity, dueAt },
        });
      }
      return { findingId, itemId: items[0].itemId, dueAt, ...(rule ? { rule } : {}), items };
    },
    {
      validator: (request) => {
        if (state.stage !== 'active') throw refusal('WRONG_STAGE', `findings are raised while the project is active (it is ${state.stage})`);
        // A committee's or an audit's finding comes from the committee above, which the API has checked the actor sits on.
        if (!request.source && !state.reviewerIds.includes(request.actorId)) throw refusal('FORBIDDEN', "only the project's reviewers can raise findings");
        if (itemsOf(request).length === 0) throw refusal('INVALID_INPUT', 'a finding needs at least one rectification item');
      },
    },
  );

  /** Once per year and admin across all projects: the key names the year, not this workflow. */
  async function tellAdminsUncovered(years: number[]): Promise<void> {
    const admins = await carefully('calendar check', () => directory.resolveAdmins());
    for (const year of years) {
      for (const adminId of admins) {
        await notify({ key: `calendar-uncovered/${year}/${adminId}`, recipientId: adminId, kind: 'calendar_uncovered', projectId, data: { year, projectTitle: title } });
      }
    }
  }

  async function runQuarter(q: QuarterState): Promise<void> {
    const ref = reportRef(projectId, q.quarter);
    const reportTitle = `${input.year}年第${q.quarter}季度报告`;
    // A policy with a due rule: the date comes from the working-day calendar as it stands when the quarter opens.
    const { dueRule, remindOn } = policy.quarterly;
    const stepName = `quarter ${q.quarter} report`;
    const schedule = dueRule
      ? await carefully(stepName, () => calendar.scheduleDue({ periodEnd: quarterEnd(input.year, q.quarter), rule: dueRule, reminders: remindOn ?? [] }))
      : null;
    if (schedule) q.dueAt = schedule.dueAt;
    // Schedules recorded before `uncoveredYears` existed have none; their executions never told admins.
    const uncovered = schedule?.uncoveredYears ?? [];
    if (uncovered.length > 0 && patched('tell-admins-of-unpublished-calendar-years')) await tellAdminsUncovered(uncovered);
    const due = await startChild(deadline, {
      workflowId: deadlineWorkflowId(ref),
      args: [
        {
          ref,
          projectId,
          projectTitle: title,
          title: reportTitle,
          kind: 'report',
          ownerIds: [ownerId],
          subjectId: String(q.quarter),
          unitId,
          dueAt: q.dueAt,
          ladder: policy.quarterly.ladder,
          ...(schedule ? { remindAt: schedule.remindAt, rule: schedule.rule } : {}),
          // Q4's date falls in a January whose holidays may not be published yet: it is computed again once they are.
          ...(dueRule && uncovered.length > 0 ? { guessed: { periodEnd: quarterEnd(input.year, q.quarter), rule: dueRule, reminders: remindOn ?? [], uncoveredYears: uncovered } } : {}),
        },
      ],
    });
    for (let round = 1; ; round++) {
      // The task id is drawn once, so a retried write is the same write.
      const reportTask = { id: uuid4(), stepKey: `report:q${q.quarter}:r${round}`, kind: 'report' as const, assigneeId: ownerId, title: reportTitle, dueAt: q.dueAt, subjectId: String(q.quarter) };
      await carefully(stepName, () => tasks.openTasks({ ...step(`report-task:q${q.quarter}:r${round}`), tasks: [reportTask] }));
      await condition(() => q.round === round && q.status === 'submitted');
      if (round === 1) await due.signal(satisfySignal, { at: q.submittedAt as string });
      const review = await carefully(`quarter ${q.quarter} review`, () =>
        executeChild(approvalChain, {
        workflowId: approvalWorkflowId(reviewRef(projectId, q.quarter, round)),
        args: [
          {
            ref: reviewRef(projectId, q.quarter, round),
            purpose: 'report_review',
            projectId,
            subject: `${reportTitle} · ${title}`,
            submitterId: ownerId,
            levels: reviewLevels,
            allowed: [...chainDecisions.report_review],
            rated: true,
            ...(templated ? chainOptions() : {}),
          },
        ],
      }),
      );
      const accepted = review.status === 'approved';
      const ratings = review.decisions[review.decisions.length - 1]?.ratings;
      await carefully(`quarter ${q.quarter} review`, () =>
        quarterly.recordReportOutcome({
          ...step(`report-outcome:q${q.quarter}:r${round}`),
          quarter: q.quarter,
          round,
          status: accepted ? 'accepted' : 'sent_back',
          ...(ratings ? { ratings } : {}),
        }),
      );
      q.status = accepted ? 'accepted' : 'sent_back';
      if (accepted) break;
    }
    await carefully(stepName, () => due.result());
  }

  /** What every chain of this project takes from the year's approval policy. */
  const chainOptions = (): Pick<ApprovalChainInput, 'commentRequired' | 'nudgeInterval' | 'levelDeadline'> => ({
    commentRequired: approval.commentRequired,
    nudgeInterval: approval.nudgeInterval,
    levelDeadline: approval.levelDeadline,
  });

  async function endWithdrawn(): Promise<ProjectLifecycleState> {
    const { actorId, comment } = withdrawal as WithdrawProjectInput;
    await carefully('withdrawal', () => setStage('withdrawn', 'withdrawn', 'withdrawn', actorId, { comment }));
    await condition(allHandlersFinished);
    return state;
  }

  // The API starts this workflow together with the submit update; nothing happens before it is recorded.
  if (!carried) await condition(() => state.stage === 'in_approval' && state.launchRound > 0);
  // Executions begun before chain templates route their launch and reviews as they always did (a continued run as its first).
  const templated = carried ? carried.templated : patched('chain-templates');
  /** Where the next round's chain starts: the first level, or (policy `resume`) the level that sent it back. */
  let startLevel = carried?.startLevel ?? 0;
  /** A run continued from one whose launch was sent back begins where that one stopped: waiting for the resubmission. */
  let awaitingResubmission = Boolean(carried);
  for (;;) {
    const round = state.launchRound;
    if (!awaitingResubmission) {
      // A failed round (no approver to be found, a chain that failed) is run again, levels resolved afresh, once an admin resumes it.
      const launch = await carefully('launch approval', async () => {
        const levels = templated
          ? await directory.resolveLevels({ unitId, submitterId: ownerId, coOwningUnitIds: input.coOwningUnitIds ?? [], template: launchTemplateFor(approval, input.kind), rules: approval.rules })
          : await directory.resolveLaunchLevels({ unitId, submitterId: ownerId });
        const chainInput: ApprovalChainInput = { ref: launchRef(projectId, round), purpose: 'launch', projectId, subject: title, submitterId: ownerId, levels, allowed: [...chainDecisions.launch] };
        if (templated) {
          chainInput.allowed.push('send_back_previous');
          Object.assign(chainInput, chainOptions(), { ccIds, startLevel: Math.min(startLevel, levels.length - 1) });
        }
        try {
          launchChain = await startChild(approvalChain, { workflowId: approvalWorkflowId(chainInput.ref), args: [chainInput] });
          if (withdrawal) await launchChain.signal(withdrawSignal, withdrawal);
          return await launchChain.result();
        } finally {
          launchChain = null;
        }
      });
      if (launch.status === 'approved') break;
      if (launch.status === 'withdrawn') return endWithdrawn();
      if (launch.status === 'rejected') {
        await carefully('launch decision', () => setStage('rejected', 'rejected', 'launch_rejected', null));
        await condition(allHandlersFinished);
        return state;
      }
      await carefully('launch decision', () => setStage('sent_back', `sent-back:r${round}`, 'launch_sent_back', null));
      if (approval.onResubmit === 'resume') startLevel = launch.decisions[launch.decisions.length - 1]?.level ?? 0;
    }
    awaitingResubmission = false;
    // No child runs while the launch is sent back, so a long history is cut here (Temporal's suggestion) once no
    // command is being handled; the next run starts at this wait. Executions from before waited in the same run.
    const mayContinue = patched('lifecycle-continues-as-new-while-sent-back');
    const resubmitted = () => state.stage === 'in_approval' && state.launchRound > round;
    await condition(() => resubmitted() || withdrawal !== null || (mayContinue && workflowInfo().continueAsNewSuggested && allHandlersFinished()));
    if (withdrawal) return endWithdrawn();
    if (!resubmitted()) {
      return continueAsNew<typeof projectLifecycle>({ ...input, carried: { state, title, ccIds, startLevel, templated } });
    }
  }

  reviewLevels = await carefully('launch decision', () =>
    templated
      ? directory.resolveLevels({ unitId, submitterId: ownerId, template: approval.reportReview, rules: approval.rules })
      : directory.resolveReviewLevels({ unitId, submitterId: ownerId }),
  );
  state.reviewerIds = reviewLevels.flatMap((l) => l.approverIds);
  await carefully('launch decision', () => setStage('active', 'active', 'launch_approved', null));
  await Promise.all(state.quarters.map(runQuarter));

  await carefully('year-end evaluation', () => setStage('evaluating', 'evaluating', 'evaluation_opened', null));
  await carefully('year-end evaluation', () =>
    executeChild(yearEndEvaluation, {
      workflowId: evaluationWorkflowId(projectId),
      args: [{ projectId, title, ownerId, unitId, year: input.year, policy: policy.evaluation }],
    }),
  );
  await carefully('closing', () => setStage('closed', 'closed', 'project_closed', null));
  await condition(allHandlersFinished);
  return state;
}

/** What an admin reads: the refusal or final failure the step ended on, not the wrappers Temporal put around it. */
function reasonOf(error: unknown): string {
  let innermost = String(error);
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof ApplicationFailure) return e.message;
    innermost = e.message || innermost;
  }
  return innermost;
}
