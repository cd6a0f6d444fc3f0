import { In, IsNull } from 'typeorm';
import type { ApprovalPurpose, Decision, EvidenceFileRef, FindingSource, LevelMode, MeetingRecord, ProjectGoal, ProjectStatus, ReviewRatings, Severity, TaskKind } from '../libs/domain/index.js';
import { reportRef } from '../libs/domain/index.js';
import { DeadlineEntity, DecisionEntity, EvidenceEntity, EvidenceFileEntity, FindingEntity, ProjectEntity, RectificationItemEntity, ReportEntity, TaskEntity } from '../libs/db/entities/index.js';
import { applyStep } from '../libs/db/repositories/step.repository.js';
import type { ActivityDeps } from './deps.js';

/** A rectification item as a finding records it. */
interface RecordedItem {
  itemId: string;
  measures: string;
  partyOwnerId: string;
  businessOwnerId: string;
}

/** Where in which workflow a write comes from; the pair makes the write happen once. */
export interface Step {
  workflowId: string;
  stepKey: string;
  projectId: string;
}

/** A step whose work may belong to a reporting campaign instead of a project (its tasks and deadlines). */
export type OwnedStep = Omit<Step, 'projectId'> & { projectId: string | null; campaignId?: string | null };

export interface TaskSpec {
  id: string;
  stepKey: string;
  kind: TaskKind;
  assigneeId: string;
  title: string;
  dueAt?: string | null;
  purpose?: ApprovalPurpose | null;
  chainRef?: string | null;
  level?: number | null;
  levelUnitName?: string | null;
  levelMode?: LevelMode | null;
  subjectId?: string | null;
}

export const date = (iso: string | null | undefined): Date | null => (iso ? new Date(iso) : null);

export function createRecordsActivities({ ds }: ActivityDeps) {
  return {
    async recordProjectStage(
      input: Step & { status: ProjectStatus; action: string; actorId: string | null; title?: string; goals?: ProjectGoal[]; policyVersion?: string },
    ): Promise<void> {
      const { workflowId, stepKey, projectId, status, action, actorId, title, goals, policyVersion } = input;
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, actorId, action, entity: 'project', entityId: projectId, detail: { status, title, goals, policyVersion } },
        async (m) => {
          await m.update(ProjectEntity, projectId, {
            status,
            updatedAt: new Date(),
            ...(title !== undefined && { title }),
            ...(goals !== undefined && { goals }),
            ...(policyVersion !== undefined && { policyVersion }),
          });
        },
      );
    },

    /** The project's year stopped on a step that failed for good: the row says which and why until an admin resumes it. */
    async markProjectAttention(input: Step & { failedStep: string; reason: string; at: string }): Promise<void> {
      const { workflowId, stepKey, projectId, failedStep, reason, at } = input;
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, actorId: null, action: 'attention_needed', entity: 'project', entityId: projectId, detail: { step: failedStep, reason } },
        async (m) => {
          await m.update(ProjectEntity, projectId, { attentionStep: failedStep, attentionReason: reason, attentionSince: new Date(at) });
        },
      );
    },

    /** An admin resumes the year: the failed step is tried again, and the mark is cleared (a new one is set if it fails again). */
    async clearProjectAttention(input: Step & { actorId: string }): Promise<void> {
      const { workflowId, stepKey, projectId, actorId } = input;
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, actorId, action: 'attention_resumed', entity: 'project', entityId: projectId, detail: {} },
        async (m) => {
          await m.update(ProjectEntity, projectId, { attentionStep: null, attentionReason: null, attentionSince: null });
        },
      );
    },

    async openTasks(input: OwnedStep & { tasks: TaskSpec[] }): Promise<void> {
      const { workflowId, stepKey, projectId, tasks } = input;
      const campaignId = input.campaignId ?? null;
      const now = new Date();
      await applyStep(
        ds,
        {
          workflowId,
          stepKey,
          projectId,
          campaignId,
          actorId: null,
          action: 'tasks_opened',
          entity: 'task',
          detail: { tasks: tasks.map((t) => ({ id: t.id, kind: t.kind, assigneeId: t.assigneeId, title: t.title, dueAt: t.dueAt ?? null })) },
        },
        async (m) => {
          await m.insert(
            TaskEntity,
            tasks.map((t) => ({
              id: t.id,
              workflowId,
              stepKey: t.stepKey,
              kind: t.kind,
              projectId,
              campaignId,
              assigneeId: t.assigneeId,
              title: t.title,
              status: 'open' as const,
              purpose: t.purpose ?? null,
              chainRef: t.chainRef ?? null,
              level: t.level ?? null,
              levelUnitName: t.levelUnitName ?? null,
              levelMode: t.levelMode ?? null,
              subjectId: t.subjectId ?? null,
              dueAt: date(t.dueAt),
              createdAt: now,
            })),
          );
        },
      );
    },

    async closeTasks(input: Step & { taskIds: string[]; outcome: string }): Promise<void> {
      const { workflowId, stepKey, projectId, taskIds, outcome } = input;
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, actorId: null, action: 'tasks_closed', entity: 'task', detail: { taskIds, outcome } },
        async (m) => {
          await m.update(TaskEntity, { id: In(taskIds), status: 'open' }, {
            status: outcome === 'cancelled' ? 'cancelled' : 'done',
            outcome,
            closedAt: new Date(),
          });
        },
      );
    },

    async recordDecision(
      input: Step & {
        taskId: string;
        actorId: string;
        decision: Decision;
        comment: string | null;
        meeting?: MeetingRecord;
        ratings?: ReviewRatings;
        chainRef: string;
        purpose: ApprovalPurpose;
        level: number;
        at: string;
      },
    ): Promise<void> {
      const { workflowId, stepKey, projectId, taskId, actorId, decision, comment, chainRef, purpose, level, at } = input;
      const meeting = input.meeting ?? null;
      const ratings = input.ratings ?? null;
      await applyStep(
        ds,
        {
          workflowId,
          stepKey,
          projectId,
          actorId,
          action: meeting ? `meeting_${decision}` : `decision_${decision}`,
          entity: 'task',
          entityId: taskId,
          detail: { decision, comment, chainRef, purpose, level, ...(meeting ? { meeting } : {}), ...(ratings ? { ratings } : {}) },
          at: new Date(at),
        },
        async (m) => {
          await m.update(TaskEntity, taskId, { status: 'done', outcome: decision, closedAt: new Date(at) });
          await m.insert(DecisionEntity, { taskId, projectId, chainRef, purpose, level, actorId, decision, comment, meeting, ratings, decidedAt: new Date(at) });
        },
      );
    },

    /** 转交, 加签, 催办: an audit event, and the actor's task closed when the action hands it on. */
    async recordChainAction(
      input: Step & { taskId: string; actorId: string; action: 'delegated' | 'approver_added' | 'nudged'; detail: Record<string, unknown>; closeTaskAs?: string },
    ): Promise<void> {
      const { workflowId, stepKey, projectId, taskId, actorId, action, detail, closeTaskAs } = input;
      await applyStep(ds, { workflowId, stepKey, projectId, actorId, action, entity: 'task', entityId: taskId, detail }, async (m) => {
        if (closeTaskAs) await m.update(TaskEntity, { id: taskId, status: 'open' }, { status: 'done', outcome: closeTaskAs, closedAt: new Date() });
      });
    },

    async recordReport(
      input: Step & { reportId: string; quarter: number; round: number; content: string; actorId: string; at: string; dueAt: string },
    ): Promise<void> {
      const { workflowId, stepKey, projectId, reportId, quarter, round, content, actorId, at } = input;
      // The quarter's deadline holds the due date as extensions (延期) left it; the workflow knows only the first one.
      const deadline = await ds.getRepository(DeadlineEntity).findOneBy({ ref: reportRef(projectId, quarter) });
      const dueAt = deadline?.dueAt.toISOString() ?? input.dueAt;
      const late = Date.parse(at) > Date.parse(dueAt);
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, actorId, action: 'report_submitted', entity: 'report', entityId: reportId, detail: { quarter, round, late }, at: new Date(at) },
        async (m) => {
          await m.insert(ReportEntity, {
            id: reportId,
            projectId,
            quarter,
            round,
            content,
            submittedBy: actorId,
            submittedAt: new Date(at),
            dueAt: new Date(dueAt),
            late,
            status: 'submitted',
          });
          await m.update(TaskEntity, { projectId, kind: 'report', subjectId: String(quarter), status: 'open' }, {
            status: 'done',
            outcome: 'submitted',
            closedAt: new Date(at),
          });
        },
      );
    },

    async recordReportOutcome(input: Step & { quarter: number; round: number; status: 'accepted' | 'sent_back'; ratings?: ReviewRatings | null }): Promise<void> {
      const { workflowId, stepKey, projectId, quarter, round, status } = input;
      const ratings = input.ratings ?? null;
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, actorId: null, action: `report_${status}`, entity: 'report', detail: { quarter, round, ...(ratings ? { ratings } : {}) } },
        async (m) => {
          await m.update(ReportEntity, { projectId, quarter, round }, { status, ratings });
        },
      );
    },

    async recordFinding(
      input: Step & {
        findingId: string;
        raisedBy: string;
        description: string;
        severity: Severity;
        dueAt: string;
        at: string;
        /** Absent: a quarterly review's. */
        source?: FindingSource;
      } & ({ items: RecordedItem[] } | RecordedItem),
    ): Promise<void> {
      const { workflowId, stepKey, projectId, findingId, raisedBy, description, severity, dueAt, at } = input;
      const source = input.source ?? 'review';
      // A task scheduled before findings had several items, retried now, carries its one item at the top level.
      const items = 'items' in input ? input.items : [{ itemId: input.itemId, measures: input.measures, partyOwnerId: input.partyOwnerId, businessOwnerId: input.businessOwnerId }];
      await applyStep(
        ds,
        {
          workflowId,
          stepKey,
          projectId,
          actorId: raisedBy,
          action: 'finding_raised',
          entity: 'finding',
          entityId: findingId,
          detail: { severity, description, dueAt, items, source },
          at: new Date(at),
        },
        async (m) => {
          await m.insert(FindingEntity, { id: findingId, projectId, raisedBy, description, severity, source, raisedAt: new Date(at) });
          await m.insert(
            RectificationItemEntity,
            items.map((item) => ({
              id: item.itemId,
              findingId,
              projectId,
              measures: item.measures,
              partyOwnerId: item.partyOwnerId,
              businessOwnerId: item.businessOwnerId,
              status: 'open' as const,
              round: 1,
              dueAt: new Date(dueAt),
              firstDueAt: new Date(dueAt),
              updatedAt: new Date(at),
            })),
          );
        },
      );
    },

    async recordEvidence(
      input: Step & { itemId: string; evidenceId: string; round: number; text: string; actorId: string; at: string; files?: EvidenceFileRef[] },
    ): Promise<void> {
      const { workflowId, stepKey, projectId, itemId, evidenceId, round, text, actorId, at } = input;
      const files = input.files ?? [];
      // The files' hashes go into the audit chain, so a file swapped in the table later no longer matches its record.
      const detail = { evidenceId, round, ...(files.length ? { files: files.map(({ id, name, size, sha256 }) => ({ id, name, size, sha256 })) } : {}) };
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, actorId, action: 'evidence_submitted', entity: 'rectification_item', entityId: itemId, detail, at: new Date(at) },
        async (m) => {
          await m.insert(EvidenceEntity, { id: evidenceId, itemId, round, text, submittedBy: actorId, submittedAt: new Date(at) });
          if (files.length) await m.update(EvidenceFileEntity, { id: In(files.map((f) => f.id)), itemId, evidenceId: IsNull() }, { evidenceId });
          await m.update(RectificationItemEntity, itemId, { status: 'verifying', updatedAt: new Date(at) });
          await m.update(TaskEntity, { projectId, kind: 'evidence', subjectId: itemId, status: 'open' }, {
            status: 'done',
            outcome: 'submitted',
            closedAt: new Date(at),
          });
        },
      );
    },

    async recordItemOutcome(
      input: Step & { itemId: string; outcome: 'closed' | 'reopened'; round: number; dueAt: string; closedOnTime: boolean | null; at: string },
    ): Promise<void> {
      const { workflowId, stepKey, projectId, itemId, outcome, round, dueAt, closedOnTime, at } = input;
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, actorId: null, action: `item_${outcome}`, entity: 'rectification_item', entityId: itemId, detail: { round, dueAt, closedOnTime } },
        async (m) => {
          await m.update(RectificationItemEntity, itemId, {
            status: outcome === 'closed' ? 'closed' : 'open',
            round,
            dueAt: new Date(dueAt),
            closedAt: outcome === 'closed' ? new Date(at) : null,
            closedOnTime,
            updatedAt: new Date(at),
          });
        },
      );
    },
  };
}
