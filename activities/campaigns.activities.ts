import { CampaignEntity, CampaignTargetEntity, TaskEntity } from '../libs/db/entities/index.js';
import { appendAudit } from '../libs/db/repositories/audit.repository.js';
import { namedUuid } from '../libs/db/repositories/named-uuid.js';
import { holdersByUnit, loadUnits } from '../libs/db/repositories/org.repository.js';
import { applyStep } from '../libs/db/repositories/step.repository.js';
import { ancestry, campaignDueRef, selectTargets, type CampaignTargets, type DeadlineLadder, type DueRule, type ReminderRule } from '../libs/domain/index.js';
import type { ActivityDeps } from './deps.js';

/** A unit a campaign asks, with the secretaries who owe its report. */
export interface CampaignTargetUnit {
  unitId: string;
  unitName: string;
  secretaryIds: string[];
}

interface CampaignStep {
  workflowId: string;
  stepKey: string;
  campaignId: string;
}

/**
 * Reporting campaigns: who is asked, and the records of issue, submission and completion, each once per step and
 * audited in the campaign's own chain.
 */
export function createCampaignsActivities({ ds }: ActivityDeps) {
  return {
    /**
     * The target units as the org tree stands when the campaign is issued, recorded in history with who owes each
     * report: its secretaries, or for a unit without one the nearest secretaries above it (whom escalation would reach
     * anyway), so no unit's report waits on nobody.
     */
    async resolveCampaignTargets(input: { targets: CampaignTargets }): Promise<CampaignTargetUnit[]> {
      const [units, secretaries] = await Promise.all([loadUnits(ds.manager), holdersByUnit(ds.manager, 'secretary')]);
      const owersOf = (unitId: string) => ancestry(units, unitId).map((u) => secretaries.get(u.id) ?? []).find((ids) => ids.length > 0) ?? [];
      return selectTargets(units, input.targets)
        .map((u) => ({ unitId: u.id, unitName: u.name, secretaryIds: owersOf(u.id) }))
        .sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh') || a.unitId.localeCompare(b.unitId));
    },

    /**
     * Writes the campaign and its targets. Its id is the one the API chose, or, for a scheduled run, one named by the
     * run's workflow id; either way a retry writes nothing twice and answers the same id.
     */
    async openCampaign(input: {
      workflowId: string;
      stepKey: string;
      campaignId: string | null;
      templateId: string | null;
      title: string;
      instructions: string;
      targets: CampaignTargets;
      dueRule: DueRule | null;
      remindOn: ReminderRule[] | null;
      ladder: DeadlineLadder;
      dueAt: string;
      rule: string | null;
      createdBy: string;
      dutyReportYear: number | null;
      units: CampaignTargetUnit[];
      /** When the campaign closes with the units still missing marked missing. */
      closesAt: string;
    }): Promise<string> {
      const { workflowId, stepKey, templateId, title, instructions, targets, dueRule, remindOn, ladder, dueAt, rule, createdBy, units, dutyReportYear } = input;
      const campaignId = input.campaignId ?? namedUuid(workflowId);
      await applyStep(
        ds,
        {
          workflowId,
          stepKey,
          projectId: null,
          campaignId,
          actorId: createdBy,
          action: 'campaign_issued',
          entity: 'campaign',
          entityId: campaignId,
          detail: { title, targets, dueAt, rule, templateId, dutyReportYear, units: units.map((u) => ({ unitId: u.unitId, secretaryIds: u.secretaryIds })) },
        },
        async (m) => {
          await m.insert(CampaignEntity, {
            id: campaignId,
            workflowId,
            templateId,
            title,
            instructions,
            targets,
            dueRule,
            remindOn,
            ladder,
            dueAt: new Date(dueAt),
            rule,
            recurrence: null,
            scheduleId: null,
            dutyReportYear,
            status: 'open',
            createdBy,
            closesAt: new Date(input.closesAt),
            closedAt: null,
          });
          if (units.length === 0) return;
          await m.insert(
            CampaignTargetEntity,
            units.map((u) => ({
              campaignId,
              unitId: u.unitId,
              unitName: u.unitName,
              secretaryIds: u.secretaryIds,
              deadlineRef: campaignDueRef(campaignId, u.unitId),
              status: 'open' as const,
            })),
          );
          // Every secretary's report task is written with the campaign, each named by its step.
          const tasks = units.flatMap((u) =>
            u.secretaryIds.map((assigneeId) => {
              const taskStep = `report:${u.unitId}:${assigneeId}`;
              return {
                id: namedUuid(`${workflowId}/${taskStep}`),
                workflowId,
                stepKey: taskStep,
                kind: 'campaign_report' as const,
                projectId: null,
                campaignId,
                assigneeId,
                title,
                status: 'open' as const,
                subjectId: u.unitId,
                dueAt: new Date(dueAt),
                createdAt: new Date(),
              };
            }),
          );
          // In chunks: Postgres takes at most 65,535 parameters in one statement, and a campaign may ask thousands of units.
          for (let i = 0; i < tasks.length; i += 1_000) await m.insert(TaskEntity, tasks.slice(i, i + 1_000));
          await appendAudit(m, {
            workflowId,
            stepKey: 'tasks',
            projectId: null,
            campaignId,
            actorId: null,
            action: 'tasks_opened',
            entity: 'task',
            detail: { tasks: tasks.map((t) => ({ id: t.id, kind: t.kind, assigneeId: t.assigneeId, title, dueAt })) },
          });
        },
      );
      return campaignId;
    },

    /** One unit's report: the target's record, and the unit's open report tasks closed (one report answers for all its secretaries). */
    async recordCampaignReport(input: CampaignStep & { unitId: string; actorId: string; text: string; at: string }): Promise<void> {
      const { workflowId, stepKey, campaignId, unitId, actorId, text, at } = input;
      await applyStep(
        ds,
        { workflowId, stepKey, projectId: null, campaignId, actorId, action: 'campaign_report_submitted', entity: 'campaign_target', entityId: unitId, detail: { unitId }, at: new Date(at) },
        async (m) => {
          await m.update(CampaignTargetEntity, { campaignId, unitId }, { status: 'submitted', submission: text, submittedBy: actorId, submittedAt: new Date(at) });
          await m.update(TaskEntity, { campaignId, kind: 'campaign_report', subjectId: unitId, status: 'open' }, { status: 'done', outcome: 'submitted', closedAt: new Date(at) });
        },
      );
    },

    /**
     * Every unit reported: the campaign is completed. Or (`missing`) its end date came first: it is closed, each unit
     * still open is marked missing and its secretaries' report tasks are cancelled, all in one audited step that names
     * the missing units.
     */
    async closeCampaign(input: CampaignStep & { at: string; missing?: boolean }): Promise<void> {
      const { workflowId, stepKey, campaignId, at, missing } = input;
      const closedAt = new Date(at);
      if (!missing) {
        await applyStep(
          ds,
          { workflowId, stepKey, projectId: null, campaignId, actorId: null, action: 'campaign_completed', entity: 'campaign', entityId: campaignId, detail: {}, at: closedAt },
          async (m) => {
            await m.update(CampaignEntity, campaignId, { status: 'completed', closedAt });
          },
        );
        return;
      }
      const stillOpen = await ds.getRepository(CampaignTargetEntity).find({ select: { unitId: true }, where: { campaignId, status: 'open' }, order: { unitName: 'ASC', unitId: 'ASC' } });
      const missingUnitIds = stillOpen.map((t) => t.unitId);
      await applyStep(
        ds,
        { workflowId, stepKey, projectId: null, campaignId, actorId: null, action: 'campaign_closed', entity: 'campaign', entityId: campaignId, detail: { missingUnitIds }, at: closedAt },
        async (m) => {
          await m.update(CampaignEntity, campaignId, { status: 'closed', closedAt });
          await m.update(CampaignTargetEntity, { campaignId, status: 'open' }, { status: 'missing' });
          await m.update(TaskEntity, { campaignId, kind: 'campaign_report', status: 'open' }, { status: 'cancelled', outcome: 'missing', closedAt });
        },
      );
    },
  };
}
