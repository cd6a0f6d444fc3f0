import fc from 'fast-check';
import {
  bonusErrors,
  defaultScoringRules,
  gradeDistribution,
  dimensionScoreErrors,
  gradeFor,
  scoreEvaluation,
  scoringRulesErrors,
  type DimensionScores,
  type EvaluationInputs,
  type Grade,
  type ScoringRules,
  scoringRulesV1,
} from '../../libs/domain/index.js';

const scores = (politicalExecution: number, organisationalDelivery: number, fortressRole: number, responsibility: number): DimensionScores => ({
  politicalExecution,
  organisationalDelivery,
  fortressRole,
  responsibility,
});
/** The score-v1 rules, which the examples below were worked out for; score-v2 follows at the end. */
const rules = scoringRulesV1;

describe(scoreEvaluation.name, () => {
  it('weights the evaluator average and the completion rate by the year rules', () => {
    // 22 + 23 + 21 + 24 = 90; completion 3/4 = 0.75 → 90 × 0.8 + 75 × 0.2 = 72 + 15 = 87 → good (80 ≤ 87 < 90)
    expect(scoreEvaluation({ scores: [scores(22, 23, 21, 24)], completion: { onTime: 3, total: 4 } }, rules)).toEqual({
      ruleVersion: 'score-v1',
      evaluatorAverage: 90,
      completionRate: 0.75,
      total: 87,
      grade: 'good',
    });
  });

  it('averages several evaluators and rounds each figure to two decimals', () => {
    // sums 90, 91, 91 → 272 / 3 = 90.666… → 90.67; completion 2/3 = 0.666… → 0.67
    // total 90.67 × 0.8 + 67 × 0.2 = 72.536 + 13.4 = 85.936 → 85.94 → good
    const result = scoreEvaluation({ scores: [scores(22, 23, 22, 23), scores(23, 23, 22, 23), scores(23, 22, 23, 23)], completion: { onTime: 2, total: 3 } }, rules);
    expect(result).toEqual({ ruleVersion: 'score-v1', evaluatorAverage: 90.67, completionRate: 0.67, total: 85.94, grade: 'good' });
  });

  it('counts a project with no work due as fully complete', () => {
    // (100 + 80) / 2 = 90; nothing due → rate 1 → 72 + 20 = 92 → excellent
    const result = scoreEvaluation({ scores: [scores(25, 25, 25, 25), scores(20, 20, 20, 20)], completion: { onTime: 0, total: 0 } }, rules);
    expect([result.evaluatorAverage, result.completionRate, result.total, result.grade]).toEqual([90, 1, 92, 'excellent']);
  });

  it('never counts more work done on time than there was', () => {
    // 5 of 4 → capped at 1; 60 × 0.8 + 100 × 0.2 = 48 + 20 = 68 → pass
    const result = scoreEvaluation({ scores: [scores(15, 15, 15, 15)], completion: { onTime: 5, total: 4 } }, rules);
    expect([result.completionRate, result.total, result.grade]).toEqual([1, 68, 'pass']);
  });

  it('rounds a completion rate that lands on a half upwards', () => {
    // 23 / 40 = 0.575 → 0.58 (halves up); 60 × 0.8 + 58 × 0.2 = 48 + 11.6 = 59.6 → fail
    const result = scoreEvaluation({ scores: [scores(15, 15, 15, 15)], completion: { onTime: 23, total: 40 } }, rules);
    expect([result.completionRate, result.total, result.grade]).toEqual([0.58, 59.6, 'fail']);
  });

  it.each<[string, DimensionScores, number, Grade]>([
    // 21.87 × 3 + 21.88 = 87.49 → 87.49 × 0.8 + 20 = 69.992 + 20 = 89.992 → 89.99 → good
    ['89.99 is good', scores(21.87, 21.87, 21.87, 21.88), 89.99, 'good'],
    // 21.875 × 4 = 87.5 → 70 + 20 = 90 → excellent
    ['90 is excellent', scores(21.875, 21.875, 21.875, 21.875), 90, 'excellent'],
    // 18.75 × 4 = 75 → 60 + 20 = 80 → good
    ['80 is good', scores(18.75, 18.75, 18.75, 18.75), 80, 'good'],
    // 12.5 × 4 = 50 → 40 + 20 = 60 → pass
    ['60 is pass', scores(12.5, 12.5, 12.5, 12.5), 60, 'pass'],
    // 12.49 × 4 = 49.96 → 39.968 + 20 = 59.968 → 59.97 → fail
    ['59.97 is fail', scores(12.49, 12.49, 12.49, 12.49), 59.97, 'fail'],
  ])('grades a total landing on a threshold edge: %s', (_, given, total, grade) => {
    expect(scoreEvaluation({ scores: [given], completion: { onTime: 1, total: 1 } }, rules)).toMatchObject({ total, grade });
  });

  it('follows the weights and version of the rules it is given', () => {
    const evaluatorsOnly: ScoringRules = { version: 'score-v2', evaluatorWeight: 1, completionWeight: 0, thresholds: { excellent: 95, good: 85, pass: 70 } };
    expect(scoreEvaluation({ scores: [scores(22, 23, 21, 24)], completion: { onTime: 0, total: 4 } }, evaluatorsOnly)).toEqual({
      ruleVersion: 'score-v2',
      evaluatorAverage: 90,
      completionRate: 0,
      total: 90,
      grade: 'good',
    });
  });

  it('rejects an evaluation without any evaluator score', () => {
    expect(() => scoreEvaluation({ scores: [], completion: { onTime: 1, total: 1 } }, rules)).toThrow('an evaluation needs at least one evaluator score');
  });

  // Evaluators score in whole and half points in practice; these sums are exact in binary floating point.
  const dimension = fc.integer({ min: 0, max: 50 }).map((halfPoints) => halfPoints / 2);
  const evaluatorArb = fc.tuple(dimension, dimension, dimension, dimension).map(([p, o, f, r]) => scores(p, o, f, r));
  const completionArb = fc.tuple(fc.nat({ max: 40 }), fc.nat({ max: 40 })).map(([a, b]) => ({ onTime: Math.min(a, b), total: Math.max(a, b) }));

  it('stays within 0–100 and does not depend on the order evaluators scored in (property)', () => {
    fc.assert(
      fc.property(fc.array(evaluatorArb, { minLength: 1, maxLength: 9 }), completionArb, fc.infiniteStream(fc.nat()), (list, completion, keys) => {
        const shuffled = list.map((s) => [keys.next().value, s] as const).sort(([a], [b]) => a - b).map(([, s]) => s);
        const given = scoreEvaluation({ scores: list, completion }, rules);
        expect(given.total).toBeGreaterThanOrEqual(0);
        expect(given.total).toBeLessThanOrEqual(100);
        expect(scoreEvaluation({ scores: shuffled, completion }, rules)).toEqual(given);
        expect(scoreEvaluation({ scores: [...list].reverse(), completion }, rules)).toEqual(given);
      }),
      { numRuns: 1_000 },
    );
  });

  it('does not depend on the order evaluators scored in, for any scores with two decimals (property)', () => {
    const hundredths = fc.integer({ min: 0, max: 2_500 }).map((n) => n / 100);
    const twoDecimals = fc.tuple(hundredths, hundredths, hundredths, hundredths).map(([p, o, f, r]) => scores(p, o, f, r));
    fc.assert(
      fc.property(fc.array(twoDecimals, { minLength: 2, maxLength: 9 }), completionArb, (list, completion) => {
        const given = scoreEvaluation({ scores: list, completion }, rules);
        expect(scoreEvaluation({ scores: [...list].reverse(), completion }, rules)).toEqual(given);
        expect(scoreEvaluation({ scores: [...list.slice(1), list[0]], completion }, rules)).toEqual(given);
      }),
      { numRuns: 2_000 },
    );
  });

  it('agrees with the same arithmetic done exactly in whole hundredths, rounding halves up (property)', () => {
    /** round(a / b) for non-negative integers, halves up. */
    const divRound = (a: number, b: number) => Math.floor((2 * a + b) / (2 * b));
    fc.assert(
      fc.property(fc.array(evaluatorArb, { minLength: 1, maxLength: 9 }), completionArb, (list, { onTime, total: work }) => {
        const halfPoints = list.reduce((acc, s) => acc + 2 * (s.politicalExecution + s.organisationalDelivery + s.fortressRole + s.responsibility), 0);
        const averageHundredths = divRound(50 * halfPoints, list.length);
        const rateHundredths = work === 0 ? 100 : divRound(100 * onTime, work);
        // 0.8 × average + 0.2 × 100 × rate, in thousandths, then back to hundredths.
        const totalHundredths = divRound(8 * averageHundredths + 200 * rateHundredths, 10);
        const result = scoreEvaluation({ scores: list, completion: { onTime, total: work } }, rules);
        expect([result.evaluatorAverage, result.completionRate, result.total]).toEqual([averageHundredths / 100, rateHundredths / 100, totalHundredths / 100]);
        expect(result.grade).toBe(gradeFor(totalHundredths / 100, rules));
      }),
      { numRuns: 1_000 },
    );
  });

  // Found by the two-decimal property above and fixed in round2: sums were rounded in binary floating point,
  // so a true average of exactly 44.865 came out as 44.86 in one evaluator order and 44.87 in the other.
  it('gives the same total for two-decimal scores whatever order the evaluators come in', () => {
    const list = [
      scores(2.33, 14.52, 20.47, 2.91),
      scores(10.34, 23.27, 21.28, 5.54),
      scores(23.87, 0, 7.76, 13.69),
      scores(0, 14.93, 18.55, 0),
    ];
    // 40.23 + 60.43 + 45.32 + 33.48 = 179.46; / 4 = 44.865 → 44.87 (halves up); 44.87 × 0.8 + 20 = 55.896 → 55.9
    const forward = scoreEvaluation({ scores: list, completion: { onTime: 1, total: 1 } }, rules);
    const backward = scoreEvaluation({ scores: [...list].reverse(), completion: { onTime: 1, total: 1 } }, rules);
    expect(forward).toEqual(backward);
    expect(forward.evaluatorAverage).toBe(44.87);
  });
});

describe(gradeFor.name, () => {
  it.each<[number, Grade]>([
    [100, 'excellent'],
    [90, 'excellent'],
    [89.99, 'good'],
    [80, 'good'],
    [79.99, 'pass'],
    [60, 'pass'],
    [59.99, 'fail'],
    [0, 'fail'],
  ])('grades %p as %p under the default thresholds 90 / 80 / 60', (total, grade) => {
    expect(gradeFor(total, rules)).toBe(grade);
  });

  it('uses the thresholds of the rules it is given', () => {
    const strict: ScoringRules = { ...rules, thresholds: { excellent: 95, good: 85, pass: 70 } };
    expect([gradeFor(94.99, strict), gradeFor(95, strict), gradeFor(69.99, strict)]).toEqual(['good', 'excellent', 'fail']);
  });
});

describe(dimensionScoreErrors.name, () => {
  const message = (d: string) => `${d} must be a number from 0 to 25`;

  it.each<[string, unknown]>([
    ['a negative score', -1],
    ['a score above 25', 26],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a number written as text', '20'],
    ['null', null],
  ])('names the dimension given %s', (_, value) => {
    expect(dimensionScoreErrors({ ...scores(20, 20, 20, 20), fortressRole: value as number })).toEqual([message('fortressRole')]);
  });

  it('names every dimension that is missing', () => {
    expect(dimensionScoreErrors({ politicalExecution: 20 })).toEqual([message('organisationalDelivery'), message('fortressRole'), message('responsibility')]);
  });

  it('lists every bad dimension at once, in the fixed order of the four dimensions', () => {
    expect(dimensionScoreErrors({ responsibility: 30, politicalExecution: -1, organisationalDelivery: 26, fortressRole: Number.NaN })).toEqual([
      message('politicalExecution'),
      message('organisationalDelivery'),
      message('fortressRole'),
      message('responsibility'),
    ]);
  });

  it('accepts 0, 25 and fractions in between', () => {
    expect(dimensionScoreErrors(scores(0, 25, 12.5, 19.75))).toEqual([]);
  });
});

describe(scoringRulesErrors.name, () => {
  it('accepts the default rules', () => {
    expect(scoringRulesErrors(rules, 'scoring')).toEqual([]);
  });

  it('rejects rules that are not an object, naming the field', () => {
    expect(scoringRulesErrors(undefined, 'evaluation.scoring')).toEqual(['evaluation.scoring 应为评分规则的设置']);
  });

  it('names every bad part of the rules', () => {
    expect(scoringRulesErrors({ version: '', evaluatorWeight: 0.5, completionWeight: 0.4, thresholds: { excellent: 101, good: 80, pass: 60 } }, 'scoring')).toEqual([
      'scoring.version 请填写评分规则版本',
      'scoring.evaluatorWeight 评委评分权重（evaluatorWeight）和完成情况权重（completionWeight）不能为负数，两者之和应为 1',
      'scoring.thresholds 等次分数线应满足 100 ≥ 优秀（excellent）≥ 良好（good）≥ 合格（pass）≥ 0',
    ]);
  });
});

describe('score-v2: trimmed mean, innovation bonus, deductions for overdue items', () => {
  const v2 = defaultScoringRules;
  const flat = (total: number) => scores(total / 4, total / 4, total / 4, total / 4);
  const allDone = { onTime: 4, total: 4 };
  const none = { general: 0, serious: 0, major: 0 };

  it('drops the highest and the lowest total from five evaluators on, and shows the working', () => {
    // 60 and 100 dropped: (80 + 85 + 90) / 3 = 85 → 85 × 0.8 + 100 × 0.2 = 88 → good
    const result = scoreEvaluation({ scores: [flat(100), flat(80), flat(60), flat(90), flat(85)], completion: allDone, overdueItems: none }, v2);
    expect(result).toEqual({ ruleVersion: 'score-v2', evaluatorAverage: 85, completionRate: 1, total: 88, grade: 'good', evaluatorTotals: [60, 80, 85, 90, 100], trimmed: true, bonus: 0, deduction: 0 });
  });

  it('keeps every total with four evaluators', () => {
    const result = scoreEvaluation({ scores: [flat(100), flat(80), flat(60), flat(90)], completion: allDone }, v2);
    expect([result.evaluatorAverage, result.trimmed]).toEqual([82.5, false]);
  });

  it('averages the proposed bonuses over all evaluators and caps them at five', () => {
    // 88 + (5 + 5 + 0 + 2 + 3) / 5 = 88 + 3 = 91 → excellent: the bonus lifts it over the edge.
    const five = [flat(100), flat(80), flat(60), flat(90), flat(85)];
    expect(scoreEvaluation({ scores: five, completion: allDone, bonuses: [5, 5, 0, 2, 3], dutyReport: 'good' }, v2)).toMatchObject({ bonus: 3, total: 91, grade: 'excellent' });
    expect(scoreEvaluation({ scores: five, completion: allDone, bonuses: [9, 9, 9, 9, 9] }, v2)).toMatchObject({ bonus: 5, total: 93 });
  });

  it('takes points off per overdue item by severity, at most ten, and never below zero', () => {
    // general 1, serious 2, major 3: 2 × 1 + 1 × 2 + 1 × 3 = 7 → 88 − 7 = 81
    expect(scoreEvaluation({ scores: [flat(85)], completion: allDone, overdueItems: { general: 2, serious: 1, major: 1 } }, v2)).toMatchObject({ deduction: 7, total: 81, grade: 'good' });
    expect(scoreEvaluation({ scores: [flat(85)], completion: allDone, overdueItems: { general: 0, serious: 0, major: 9 } }, v2)).toMatchObject({ deduction: 10, total: 78 });
    expect(scoreEvaluation({ scores: [flat(0)], completion: { onTime: 0, total: 3 }, overdueItems: { general: 9, serious: 0, major: 0 } }, v2)).toMatchObject({ total: 0, grade: 'fail' });
    expect(scoreEvaluation({ scores: [flat(100)], completion: allDone, bonuses: [5] }, v2).total).toBe(100);
  });

  it.each<[string, number | undefined, string | undefined, ScoringRules, string[]]>([
    ['no bonus at all', undefined, undefined, v2, []],
    ['a bonus with its reason', 3, '牵头完成集团示范项目', v2, []],
    ['a bonus of zero, no reason needed', 0, undefined, v2, []],
    ['a bonus without a reason', 3, ' ', v2, ['an innovation bonus needs its justification (bonusJustification)']],
    ['a bonus over the cap', 6, '很好', v2, ['bonus must be a number from 0 to 5']],
    ['a negative bonus', -1, '扣分', v2, ['bonus must be a number from 0 to 5']],
    ['a bonus under rules that give none', 2, '很好', scoringRulesV1, ["this year's rules (score-v1) give no innovation bonus"]],
  ])('checks a proposed bonus: %s', (_, bonus, justification, rulesGiven, expected) => {
    expect(bonusErrors(bonus, justification, rulesGiven)).toEqual(expected);
  });

  it.each<[string, EvaluationInputs['dutyReport'], Grade, RegExp | undefined]>([
    ['rated 好: 优秀 stands', 'good', 'excellent', undefined],
    ['rated 一般: capped at 良好, saying why', 'average', 'good', /书记述职述责评价为“一般”，须为“好”方可评为优秀/],
    ['rated 较好: capped too', 'fair', 'good', /评价为“较好”/],
    ['not rated at all: capped, saying so', null, 'good', /书记述职述责尚无评价/],
  ])('双评双优 with a duty report %s', (_, dutyReport, grade, why) => {
    const result = scoreEvaluation({ scores: [flat(100)], completion: allDone, dutyReport }, v2);
    expect([result.total, result.grade]).toEqual([100, grade]);
    if (why) expect(result.cappedBecause).toMatch(why);
    else expect(result).not.toHaveProperty('cappedBecause');
  });

  it('never lowers a grade below 优秀 for the duty report, nor applies it under rules without it', () => {
    const good = scoreEvaluation({ scores: [flat(85)], completion: allDone, dutyReport: 'poor' }, v2);
    expect(good).toMatchObject({ total: 88, grade: 'good' });
    expect(good).not.toHaveProperty('cappedBecause');
    expect(scoreEvaluation({ scores: [flat(100)], completion: allDone, dutyReport: 'poor' }, { ...v2, dutyReportForExcellent: undefined }).grade).toBe('excellent');
  });

  it('validates the score-v2 parts of the rules', () => {
    expect(scoringRulesErrors(v2, 'scoring')).toEqual([]);
    expect(scoringRulesErrors({ ...v2, trimFrom: 2, bonusCap: 11, overdueDeduction: { perItem: { general: 1, serious: -2, major: 3 }, cap: 10 } }, 'scoring')).toEqual([
      'scoring.trimFrom 应为不小于 3 的整数',
      'scoring.bonusCap 应为 0 到 10 之间的数',
      'scoring.overdueDeduction 应给出一般、较重、重大问题每项逾期整改的扣分（perItem）和扣分上限（cap），均为 0 到 100 分',
    ]);
  });

  const dimension = fc.integer({ min: 0, max: 50 }).map((halfPoints) => halfPoints / 2);
  const entryArb = fc.record({ s: fc.tuple(dimension, dimension, dimension, dimension).map(([p, o, f, r]) => scores(p, o, f, r)), bonus: fc.integer({ min: 0, max: 10 }).map((n) => n / 2) });
  const overdueArb = fc.record({ general: fc.nat({ max: 6 }), serious: fc.nat({ max: 6 }), major: fc.nat({ max: 6 }) });

  it('stays within 0–100 and does not depend on the order evaluators scored in, bonuses and all (property)', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 1, maxLength: 9 }), fc.nat({ max: 20 }), fc.nat({ max: 20 }), overdueArb, (entries, a, b, overdueItems) => {
        const completion = { onTime: Math.min(a, b), total: Math.max(a, b) };
        const inputs = (list: typeof entries) => ({ scores: list.map((e) => e.s), bonuses: list.map((e) => e.bonus), completion, overdueItems });
        const given = scoreEvaluation(inputs(entries), v2);
        expect(given.total).toBeGreaterThanOrEqual(0);
        expect(given.total).toBeLessThanOrEqual(100);
        expect(given.bonus).toBeLessThanOrEqual(5);
        expect(given.deduction).toBeLessThanOrEqual(10);
        expect(scoreEvaluation(inputs([...entries].reverse()), v2)).toEqual(given);
        expect(scoreEvaluation(inputs([...entries.slice(1), entries[0]]), v2)).toEqual(given);
      }),
      { numRuns: 1_000 },
    );
  });
});

describe(gradeDistribution.name, () => {
  it('counts each unit\'s results per grade, and those not yet scored', () => {
    expect(
      gradeDistribution([
        { unitId: 'a', grade: 'good' },
        { unitId: 'b', grade: 'excellent' },
        { unitId: 'a', grade: null },
        { unitId: 'a', grade: 'good' },
        { unitId: 'b', grade: 'fail' },
      ]),
    ).toEqual([
      { unitId: 'a', excellent: 0, good: 2, pass: 0, fail: 0, pending: 1 },
      { unitId: 'b', excellent: 1, good: 0, pass: 0, fail: 1, pending: 0 },
    ]);
    expect(gradeDistribution([])).toEqual([]);
  });
});
