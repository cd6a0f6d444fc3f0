import type { LevelTemplate } from './chain-routing.js';
import { severities, type Severity } from './project.js';
import { reviewRatingLabels, type ReviewRating } from './review.js';

/** 四维评价: each dimension is scored 0–25 by every evaluator. */
export const dimensions = ['politicalExecution', 'organisationalDelivery', 'fortressRole', 'responsibility'] as const;
export type Dimension = (typeof dimensions)[number];
export type DimensionScores = Record<Dimension, number>;
export const maxDimensionScore = 25;

export const grades = ['excellent', 'good', 'pass', 'fail'] as const;
export type Grade = (typeof grades)[number];
export const gradeLabels: Record<Grade, string> = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' };

/**
 * Versioned, so a stored result always says which rules produced it. The optional parts came with score-v2; rules
 * without them score exactly as score-v1 did, so a past result recomputed under its own rules never changes.
 */
export interface ScoringRules {
  version: string;
  evaluatorWeight: number;
  completionWeight: number;
  thresholds: { excellent: number; good: number; pass: number };
  /** From this many evaluators on, the highest and the lowest total are dropped before averaging. */
  trimFrom?: number;
  /** 创新加分: at most this many points, the evaluators' proposals averaged (an evaluator proposing none counts 0). */
  bonusCap?: number;
  /** Points off for each rectification item that went overdue, by severity, and at most `cap` in all. */
  overdueDeduction?: { perItem: Record<Severity, number>; cap: number };
  /** 双评双优: 优秀 only when the owning unit's secretary's duty report (述职述责) was rated 好; otherwise at most 良好. */
  dutyReportForExcellent?: boolean;
}

export const scoringRulesV1: ScoringRules = {
  version: 'score-v1',
  evaluatorWeight: 0.8,
  completionWeight: 0.2,
  thresholds: { excellent: 90, good: 80, pass: 60 },
};

/** score-v2: a trimmed mean from five evaluators, the innovation bonus, and deductions for overdue items. */
export const defaultScoringRules: ScoringRules = {
  ...scoringRulesV1,
  version: 'score-v2',
  trimFrom: 5,
  bonusCap: 5,
  overdueDeduction: { perItem: { general: 1, serious: 2, major: 3 }, cap: 10 },
  dutyReportForExcellent: true,
};

export interface EvaluationInputs {
  scores: DimensionScores[];
  /** 任务分解完成率: pieces of work done on time (quarterly reports, rectification items) out of all. */
  completion: { onTime: number; total: number };
  /** Each evaluator's proposed innovation bonus, in the order of `scores`. */
  bonuses?: number[];
  /** Rectification items that went overdue (双问责), by severity. */
  overdueItems?: Record<Severity, number>;
  /** The committee's rating of the owning unit's secretary's duty report for the year; null when there is none. */
  dutyReport?: ReviewRating | null;
}

export interface EvaluationResult {
  ruleVersion: string;
  evaluatorAverage: number;
  completionRate: number;
  total: number;
  grade: Grade;
  /** The working under score-v2 rules: every evaluator's total (ascending), whether the extremes were dropped, the bonus and the deduction. */
  evaluatorTotals?: number[];
  trimmed?: boolean;
  bonus?: number;
  deduction?: number;
  /** Why the grade is lower than the total alone would give (双评双优). */
  cappedBecause?: string;
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
  if (typeof rules !== 'object' || rules === null) return [`${field} 应为评分规则的设置`];
  const errors: string[] = [];
  if (typeof rules.version !== 'string' || rules.version === '') errors.push(`${field}.version 请填写评分规则版本`);
  const { evaluatorWeight: ew, completionWeight: cw, thresholds: t } = rules;
  if (typeof ew !== 'number' || typeof cw !== 'number' || ew < 0 || cw < 0 || Math.abs(ew + cw - 1) > 1e-9) {
    errors.push(`${field}.evaluatorWeight 评委评分权重（evaluatorWeight）和完成情况权重（completionWeight）不能为负数，两者之和应为 1`);
  }
  if (!t || !(t.excellent >= t.good && t.good >= t.pass && t.pass >= 0 && t.excellent <= 100)) {
    errors.push(`${field}.thresholds 等次分数线应满足 100 ≥ 优秀（excellent）≥ 良好（good）≥ 合格（pass）≥ 0`);
  }
  const points = (v: unknown, max: number) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max;
  if (rules.trimFrom !== undefined && !(Number.isInteger(rules.trimFrom) && rules.trimFrom >= 3)) errors.push(`${field}.trimFrom 应为不小于 3 的整数`);
  if (rules.bonusCap !== undefined && !points(rules.bonusCap, 10)) errors.push(`${field}.bonusCap 应为 0 到 10 之间的数`);
  const d = rules.overdueDeduction;
  if (d !== undefined && !(points(d?.cap, 100) && severities.every((s) => points(d?.perItem?.[s], 100)))) {
    errors.push(`${field}.overdueDeduction 应给出一般、较重、重大问题每项逾期整改的扣分（perItem）和扣分上限（cap），均为 0 到 100 分`);
  }
  return errors;
}

export function gradeFor(total: number, rules: ScoringRules): Grade {
  if (total >= rules.thresholds.excellent) return 'excellent';
  if (total >= rules.thresholds.good) return 'good';
  if (total >= rules.thresholds.pass) return 'pass';
  return 'fail';
}

const hasV2Parts = (rules: ScoringRules): boolean =>
  rules.trimFrom !== undefined || rules.bonusCap !== undefined || rules.overdueDeduction !== undefined || rules.dutyReportForExcellent !== undefined;

/** 双评双优: an 优秀 total without a duty report rated 好 is graded 良好, and the result says why. */
function dutyReportCap(grade: Grade, inputs: EvaluationInputs, rules: ScoringRules): { grade: Grade; cappedBecause?: string } {
  if (!rules.dutyReportForExcellent || grade !== 'excellent' || inputs.dutyReport === 'good') return { grade };
  const rated = inputs.dutyReport ? `书记述职述责评价为“${reviewRatingLabels[inputs.dutyReport]}”` : '书记述职述责尚无评价';
  return { grade: 'good', cappedBecause: `双评双优：${rated}，须为“好”方可评为优秀，等次定为良好` };
}

/**
 * The year-end score: the evaluators' average (0–100, trimmed from `trimFrom` evaluators on) and the completion rate,
 * weighted by the year's rules; then the innovation bonus added and the deduction for overdue items taken off, kept
 * within 0–100.
 */
export function scoreEvaluation(inputs: EvaluationInputs, rules: ScoringRules): EvaluationResult {
  if (inputs.scores.length === 0) throw new Error('an evaluation needs at least one evaluator score');
  const totals = inputs.scores.map(sum).sort((a, b) => a - b);
  const trimmed = rules.trimFrom !== undefined && totals.length >= rules.trimFrom;
  const kept = trimmed ? totals.slice(1, -1) : totals;
  const evaluatorAverage = round2(kept.reduce((acc, t) => acc + t, 0) / kept.length);
  const { onTime, total: work } = inputs.completion;
  const completionRate = work === 0 ? 1 : round2(Math.min(onTime, work) / work);
  const weighted = evaluatorAverage * rules.evaluatorWeight + completionRate * 100 * rules.completionWeight;
  if (!hasV2Parts(rules)) {
    const total = round2(weighted);
    return { ruleVersion: rules.version, evaluatorAverage, completionRate, total, grade: gradeFor(total, rules) };
  }
  const proposals = inputs.bonuses ?? [];
  const bonus = rules.bonusCap === undefined ? 0 : round2(Math.min(rules.bonusCap, proposals.reduce((acc, b) => acc + b, 0) / inputs.scores.length));
  const deductions = rules.overdueDeduction;
  const owed = deductions ? severities.reduce((acc, s) => acc + deductions.perItem[s] * (inputs.overdueItems?.[s] ?? 0), 0) : 0;
  const deduction = deductions ? round2(Math.min(deductions.cap, owed)) : 0;
  const total = round2(Math.min(100, Math.max(0, weighted + bonus - deduction)));
  const graded = dutyReportCap(gradeFor(total, rules), inputs, rules);
  return { ruleVersion: rules.version, evaluatorAverage, completionRate, total, evaluatorTotals: totals.map(round2), trimmed, bonus, deduction, ...graded };
}

/** An evaluator's proposed innovation bonus (创新加分): within the year's cap, and never without its justification. */
export function bonusErrors(bonus: number | undefined, justification: string | undefined, rules: ScoringRules): string[] {
  if (bonus === undefined) return [];
  if (rules.bonusCap === undefined) return [`this year's rules (${rules.version}) give no innovation bonus`];
  if (typeof bonus !== 'number' || !Number.isFinite(bonus) || bonus < 0 || bonus > rules.bonusCap) return [`bonus must be a number from 0 to ${rules.bonusCap}`];
  if (bonus > 0 && !justification?.trim()) return ['an innovation bonus needs its justification (bonusJustification)'];
  return [];
}

/** How one unit's results fall: a count per grade, and the evaluations not yet scored. */
export interface UnitGrades {
  unitId: string;
  excellent: number;
  good: number;
  pass: number;
  fail: number;
  pending: number;
}

/** The distribution of grades per owning unit (评价结果分布), units in the order they first appear. */
export function gradeDistribution(rows: readonly { unitId: string; grade: Grade | null }[]): UnitGrades[] {
  const byUnit = new Map<string, UnitGrades>();
  for (const { unitId, grade } of rows) {
    const unit = byUnit.get(unitId) ?? { unitId, excellent: 0, good: 0, pass: 0, fail: 0, pending: 0 };
    unit[grade ?? 'pending']++;
    byUnit.set(unitId, unit);
  }
  return [...byUnit.values()];
}

/** 审定发布: the committee's secretary signs a year-end result off before its owner is told. */
export const publishTemplate: LevelTemplate[] = [{ scope: 'committee', mode: 'sequential' }];
