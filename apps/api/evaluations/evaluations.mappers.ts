import type { EvaluationEntity, ScoreEntity } from '../../../libs/db/entities/index.js';
import { gradeLabels, type DimensionScores, type EvaluationInputs, type EvaluationResult, type Grade, type UnitGrades } from '../../../libs/domain/index.js';

export interface EvaluationResponse {
  id: string;
  projectId: string;
  projectTitle: string | null;
  year: number;
  status: EvaluationEntity['status'];
  selfAssessment: string | null;
  selfAssessedAt: Date | null;
  total: number | null;
  grade: Grade | null;
  gradeLabel: string | null;
  /** The rule version that produced the result, so an old score can be recomputed with the rules it was given. */
  ruleVersion: string | null;
  createdAt: Date;
  completedAt: Date | null;
  publishedAt: Date | null;
}

export interface ScoreResponse {
  evaluatorId: string;
  evaluatorName: string | null;
  scores: DimensionScores;
  total: number;
  comment: string;
  /** 创新加分 proposed, and why (score-v2 rules). */
  bonus: number | null;
  bonusJustification: string | null;
  scoredAt: Date;
}

export interface EvaluationListResponse {
  results: EvaluationResponse[];
  /** Per owning unit: how many results fell in each grade, and how many are still being scored. */
  distribution: (UnitGrades & { unitName: string | null })[];
}

export type EvaluationDetailResponse = EvaluationResponse & {
  scores: ScoreResponse[];
  /** The working: every input of the score and the result computed from them. */
  inputs: EvaluationInputs | null;
  result: EvaluationResult | null;
};

export const toEvaluationResponse = (e: EvaluationEntity, projectTitle: string | null): EvaluationResponse => ({
  id: e.id,
  projectId: e.projectId,
  projectTitle,
  year: e.year,
  status: e.status,
  selfAssessment: e.selfAssessment,
  selfAssessedAt: e.selfAssessedAt,
  total: e.total === null ? null : Number(e.total),
  grade: e.grade,
  gradeLabel: e.grade ? gradeLabels[e.grade] : null,
  ruleVersion: e.ruleVersion,
  createdAt: e.createdAt,
  completedAt: e.completedAt,
  /** 审定发布: signed off by the committee's secretary; results scored before sign-off existed show null. */
  publishedAt: e.publishedAt,
});

export const toScoreResponse = (s: ScoreEntity, names: ReadonlyMap<string, string>): ScoreResponse => ({
  evaluatorId: s.evaluatorId,
  evaluatorName: names.get(s.evaluatorId) ?? null,
  scores: s.scores,
  total: Number(s.total),
  comment: s.comment,
  bonus: s.bonus === null ? null : Number(s.bonus),
  bonusJustification: s.bonusJustification,
  scoredAt: s.scoredAt,
});

export const toEvaluationDetailResponse = (
  e: EvaluationEntity,
  projectTitle: string | null,
  scores: ScoreEntity[],
  names: ReadonlyMap<string, string>,
): EvaluationDetailResponse => ({
  ...toEvaluationResponse(e, projectTitle),
  scores: scores.map((s) => toScoreResponse(s, names)),
  inputs: e.inputs,
  result: e.result,
});

/** The evaluation as a project's page shows it: where it stands and, once scored, the total and grade. */
export const toEvaluationSummary = (e: EvaluationEntity) => ({
  id: e.id,
  status: e.status,
  total: e.total === null ? null : Number(e.total),
  grade: e.grade as Grade | null,
  gradeLabel: e.grade ? gradeLabels[e.grade] : null,
});
