import { defaultYearPolicy, ignoredFieldErrors, planLadder, yearPolicyErrors, type DeadlineLadder, type YearPolicy } from '../../libs/domain/index.js';

const hour = 3_600_000;
const day = 24 * hour;

describe(defaultYearPolicy.name, () => {
  const policy = defaultYearPolicy(2026);

  it('has four quarterly reports due at 17:30 Beijing time, the fourth in January of the next year', () => {
    expect(policy.quarterly.quarters.map((q) => q.quarter)).toEqual([1, 2, 3, 4]);
    expect(policy.quarterly.quarters.map((q) => new Date(q.dueAt).toISOString())).toEqual([
      '2026-04-15T09:30:00.000Z',
      '2026-07-15T09:30:00.000Z',
      '2026-10-15T09:30:00.000Z',
      '2027-01-15T09:30:00.000Z',
    ]);
    // The zone is written out, so the due time is the same whatever zone a server runs in.
    expect(policy.quarterly.quarters.every((q) => q.dueAt.endsWith('T17:30:00+08:00'))).toBe(true);
  });

  it('asks for the self-assessment by the end of January of the next year and names its version', () => {
    expect(new Date(policy.evaluation.selfAssessmentDueAt).toISOString()).toBe('2027-01-31T09:30:00.000Z');
    expect([policy.year, policy.version]).toEqual([2026, '2026-default-2']);
  });

  it('gives the graver findings less time and sends them overdue straight to the committee (严重问题直报党委)', () => {
    const { general, serious, major } = policy.rectification.bySeverity!;
    expect([general.due, serious.due, major.due].map((d) => (typeof d === 'object' && d.kind === 'working_days_after' ? d.days : d))).toEqual([20, 10, 5]);
    expect(general.ladder.escalate.map((r) => r.to)).toEqual(['owner', 'owning_unit_secretary', 'parent_unit_secretary', 'committee_secretary']);
    for (const { ladder } of [serious, major]) expect(ladder.escalate.map((r) => r.to)).toEqual(['owner', 'committee_secretary']);
  });

  it.each([2025, 2026, 2027, 2030])('passes its own validation for %p', (year) => {
    expect(yearPolicyErrors(defaultYearPolicy(year))).toEqual([]);
  });
});

describe(yearPolicyErrors.name, () => {
  const base = () => structuredClone(defaultYearPolicy(2026));
  const duration = (field: string) => `${field} 应为时长，例如 3s、10m、2h 或 5d（秒、分钟、小时、天）`;
  const targets = 'owner（责任人本人）、owning_unit_secretary（所在党组织书记）、parent_unit_secretary（上级党组织书记）、committee_secretary（党委书记）';

  it.each<[string, (p: YearPolicy) => void, string[]]>([
    ['an empty version', (p) => (p.version = ' '), ['version 请填写规则版本']],
    ['no quarters at all', (p) => (p.quarterly.quarters = []), ['quarterly.quarters 至少要列出一个季度']],
    ['a quarter number 5', (p) => (p.quarterly.quarters[1].quarter = 5), ['quarterly.quarters[1].quarter 应为 1、2、3 或 4']],
    ['a quarter number 0', (p) => (p.quarterly.quarters[0].quarter = 0), ['quarterly.quarters[0].quarter 应为 1、2、3 或 4']],
    ['a repeated quarter', (p) => (p.quarterly.quarters[3].quarter = 3), ['quarterly.quarters 中的季度不能重复']],
    ['a due time that is not a date-time', (p) => (p.quarterly.quarters[2].dueAt = 'mid-October'), ['quarterly.quarters[2].dueAt 应为带时区的日期时间，例如 2026-04-15T17:30:00+08:00']],
    ['a due date without a time', (p) => (p.quarterly.quarters[0].dueAt = '2026-04-15'), ['quarterly.quarters[0].dueAt 应为带时区的日期时间，例如 2026-04-15T17:30:00+08:00']],
    // Without a zone, '17:30' would mean 17:30 wherever the API or a worker happens to run (UTC in a container).
    ['a due time without a time zone', (p) => (p.quarterly.quarters[0].dueAt = '2026-04-15T17:30:00'), ['quarterly.quarters[0].dueAt 应为带时区的日期时间，例如 2026-04-15T17:30:00+08:00']],
    ['a self-assessment due time without a zone', (p) => (p.evaluation.selfAssessmentDueAt = '2027-01-31T17:30'), ['evaluation.selfAssessmentDueAt 应为带时区的日期时间，例如 2026-04-15T17:30:00+08:00']],
    ['a reminder offset that is not a duration', (p) => (p.quarterly.ladder = { ...p.quarterly.ladder, remindBefore: ['2 weeks'] }), [duration('quarterly.ladder.remindBefore[0]')]],
    ['a negative escalation delay', (p) => (p.rectification.ladder = { ...p.rectification.ladder, escalate: [{ after: -1, to: 'parent_unit_secretary' }] }), [duration('rectification.ladder.escalate[0].after')]],
    ['an unknown escalation target', (p) => (p.evaluation.ladder = { ...p.evaluation.ladder, escalate: [{ after: '1d', to: 'the_minister' as never }] }), [`evaluation.ladder.escalate[0].to 不是可选的督办对象，可选：${targets}`]],
    ['a ladder that is not an object', (p) => (p.evaluation.ladder = null as never), ['evaluation.ladder 应为督办规则：提前提醒（remindBefore）和逾期督办（escalate）']],
    ['a ladder without lists', (p) => (p.quarterly.ladder = {} as never), ['quarterly.ladder.remindBefore 应为时长列表，例如 ["2d"]', 'quarterly.ladder.escalate 应为督办层级列表']],
    ['a rectification period in weeks', (p) => (p.rectification.dueIn = '4w'), [duration('rectification.dueIn')]],
    ['a reopened rectification period that is empty', (p) => (p.rectification.reopenDueIn = ''), [duration('rectification.reopenDueIn')]],
    ['a serious finding due in weeks', (p) => (p.rectification.bySeverity!.serious.due = '2w'), [duration('rectification.bySeverity.serious.due')]],
    [
      'a major finding reopened on a rule counted from the next month',
      (p) => (p.rectification.bySeverity!.major.reopenDue = { kind: 'nth_working_day_of_next_month', n: 3, at: '17:30' }),
      ['rectification.bySeverity.major.reopenDue 应为时长（例如 30d），或工作日规则 { kind: working_days_after, days, at }'],
    ],
    ['a general finding given 90 working days', (p) => (p.rectification.bySeverity!.general.due = { kind: 'working_days_after', days: 90, at: '17:30' }), ['rectification.bySeverity.general.due.days 应为 0 到 60 之间的整数']],
    ['no rule for major findings', (p) => delete (p.rectification.bySeverity as Partial<Record<string, unknown>>).major, ['rectification.bySeverity.major 应包含整改期限（due）、复查后整改期限（reopenDue）和督办规则（ladder）']],
    ['a scoring period that is not a number of anything', (p) => (p.evaluation.scoringDueIn = Number.NaN), [duration('evaluation.scoringDueIn')]],
    ['weights adding up to 1.1', (p) => (p.evaluation.scoring = { ...p.evaluation.scoring, evaluatorWeight: 0.9 }), ['evaluation.scoring.evaluatorWeight 评委评分权重（evaluatorWeight）和完成情况权重（completionWeight）不能为负数，两者之和应为 1']],
    ['a negative weight', (p) => (p.evaluation.scoring = { ...p.evaluation.scoring, evaluatorWeight: 1.2, completionWeight: -0.2 }), ['evaluation.scoring.evaluatorWeight 评委评分权重（evaluatorWeight）和完成情况权重（completionWeight）不能为负数，两者之和应为 1']],
    ['grade thresholds out of order', (p) => (p.evaluation.scoring = { ...p.evaluation.scoring, thresholds: { excellent: 80, good: 90, pass: 60 } }), ['evaluation.scoring.thresholds 等次分数线应满足 100 ≥ 优秀（excellent）≥ 良好（good）≥ 合格（pass）≥ 0']],
  ])('names the field when a policy has %s', (_, spoil, expected) => {
    const policy = base();
    spoil(policy);
    expect(yearPolicyErrors(policy)).toEqual(expected);
  });

  it.each(['2026-04-15T17:30:00+08:00', '2026-04-15T09:30:00Z', '2026-04-15T09:30:00.000Z', '2026-04-15T17:30+08:00'])('accepts the due time %p', (dueAt) => {
    const policy = base();
    policy.quarterly.quarters[0].dueAt = dueAt;
    expect(yearPolicyErrors(policy)).toEqual([]);
  });

  it('accepts second-scale and millisecond timings, as tests use', () => {
    const policy = base();
    policy.quarterly.ladder = { remindBefore: ['3s', 500], escalate: [{ after: '2s', to: 'committee_secretary' }] };
    policy.rectification.dueIn = 5_000;
    expect(yearPolicyErrors(policy)).toEqual([]);
  });

  it('lists every problem in one answer, in field order', () => {
    const policy = base();
    policy.version = '';
    policy.quarterly.quarters = [
      { quarter: 5, dueAt: 'soon' },
      { quarter: 5, dueAt: '2026-04-15T17:30:00+08:00' },
    ];
    policy.quarterly.ladder = { remindBefore: ['2 weeks'], escalate: [{ after: '1d', to: 'the_minister' as never }] };
    policy.evaluation.scoring = { ...policy.evaluation.scoring, evaluatorWeight: 0.9 };
    expect(yearPolicyErrors(policy)).toEqual([
      'version 请填写规则版本',
      'quarterly.quarters[0].quarter 应为 1、2、3 或 4',
      'quarterly.quarters[0].dueAt 应为带时区的日期时间，例如 2026-04-15T17:30:00+08:00',
      'quarterly.quarters[1].quarter 应为 1、2、3 或 4',
      'quarterly.quarters 中的季度不能重复',
      'quarterly.ladder.remindBefore[0] 应为时长，例如 3s、10m、2h 或 5d（秒、分钟、小时、天）',
      `quarterly.ladder.escalate[0].to 不是可选的督办对象，可选：${targets}`,
      'evaluation.scoring.evaluatorWeight 评委评分权重（evaluatorWeight）和完成情况权重（completionWeight）不能为负数，两者之和应为 1',
    ]);
  });
});

describe(planLadder.name, () => {
  const due = Date.parse('2026-04-15T09:30:00Z');
  const rows = (ladder: DeadlineLadder, dueAtMs = due) => planLadder(dueAtMs, ladder).map((r) => [r.kind, r.index, r.atMs - dueAtMs, r.to]);

  it('puts reminders before the due time, the overdue mark at it and escalations after, in time order', () => {
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

  it("reads '2d', '3s' and 500 (milliseconds) alike", () => {
    expect(
      rows({
        remindBefore: ['2d', '3s', 500],
        escalate: [
          { after: 500, to: 'owning_unit_secretary' },
          { after: '3s', to: 'parent_unit_secretary' },
          { after: '2d', to: 'committee_secretary' },
        ],
      }),
    ).toEqual([
      ['reminder', 0, -2 * day, undefined],
      ['reminder', 1, -3_000, undefined],
      ['reminder', 2, -500, undefined],
      ['overdue', 0, 0, undefined],
      ['escalation', 0, 500, 'owning_unit_secretary'],
      ['escalation', 1, 3_000, 'parent_unit_secretary'],
      ['escalation', 2, 2 * day, 'committee_secretary'],
    ]);
  });

  it('keeps a reminder due at the very moment of the deadline before the overdue mark, and an immediate escalation after it', () => {
    expect(rows({ remindBefore: ['0s'], escalate: [{ after: 0, to: 'parent_unit_secretary' }] })).toEqual([
      ['reminder', 0, 0, undefined],
      ['overdue', 0, 0, undefined],
      ['escalation', 0, 0, 'parent_unit_secretary'],
    ]);
  });

  it('keeps rungs of one kind falling at the same moment in the order the policy lists them', () => {
    expect(
      rows({
        remindBefore: ['1h', '60m', '3600s'],
        escalate: [
          { after: '1d', to: 'committee_secretary' },
          { after: '24h', to: 'parent_unit_secretary' },
        ],
      }),
    ).toEqual([
      ['reminder', 0, -hour, undefined],
      ['reminder', 1, -hour, undefined],
      ['reminder', 2, -hour, undefined],
      ['overdue', 0, 0, undefined],
      ['escalation', 0, day, 'committee_secretary'],
      ['escalation', 1, day, 'parent_unit_secretary'],
    ]);
  });

  it('has only the overdue mark when the policy has no reminders and no escalations', () => {
    expect(rows({ remindBefore: [], escalate: [] })).toEqual([['overdue', 0, 0, undefined]]);
  });

  it('rejects a ladder with a timing it cannot read', () => {
    expect(() => planLadder(due, { remindBefore: ['soon'], escalate: [] })).toThrow('「soon」不是有效的时长');
  });
});

describe(ignoredFieldErrors.name, () => {
  const baseline = defaultYearPolicy(2027);
  const edited = (edit: (p: YearPolicy) => void): YearPolicy => {
    const policy = structuredClone(baseline);
    edit(policy);
    return policy;
  };

  it('accepts the policy the year had sent back unchanged, or the default, and fields changed where they decide', () => {
    expect(ignoredFieldErrors(structuredClone(baseline), [baseline])).toEqual([]);
    // A year stored with its own dates and no rule may go back to the default: its placeholder dates are not a change.
    const storedOwnDates = edited((p) => {
      delete p.quarterly.dueRule;
      p.quarterly.quarters[0].dueAt = '2099-04-15T17:30:00+08:00';
    });
    expect(ignoredFieldErrors(structuredClone(baseline), [storedOwnDates, baseline])).toEqual([]);
    const withoutRule = edited((p) => {
      delete p.quarterly.dueRule;
      delete p.quarterly.remindOn;
      p.quarterly.quarters[0].dueAt = '2027-04-01T17:30:00+08:00';
    });
    expect(ignoredFieldErrors(withoutRule, [baseline])).toEqual([]);
    const withoutSeverities = edited((p) => {
      delete p.rectification.bySeverity;
      p.rectification.dueIn = '5s';
    });
    expect(ignoredFieldErrors(withoutSeverities, [baseline])).toEqual([]);
  });

  it('refuses a quarter date beside the due rule, and a single due time or ladder beside the severities, naming what wins', () => {
    const policy = edited((p) => {
      p.quarterly.quarters[1].dueAt = '2027-07-01T09:00:00+08:00';
      p.rectification.reopenDueIn = '1d';
      p.rectification.ladder = { remindBefore: [], escalate: [] };
    });
    expect(ignoredFieldErrors(policy, [baseline])).toEqual([
      'quarterly.quarters[1].dueAt 设置了报告截止规则（quarterly.dueRule）时，截止日期由规则计算，此处的修改不会生效：请保持原值（2027-07-15T17:30:00+08:00），或删除 quarterly.dueRule 和 quarterly.remindOn 后自行设置日期',
      'rectification.reopenDueIn 设置了按问题等级的整改规则（rectification.bySeverity）时，此处的修改不会生效：请改在 rectification.bySeverity 中设置，或删除它，让 rectification.reopenDueIn 适用于所有等级',
      'rectification.ladder 设置了按问题等级的整改规则（rectification.bySeverity）时，此处的修改不会生效：请改在 rectification.bySeverity 中设置，或删除它，让 rectification.ladder 适用于所有等级',
    ]);
  });
});
