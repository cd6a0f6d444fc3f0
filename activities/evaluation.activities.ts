import type { DimensionScores, EvaluationInputs, EvaluationResult, ReviewRating, Severity } from '../libs/domain/index.js';
import { severities } from '../libs/domain/index.js';
import { EvaluationEntity, ScoreEntity, TaskEntity } from '../libs/db/entities/index.js';
import { applyStep } from '../libs/db/repositories/step.repository.js';
import type { ActivityDeps } from './deps.js';
import type { Step } from './steps.js';

/** 年终考评: the evaluation, its self-assessment, scores and result, and the ledger figures scoring reads. */
export function createEvaluationActivities({ ds }: ActivityDeps) {
  return {
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
