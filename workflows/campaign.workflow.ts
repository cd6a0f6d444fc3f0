import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import {
  beijingDateOf,
  campaignClosesAt,
  campaignDeadlinesPerRun,
  campaignDueRef,
  campaignFanOutBatch,
  campaignRuleStart,
  campaignWorkflowId,
  deadlineWorkflowId,
  noticeKey,
  scheduledTimeOf,
} from '../libs/domain/index.js';
import { calendar, campaigns, notify, nowIso, refusal } from './activity-proxies.js';
import {
  campaignStateQuery,
  issueCampaignUpdate,
  submitCampaignReportUpdate,
  type CampaignState,
  type CampaignTargetState,
  type ReportingCampaignInput,
} from './campaign.messages.js';
import { satisfySignal, type DeadlineInput } from './deadline.messages.js';
import { deadline } from './deadline.workflow.js';
import { handOverWorkUpdate } from './hand-over.messages.js';
import { checkTaker, handOverWork } from './hand-over.js';

/**
 * A reporting task fanned out to many units (e.g. every branch secretary's 述职述责): one `deadline` per target unit,
 * owed by its secretaries, with that unit's reminders and graded escalation; a unit's report satisfies its deadline.
 * Started by the API (with the issueCampaign update) or by a recurring campaign's schedule.
 *
 * The fan-out goes in batches (deadlines started, then secretaries told, `batchSize` units at a time), so a campaign to
 * thousands of units never has more than a batch of child starts or mail activities pending. The campaign ends when
 * every unit has reported, or at its end date (`closeAfter` past the due time), when the units still missing are marked
 * missing. It continues as new whenever Temporal suggests it, and after `campaignDeadlinesPerRun` deadlines started.
 */
export async function reportingCampaign(input: ReportingCampaignInput): Promise<CampaignState> {
  const { workflowId, startTime } = workflowInfo();
  const { resume } = input;
  const state: CampaignState = resume
    ? { campaignId: resume.campaignId, status: resume.issued < resume.targets.length ? 'issuing' : 'open', dueAt: resume.dueAt, rule: resume.rule, closesAt: resume.closesAt, targets: resume.targets }
    : { campaignId: null, status: 'issuing', dueAt: null, rule: null, targets: [] };
  /** Units whose deadline runs: a report is signalled to it; one that came before it started needs none. */
  const started = new Set((resume?.targets.slice(0, resume.issued) ?? []).map((t) => t.unitId));
  /** Reports whose handler is still recording: a second copy must be refused, not applied twice. */
  const inFlight = new Set<string>();
  const targetOf = (unitId: string): CampaignTargetState | undefined => state.targets.find((t) => t.unitId === unitId);
  const satisfy = (t: CampaignTargetState, at: string) => getExternalWorkflowHandle(deadlineWorkflowId(t.deadlineRef)).signal(satisfySignal, { at });

  setHandler(campaignStateQuery, () => state);

  setHandler(
    issueCampaignUpdate,
    async () => {
      // The caller is answered once the campaign and its targets are recorded; the fan-out goes on behind.
      await condition(() => state.campaignId !== null);
      return state;
    },
    {
      validator: ({ actorId }) => {
        if (actorId !== input.createdBy) throw refusal('FORBIDDEN', 'a campaign is issued by the person who created it');
      },
    },
  );

  setHandler(
    submitCampaignReportUpdate,
    async ({ actorId, unitId, text }) => {
      inFlight.add(unitId);
      try {
        const target = targetOf(unitId) as CampaignTargetState;
        const at = nowIso();
        await campaigns.recordCampaignReport({ workflowId, stepKey: `report:${unitId}`, campaignId: state.campaignId as string, unitId, actorId, text, at });
        target.submittedAt = at;
        target.submittedBy = actorId;
        if (started.has(unitId)) await satisfy(target, at);
        return target;
      } finally {
        // A report that failed to record may be sent again.
        inFlight.delete(unitId);
      }
    },
    {
      validator: ({ actorId, unitId }) => {
        if (state.campaignId === null) throw refusal('WRONG_STAGE', 'the campaign is still being issued; try again in a moment');
        if (state.status === 'closed') throw refusal('WRONG_STAGE', `the campaign closed at ${state.closesAt}; reports are no longer taken`);
        const target = targetOf(unitId);
        if (!target) throw refusal('INVALID_INPUT', 'unitId is not a target unit of this campaign');
        if (!target.secretaryIds.includes(actorId)) throw refusal('FORBIDDEN', `only a secretary of ${target.unitName} can submit its report`);
        if (target.submittedAt !== null || inFlight.has(unitId)) throw refusal('WRONG_STAGE', `the report of ${target.unitName} has already been submitted`);
      },
    },
  );

  /** The units whose report the person handing over still owes. */
  const owedBy = (personId: string) => state.targets.filter((t) => t.submittedAt === null && t.secretaryIds.includes(personId));
  /** 移交: each unit's report a secretary still owes passes to the taker, with its task and its due date's reminders. */
  setHandler(
    handOverWorkUpdate,
    async (request) => {
      const { fromId, toId } = request;
      inFlight.add(`hand-over:${fromId}`);
      try {
        const taskIds: string[] = [];
        for (const t of owedBy(fromId)) {
          const moved = await handOverWork(
            {
              workflowId,
              projectId: null,
              campaignId: state.campaignId as string,
              kinds: ['campaign_report'],
              subjectId: t.unitId,
              holder: { campaignTarget: { campaignId: state.campaignId as string, unitId: t.unitId } },
              deadlineIds: started.has(t.unitId) ? [deadlineWorkflowId(t.deadlineRef)] : [],
              notice: { projectTitle: t.unitName, taskTitle: input.title, subject: input.title },
            },
            request,
          );
          t.secretaryIds = [...new Set(t.secretaryIds.map((id) => (id === fromId ? toId : id)))];
          taskIds.push(...moved.taskIds);
        }
        return { taskIds };
      } finally {
        inFlight.delete(`hand-over:${fromId}`);
      }
    },
    {
      validator: (request) => {
        checkTaker(request);
        if (state.campaignId === null) throw refusal('WRONG_STAGE', 'the campaign is still being issued; try again in a moment');
        if (state.status === 'closed' || state.status === 'completed') throw refusal('WRONG_STAGE', 'the campaign takes no more reports');
        if (inFlight.has(`hand-over:${request.fromId}`)) throw refusal('ALREADY_DECIDED', 'the same request is already being processed');
        if (owedBy(request.fromId).length === 0) throw refusal('WRONG_STAGE', 'the person handing over owes no report in this campaign');
      },
    },
  );

  let remindAt = resume?.remindAt ?? null;
  if (!resume) {
    // A scheduled run counts from its nominal time, so a run caught up late keeps its period's due date.
    const issuedAt = (input.templateId && scheduledTimeOf(workflowId, campaignWorkflowId(input.templateId))) || startTime.toISOString();
    const { dueRule, remindOn } = input;
    const schedule = dueRule ? await calendar.scheduleDue({ periodEnd: beijingDateOf(Date.parse(issuedAt)), rule: dueRule, reminders: remindOn ?? [], start: campaignRuleStart }) : null;
    const dueAt = schedule?.dueAt ?? input.dueAt;
    if (!dueAt) throw ApplicationFailure.nonRetryable('a campaign needs dueRule or dueAt', 'INVALID_INPUT');
    remindAt = schedule?.remindAt ?? null;
    const closesAt = campaignClosesAt(dueAt, input.closeAfter);

    const units = await campaigns.resolveCampaignTargets({ targets: input.targets });
    const campaignId = await campaigns.openCampaign({
      workflowId,
      stepKey: 'issued',
      campaignId: input.campaignId ?? null,
      templateId: input.templateId ?? null,
      title: input.title,
      instructions: input.instructions,
      targets: input.targets,
      dueRule: dueRule ?? null,
      remindOn: remindOn ?? null,
      ladder: input.ladder,
      dueAt,
      rule: schedule?.rule ?? null,
      createdBy: input.createdBy,
      dutyReportYear: input.dutyReportYear ?? null,
      units,
      // The report tasks are written with the campaign, so a unit may report while the fan-out goes on.
      closesAt,
    });
    Object.assign(state, {
      campaignId,
      dueAt,
      rule: schedule?.rule ?? null,
      closesAt,
      targets: units.map((u) => ({ ...u, deadlineRef: campaignDueRef(campaignId, u.unitId), submittedAt: null, submittedBy: null })),
    });
  }
  const campaignId = state.campaignId as string;
  const dueAt = state.dueAt as string;

  const deadlineInput = (t: CampaignTargetState): DeadlineInput => ({
    ref: t.deadlineRef,
    projectId: null,
    campaignId,
    projectTitle: t.unitName,
    title: input.title,
    kind: 'campaign_report',
    ownerIds: t.secretaryIds,
    subjectId: t.unitId,
    unitId: t.unitId,
    dueAt,
    ladder: input.ladder,
    ...(remindAt ? { remindAt, rule: state.rule as string } : {}),
    ...(state.closesAt ? { closesAt: state.closesAt } : {}),
  });
  const tellIssued = (t: CampaignTargetState) =>
    t.secretaryIds.map((recipientId) =>
      notify({
        key: noticeKey(workflowId, `issued:${t.unitId}`, recipientId),
        recipientId,
        kind: 'campaign_issued',
        projectId: null,
        data: { projectTitle: t.unitName, title: input.title, instructions: input.instructions, dueAt, rule: state.rule },
      }),
    );

  /** Hands the campaign on to a new run once every report being recorded is in; the deadlines run on by themselves. */
  async function carryOn(issued: number): Promise<never> {
    await condition(allHandlersFinished);
    return continueAsNew<typeof reportingCampaign>({
      ...input,
      resume: { campaignId, dueAt, rule: state.rule, closesAt: state.closesAt as string, targets: state.targets, issued, remindAt },
    });
  }

  const batchSize = input.batchSize ?? campaignFanOutBatch;
  let issued = resume?.issued ?? 0;
  let startedHere = 0;
  while (issued < state.targets.length) {
    if (workflowInfo().continueAsNewSuggested || startedHere >= campaignDeadlinesPerRun) await carryOn(issued);
    // A unit that reported before its turn needs neither a deadline nor the notice.
    const batch = state.targets.slice(issued, issued + batchSize).filter((t) => t.submittedAt === null);
    await Promise.all(
      batch.map(async (t) => {
        // Abandoned, not terminated, when this run continues as new: the deadline outlives the run that started it.
        await startChild(deadline, { workflowId: deadlineWorkflowId(t.deadlineRef), parentClosePolicy: ParentClosePolicy.ABANDON, args: [deadlineInput(t)] });
        started.add(t.unitId);
        // Reported while its deadline was being started: the handler found nothing to tell, so it is told here.
        if (t.submittedAt !== null) await satisfy(t, t.submittedAt);
      }),
    );
    await Promise.all(batch.filter((t) => t.submittedAt === null).flatMap(tellIssued));
    issued += batchSize;
    startedHere += batch.length;
  }
  state.status = 'open';

  const allIn = () => state.targets.every((t) => t.submittedAt !== null);
  const closesAtMs = Date.parse(state.closesAt as string);
  while (!allIn()) {
    const left = closesAtMs - Date.now();
    if (left <= 0) {
      // No report is taken from here on; one being recorded still counts.
      state.status = 'closed';
      await condition(allHandlersFinished);
      await campaigns.closeCampaign({ workflowId, stepKey: 'closed', campaignId, at: state.closesAt as string, missing: true });
      return state;
    }
    if (await condition(() => allIn() || workflowInfo().continueAsNewSuggested, left)) {
      if (!allIn()) await carryOn(issued);
    }
  }
  await condition(allHandlersFinished);
  await campaigns.closeCampaign({ workflowId, stepKey: 'completed', campaignId, at: nowIso() });
  state.status = 'completed';
  return state;
}
