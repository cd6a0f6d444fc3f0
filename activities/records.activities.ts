import { In, IsNull } from 'typeorm';
import type {
  ApprovalPurpose,
  DeadlineEvent,
  Decision,
  DimensionScores,
  EvidenceFileRef,
  FindingSource,
  GuessedSchedule,
  EvaluationInputs,
  EvaluationResult,
  LevelMode,
  MeetingRecord,
  ProjectGoal,
  ProjectStatus,
  ReviewRating,
  ReviewRatings,
  Severity,
  TaskKind,
} from '../libs/domain/index.js';
import { reportRef, severities } from '../libs/domain/index.js';
import {
  DeadlineEntity,
  DecisionEntity,
  EvaluationEntity,
  EvidenceEntity,
  EvidenceFileEntity,
  FindingEntity,
  ProjectEntity,
  RectificationItemEntity,
  ReportEntity,
  ScoreEntity,
  TaskEntity,
} from '../libs/db/entities/index.js';
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

const date = (iso: string | null | undefined): Date | null => (iso ? new Date(iso) : null);

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

    async recordDeadline(
      input: OwnedStep & {
        ref: string;
        kind: TaskKind;
        title: string;
        dueAt: string;
        status: DeadlineEntity['status'];
        submittedAt: string | null;
        rule?: string | null;
        /** A pause, resumption or extension, appended to the deadline's events. */
        event?: DeadlineEvent;
        /** The subject of the work (a quarter, a rectification item, a unit): its tasks move with an extension. */
        subjectId?: string;
        /** How a date guessed on a weekends-only year was computed; null once settled; absent: left as it is. */
        guessed?: GuessedSchedule | null;
      },
    ): Promise<void> {
      const { workflowId, stepKey, projectId, ref, kind, title, dueAt, status, submittedAt, event } = input;
      const rule = input.rule ?? null;
      const campaignId = input.campaignId ?? null;
      const action = event ? `deadline_${event.kind}` : `deadline_${status}`;
      await applyStep(
        ds,
        {
          workflowId,
          stepKey,
          projectId,
          campaignId,
          actorId: event?.actorId ?? null,
          action,
          entity: 'deadline',
          entityId: ref,
          detail: { dueAt, submittedAt, title, ...(rule ? { rule } : {}), ...(event?.reason ? { reason: event.reason } : {}) },
        },
        async (m) => {
          const before = event ? await m.findOneBy(DeadlineEntity, { ref }) : null;
          await m.upsert(
            DeadlineEntity,
            {
              ref,
              projectId,
              campaignId,
              kind,
              title,
              dueAt: new Date(dueAt),
              rule,
              status,
              submittedAt: date(submittedAt),
              updatedAt: new Date(),
              ...(input.guessed !== undefined ? { guessed: input.guessed } : {}),
            },
            ['ref'],
          );
          // 双问责: an item overdue makes both its owners accountable, for good, whatever happens to it afterwards.
          if (status === 'overdue' && kind === 'evidence' && input.subjectId) {
            await m.query(`UPDATE rectification_item SET accountable_at = COALESCE(accountable_at, now()) WHERE id = $1`, [input.subjectId]);
          }
          if (!event) return;
          await m.query(`UPDATE deadline SET events = events || $1::jsonb WHERE ref = $2`, [JSON.stringify([event]), ref]);
          // An extension moves the open tasks owing the same work: same project, kind and subject, due at the old time.
          if (before && before.dueAt.getTime() !== Date.parse(dueAt)) {
            await m.query(
              `UPDATE task SET due_at = $1
                WHERE status = 'open' AND kind = $2 AND due_at = $3 AND (project_id = $4 OR campaign_id = $5) AND ($6::text IS NULL OR subject_id = $6)`,
              [new Date(dueAt), kind, before.dueAt, projectId, campaignId, input.subjectId ?? null],
            );
          }
        },
      );
    },

    async openEvaluation(input: Step & { evaluationId: string; year: number; at: string }): Promise<void> {
      const { workflowId, stepKey, projectId, evaluationId, year, at } = input;
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, actorId: null, action: 'evaluation_opened', entity: 'evaluation', entityId: evaluationId, detail: { year } },
        async (m) => {
          await m.insert(EvaluationEntity, { id: evaluationId, projectId, year, status: 'self_assessment', createdAt: new Date(at) });
        },
      );
    },

    async recordSelfAssessment(input: Step & { evaluationId: string; summary: string; actorId: string; at: string }): Promise<void> {
      const { workflowId, stepKey, projectId, evaluationId, summary, actorId, at } = input;
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, actorId, action: 'self_assessment_submitted', entity: 'evaluation', entityId: evaluationId, detail: {}, at: new Date(at) },
        async (m) => {
          await m.update(EvaluationEntity, evaluationId, { status: 'scoring', selfAssessment: summary, selfAssessedAt: new Date(at) });
          await m.update(TaskEntity, { projectId, kind: 'self_assessment', status: 'open' }, { status: 'done', outcome: 'submitted', closedAt: new Date(at) });
        },
      );
    },

    async recordScore(
      input: Step & {
        evaluationId: string;
        evaluatorId: string;
        scores: DimensionScores;
        total: number;
        comment: string;
        at: string;
        bonus?: number;
        bonusJustification?: string | null;
      },
    ): Promise<void> {
      const { workflowId, stepKey, projectId, evaluationId, evaluatorId, scores, total, comment, at } = input;
      const bonus = input.bonus ?? null;
      const bonusJustification = input.bonusJustification ?? null;
      const detail = { scores, total, ...(bonus !== null ? { bonus, bonusJustification } : {}) };
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, actorId: evaluatorId, action: 'score_submitted', entity: 'evaluation', entityId: evaluationId, detail, at: new Date(at) },
        async (m) => {
          await m.insert(ScoreEntity, { evaluationId, evaluatorId, scores, total: total.toFixed(2), comment, bonus: bonus?.toFixed(2) ?? null, bonusJustification, scoredAt: new Date(at) });
          await m.update(TaskEntity, { projectId, kind: 'score', assigneeId: evaluatorId, status: 'open' }, {
            status: 'done',
            outcome: 'scored',
            closedAt: new Date(at),
          });
        },
      );
    },

    async recordEvaluationResult(input: Step & { evaluationId: string; inputs: EvaluationInputs; result: EvaluationResult; at: string }): Promise<void> {
      const { workflowId, stepKey, projectId, evaluationId, inputs, result, at } = input;
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, actorId: null, action: 'evaluation_scored', entity: 'evaluation', entityId: evaluationId, detail: { inputs, result } },
        async (m) => {
          await m.update(EvaluationEntity, evaluationId, {
            status: 'done',
            ruleVersion: result.ruleVersion,
            inputs,
            total: result.total.toFixed(2),
            grade: result.grade,
            result,
            completedAt: new Date(at),
          });
        },
      );
    },

    async recordEvaluationPublished(input: Step & { evaluationId: string; publishedBy: string; at: string }): Promise<void> {
      const { workflowId, stepKey, projectId, evaluationId, publishedBy, at } = input;
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, actorId: publishedBy, action: 'evaluation_published', entity: 'evaluation', entityId: evaluationId, detail: {}, at: new Date(at) },
        async (m) => {
          await m.update(EvaluationEntity, evaluationId, { publishedAt: new Date(at), publishedBy });
        },
      );
    },

    /**
     * 任务分解完成率 inputs from the ledger: quarterly reports first submitted on time, and rectification
     * items closed on time, out of all report deadlines and all items.
     */
    async loadCompletion(input: { projectId: string }): Promise<EvaluationInputs['completion']> {
      const [reports] = await ds.query<{ on_time: string; total: string }[]>(
        `SELECT count(*) FILTER (WHERE r.late = false) AS on_time, count(d.ref) AS total
           FROM deadline d LEFT JOIN report r ON r.project_id = d.project_id AND r.round = 1
            AND d.ref = 'report-' || d.project_id || '-q' || r.quarter
          WHERE d.project_id = $1 AND d.kind = 'report'`,
        [input.projectId],
      );
      const [items] = await ds.query<{ on_time: string; total: string }[]>(
        `SELECT count(*) FILTER (WHERE closed_on_time) AS on_time, count(*) AS total FROM rectification_item WHERE project_id = $1`,
        [input.projectId],
      );
      return { onTime: Number(reports.on_time) + Number(items.on_time), total: Number(reports.total) + Number(items.total) };
    },

    /** 双评双优: the committee's latest rating of the unit's duty report (述职述责) for the year, if any. */
    async loadDutyReportRating(input: { unitId: string; year: number }): Promise<ReviewRating | null> {
      const [row] = await ds.query<{ rating: ReviewRating }[]>(
        `SELECT t.rating FROM campaign_target t JOIN campaign c ON c.id = t.campaign_id
          WHERE c.duty_report_year = $1 AND t.unit_id = $2 AND t.rating IS NOT NULL ORDER BY t.rated_at DESC LIMIT 1`,
        [input.year, input.unitId],
      );
      return row?.rating ?? null;
    },

    /** Rectification items of the project that went overdue (双问责), by severity, for the deduction. */
    async loadOverdueItems(input: { projectId: string }): Promise<Record<Severity, number>> {
      const rows = await ds.query<{ severity: Severity; n: number }[]>(
        `SELECT f.severity, count(*)::int AS n FROM rectification_item i JOIN finding f ON f.id = i.finding_id
          WHERE i.project_id = $1 AND i.accountable_at IS NOT NULL GROUP BY f.severity`,
        [input.projectId],
      );
      return Object.fromEntries(severities.map((s) => [s, rows.find((r) => r.severity === s)?.n ?? 0])) as Record<Severity, number>;
    },
  };
}
