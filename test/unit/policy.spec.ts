import { defaultYearPolicy, durationMs, planLadder, yearPolicyErrors, type YearPolicy } from '../../libs/domain/index.js';

describe(defaultYearPolicy.name, () => {
  it('has four quarterly reports due at 17:30 Beijing time, the fourth in January of the next year', () => {
    const policy = defaultYearPolicy(2026);
    expect(policy.quarterly.quarters.map((q) => new Date(q.dueAt).toISOString())).toEqual([
      '2026-04-15T09:30:00.000Z',
      '2026-07-15T09:30:00.000Z',
      '2026-10-15T09:30:00.000Z',
      '2027-01-15T09:30:00.000Z',
    ]);
    expect(yearPolicyErrors(policy)).toEqual([]);
  });
});

describe(yearPolicyErrors.name, () => {
  it('names every bad field in one answer', () => {
    const base = defaultYearPolicy(2026);
    const bad: YearPolicy = {
      ...base,
      version: '',
      quarterly: {
        quarters: [
          { quarter: 5, dueAt: 'soon' },
          { quarter: 5, dueAt: '2026-04-15T17:30:00+08:00' },
        ],
        ladder: { remindBefore: ['2 weeks'], escalate: [{ after: '1d', to: 'the_minister' as never }] },
      },
      evaluation: { ...base.evaluation, scoring: { ...base.evaluation.scoring, evaluatorWeight: 0.9 } },
    };
    expect(yearPolicyErrors(bad)).toEqual([
      'version must be a non-empty string',
      'quarterly.quarters[0].quarter must be 1, 2, 3 or 4',
      'quarterly.quarters[0].dueAt must be an ISO date-time',
      'quarterly.quarters[1].quarter must be 1, 2, 3 or 4',
      'quarterly.quarters must not repeat a quarter',
      'quarterly.ladder.remindBefore[0] must be a duration such as 3s, 10m, 2h or 5d',
      'quarterly.ladder.escalate[0].to must be one of owning_unit_secretary, parent_unit_secretary, committee_secretary',
      'evaluation.scoring: evaluatorWeight and completionWeight must be non-negative and add up to 1',
    ]);
  });
});

describe(durationMs.name, () => {
  it.each<[string | number, number]>([
    ['500ms', 500],
    ['3s', 3_000],
    ['10m', 600_000],
    ['2h', 7_200_000],
    ['5d', 432_000_000],
    ['1.5s', 1_500],
    [250, 250],
  ])('reads %p as %p ms', (input, expected) => {
    expect(durationMs(input)).toBe(expected);
  });

  it.each(['', 'soon', '3 weeks', '-1s'])('refuses %p with a message that shows the accepted forms', (input) => {
    expect(() => durationMs(input)).toThrow(/is not a duration \(use e\.g\. 500ms, 3s, 10m, 2h, 5d\)/);
  });
});

describe(planLadder.name, () => {
  it('puts reminders before the due time, the overdue mark at it and escalations after, in time order', () => {
    const due = Date.parse('2026-04-15T09:30:00Z');
    const rungs = planLadder(due, {
      remindBefore: ['1d', '3d'],
      escalate: [
        { after: '2d', to: 'committee_secretary' },
        { after: '1d', to: 'parent_unit_secretary' },
      ],
    });
    expect(rungs.map((r) => [r.kind, r.index, new Date(r.atMs).toISOString(), r.to])).toEqual([
      ['reminder', 1, '2026-04-12T09:30:00.000Z', undefined],
      ['reminder', 0, '2026-04-14T09:30:00.000Z', undefined],
      ['overdue', 0, '2026-04-15T09:30:00.000Z', undefined],
      ['escalation', 1, '2026-04-16T09:30:00.000Z', 'parent_unit_secretary'],
      ['escalation', 0, '2026-04-17T09:30:00.000Z', 'committee_secretary'],
    ]);
  });

  it('keeps a reminder due at the same moment as the due time before the overdue mark', () => {
    expect(planLadder(1_000, { remindBefore: [0], escalate: [] }).map((r) => r.kind)).toEqual(['reminder', 'overdue']);
  });
});
