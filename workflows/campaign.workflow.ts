import { allHandlersFinished, ApplicationFailure, condition, setHandler, startChild, uuid4, workflowInfo, type ChildWorkflowHandle } from '@temporalio/workflow';
import { beijingDateOf, campaignDueRef, campaignRuleStart, campaignWorkflowId, deadlineWorkflowId, noticeKey, scheduledTimeOf } from '../libs/domain/index.js';
import { calendar, directory, notify, nowIso, records, refusal } from './activity-proxies.js';
import {
  campaignStateQuery,
  issueCampaignUpdate,
  submitCampaignReportUpdate,
  type CampaignState,
  type CampaignTargetState,
  type ReportingCampaignInput,
} from './campaign.messages.js';
import { satisfySignal } from './deadline.messages.js';
import { deadline } from './deadline.workflow.js';

/**
 * A reporting task fanned out to many units (e.g. every branch secretary's 述职述责): one `deadline` per target unit,
 * owed by its secretaries, with that unit's reminders and graded escalation; a unit's report satisfies its deadline.
 * Ends when every deadline has closed. Started by the API (with the issueCampaign update) or by a recurring campaign's
 * schedule.
 */
export async function reportingCampaign(input: ReportingCampaignInput): Promise<CampaignState> {
  const { workflowId, startTime } = workflowInfo();
  const state: CampaignState = { campaignId: null, status: 'issuing', dueAt: null, rule: null, targets: [] };
  const dues = new Map<string, ChildWorkflowHandle<typeof deadline>>();
  /** Reports whose handler is still recording: a second copy must be refused, not applied twice. */
  const inFlight = new Set<string>();
  const targetOf = (unitId: string): CampaignTargetState | undefined => state.targets.find((t) => t.unitId === unitId);

  setHandler(campaignStateQuery, () => state);

  setHandler(
    issueCampaignUpdate,
    async () => {
      await condition(() => state.status !== 'issuing');
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
        await records.recordCampaignReport({ workflowId, stepKey: `report:${unitId}`, campaignId: state.campaignId as string, unitId, actorId, text, at });
        target.submittedAt = at;
        target.submittedBy = actorId;
        await dues.get(unitId)?.signal(satisfySignal, { at });
        return target;
      } finally {
        // A report that failed to record may be sent again.
        inFlight.delete(unitId);
      }
    },
    {
      validator: ({ actorId, unitId }) => {
        if (state.status === 'issuing') throw refusal('WRONG_STAGE', 'the campaign is still being issued; try again in a moment');
        const target = targetOf(unitId);
        if (!target) throw refusal('INVALID_INPUT', 'unitId is not a target unit of this campaign');
        if (!target.secretaryIds.includes(actorId)) throw refusal('FORBIDDEN', `only a secretary of ${target.unitName} can submit its report`);
        if (target.submittedAt !== null || inFlight.has(unitId)) throw refusal('WRONG_STAGE', `the report of ${target.unitName} has already been submitted`);
      },
    },
  );

  // A scheduled run counts from its nominal time, so a run caught up late keeps its period's due date.
  const issuedAt = (input.templateId && scheduledTimeOf(workflowId, campaignWorkflowId(input.templateId))) || startTime.toISOString();
  const { dueRule, remindOn } = input;
  const schedule = dueRule ? await calendar.scheduleDue({ periodEnd: beijingDateOf(Date.parse(issuedAt)), rule: dueRule, reminders: remindOn ?? [], start: campaignRuleStart }) : null;
  const dueAt = schedule?.dueAt ?? input.dueAt;
  if (!dueAt) throw ApplicationFailure.nonRetryable('a campaign needs dueRule or dueAt', 'INVALID_INPUT');

  const units = await directory.resolveCampaignTargets({ targets: input.targets });
  const campaignId = await records.openCampaign({
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
  });
  Object.assign(state, {
    campaignId,
    dueAt,
    rule: schedule?.rule ?? null,
    targets: units.map((u) => ({ ...u, deadlineRef: campaignDueRef(campaignId, u.unitId), submittedAt: null, submittedBy: null })),
  });

  await Promise.all(
    state.targets.map(async (t) => {
      const due = await startChild(deadline, {
        workflowId: deadlineWorkflowId(t.deadlineRef),
        args: [
          {
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
            ...(schedule ? { remindAt: schedule.remindAt, rule: schedule.rule } : {}),
          },
        ],
      });
      dues.set(t.unitId, due);
    }),
  );
  const tasks = state.targets.flatMap((t) =>
    t.secretaryIds.map((assigneeId) => ({ id: uuid4(), stepKey: `report:${t.unitId}:${assigneeId}`, kind: 'campaign_report' as const, assigneeId, title: input.title, dueAt, subjectId: t.unitId })),
  );
  if (tasks.length > 0) await records.openTasks({ workflowId, stepKey: 'tasks', projectId: null, campaignId, tasks });
  state.status = 'open';

  await Promise.all(
    state.targets.flatMap((t) =>
      t.secretaryIds.map((recipientId) =>
        notify({
          key: noticeKey(workflowId, `issued:${t.unitId}`, recipientId),
          recipientId,
          kind: 'campaign_issued',
          projectId: null,
          data: { projectTitle: t.unitName, title: input.title, instructions: input.instructions, dueAt, rule: schedule?.rule ?? null },
        }),
      ),
    ),
  );

  await condition(() => state.targets.every((t) => t.submittedAt !== null));
  await Promise.all([...dues.values()].map((due) => due.result()));
  await records.closeCampaign({ workflowId, stepKey: 'completed', campaignId, at: nowIso() });
  state.status = 'completed';
  await condition(allHandlersFinished);
  return state;
}
