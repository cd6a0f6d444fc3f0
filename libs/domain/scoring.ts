/** 四维评价: each dimension is scored 0–25 by every evaluator. */
export interface DimensionScores {
  politicalExecution: number;
  organisationalDelivery: number;
  fortressRole: number;
  responsibility: number;
}
export const dimensions: readonly (keyof DimensionScores)[] = [
  'politicalExecution',
  'organisationalDelivery',
  'fortressRole',
  'responsibility',
];
export const maxDimensionScore = 25;

export type Grade = 'excellent' | 'good' | 'pass' | 'fail';
export const gradeLabels: Record<Grade, string> = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' };

/** Versioned, so a stored result always says which rules produced it. */
export interface ScoringRules {
  version: string;
  evaluatorWeight: number;
  completionWeight: number;
  thresholds: { excellent: number; good: number; pass: number };
}

export const defaultScoringRules: ScoringRules = {
  version: 'score-v1',
  evaluatorWeight: 0.8,
  completionWeight: 0.2,
  thresholds: { excellent: 90, good: 80, pass: 60 },
};

export interface EvaluationInputs {
  scores: DimensionScores[];
  /** 任务分解完成率: pieces of work done on time (quarterly reports, rectification items) out of all. */
  completion: { onTime: number; total: number };
}

export interface EvaluationResult {
  ruleVersion: string;
  evaluatorAverage: number;
  completionRate: number;
  total: number;
  grade: Grade;
}

/**
 * Hundredths, halves up, of the decimal value people see. Binary floating point holds 0.575 as 0.57499999…, and a sum
 * comes out a hair apart depending on the order it was added in; cutting to 12 significant digits first drops that
 * noise, so 23 of 40 on time is 0.58 and the evaluator order never changes a score.
 */
const round2 = (n: number): number => Math.round(Number((n * 100).toPrecision(12))) / 100;
const sum = (s: DimensionScores): number => dimensions.reduce((acc, d) => acc + s[d], 0);

export function dimensionScoreErrors(scores: Partial<DimensionScores>): string[] {
  return dimensions.flatMap((d) => {
    const v = scores[d];
    return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= maxDimensionScore
      ? []
      : [`${d} must be a number from 0 to ${maxDimensionScore}`];
  });
}

export function scoringRulesErrors(rules: ScoringRules | undefined, field: string): string[] {
  if (typeof rules !== 'object' || rules === null) return [`${field} must be an object`];
  const errors: string[] = [];
  if (typeof rules.version !== 'string' || rules.version === '') errors.push(`${field}.version must be a non-empty string`);
  const { evaluatorWeight: ew, completionWeight: cw, thresholds: t } = rules;
  if (typeof ew !== 'number' || typeof cw !== 'number' || ew < 0 || cw < 0 || Math.abs(ew + cw - 1) > 1e-9) {
    errors.push(`${field}: evaluatorWeight and completionWeight must be non-negative and add up to 1`);
  }
  if (!t || !(t.excellent >= t.good && t.good >= t.pass && t.pass >= 0 && t.excellent <= 100)) {
    errors.push(`${field}.thresholds must satisfy 100 ≥ excellent ≥ good ≥ pass ≥ 0`);
  }
  return errors;
}

export function gradeFor(total: number, rules: ScoringRules): Grade {
  if (total >= rules.thresholds.excellent) return 'excellent';
  if (total >= rules.thresholds.good) return 'good';
  if (total >= rules.thresholds.pass) return 'pass';
  return 'fail';
}

/** The year-end score: evaluator average (0–100) and completion rate, weighted by the year's rules. */
export function scoreEvaluation(inputs: EvaluationInputs, rules: ScoringRules): EvaluationResult {
  if (inputs.scores.length === 0) throw new Error('an evaluation needs at least one evaluator score');
  const evaluatorAverage = round2(inputs.scores.reduce((acc, s) => acc + sum(s), 0) / inputs.scores.length);
  const { onTime, total: work } = inputs.completion;
  const completionRate = work === 0 ? 1 : round2(Math.min(onTime, work) / work);
  const total = round2(evaluatorAverage * rules.evaluatorWeight + completionRate * 100 * rules.completionWeight);
  return { ruleVersion: rules.version, evaluatorAverage, completionRate, total, grade: gradeFor(total, rules) };
}
