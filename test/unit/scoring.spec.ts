import fc from 'fast-check';
import { defaultScoringRules, dimensionScoreErrors, gradeFor, scoreEvaluation, type DimensionScores } from '../../libs/domain/index.js';

const scores = (politicalExecution: number, organisationalDelivery: number, fortressRole: number, responsibility: number): DimensionScores => ({
  politicalExecution,
  organisationalDelivery,
  fortressRole,
  responsibility,
});

describe(scoreEvaluation.name, () => {
  it('weights the evaluator average and the completion rate by the year rules', () => {
    // 22+23+21+24 = 90; completion 3/4 = 0.75 → 90 × 0.8 + 75 × 0.2 = 72 + 15 = 87 → good
    expect(scoreEvaluation({ scores: [scores(22, 23, 21, 24)], completion: { onTime: 3, total: 4 } }, defaultScoringRules)).toEqual({
      ruleVersion: 'score-v1',
      evaluatorAverage: 90,
      completionRate: 0.75,
      total: 87,
      grade: 'good',
    });
  });

  it('averages several evaluators and counts no work as complete', () => {
    // (100 + 80) / 2 = 90; nothing due → rate 1 → 72 + 20 = 92 → excellent
    const result = scoreEvaluation({ scores: [scores(25, 25, 25, 25), scores(20, 20, 20, 20)], completion: { onTime: 0, total: 0 } }, defaultScoringRules);
    expect([result.evaluatorAverage, result.completionRate, result.total, result.grade]).toEqual([90, 1, 92, 'excellent']);
  });

  it('refuses to score without any evaluator', () => {
    expect(() => scoreEvaluation({ scores: [], completion: { onTime: 1, total: 1 } }, defaultScoringRules)).toThrow(/at least one evaluator/);
  });

  it('stays within 0–100 and does not depend on the order of evaluators', () => {
    const dimension = fc.integer({ min: 0, max: 25 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(dimension, dimension, dimension, dimension), { minLength: 1, maxLength: 9 }),
        fc.nat({ max: 20 }),
        fc.nat({ max: 20 }),
        (given, a, b) => {
          const list = given.map(([p, o, f, r]) => scores(p, o, f, r));
          const completion = { onTime: Math.min(a, b), total: Math.max(a, b) };
          const forward = scoreEvaluation({ scores: list, completion }, defaultScoringRules);
          const backward = scoreEvaluation({ scores: [...list].reverse(), completion }, defaultScoringRules);
          expect(forward.total).toBeGreaterThanOrEqual(0);
          expect(forward.total).toBeLessThanOrEqual(100);
          expect(backward).toEqual(forward);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe(gradeFor.name, () => {
  it.each<[number, string]>([
    [100, 'excellent'],
    [90, 'excellent'],
    [89.99, 'good'],
    [80, 'good'],
    [79.99, 'pass'],
    [60, 'pass'],
    [59.99, 'fail'],
    [0, 'fail'],
  ])('grades %p as %p', (total, grade) => {
    expect(gradeFor(total, defaultScoringRules)).toBe(grade);
  });
});

describe(dimensionScoreErrors.name, () => {
  it('names each dimension out of range or missing', () => {
    expect(dimensionScoreErrors({ politicalExecution: -1, organisationalDelivery: 26, fortressRole: Number.NaN })).toEqual([
      'politicalExecution must be a number from 0 to 25',
      'organisationalDelivery must be a number from 0 to 25',
      'fortressRole must be a number from 0 to 25',
      'responsibility must be a number from 0 to 25',
    ]);
    expect(dimensionScoreErrors(scores(0, 25, 12.5, 20))).toEqual([]);
  });
});
