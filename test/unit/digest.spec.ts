import { defaultYearPolicy, digestModeOf, digestOrder, digestSummary, yearPolicyErrors, type DigestItem, type YearPolicy } from '../../libs/domain/index.js';

describe('the daily digest (每日待办)', () => {
  const item = (title: string, dueAt: string | null, overdue: boolean): DigestItem => ({ title, context: null, dueAt, overdue });

  it('sums up what is open and how much of it is overdue', () => {
    expect(digestSummary([item('a', null, false), item('b', '2026-10-13T09:30:00Z', true), item('c', null, false)])).toBe('您有 3 项待办，其中 1 项已逾期');
    expect(digestSummary([item('a', null, false)])).toBe('您有 1 项待办');
  });

  it('lists overdue work first, then by due date, work without one last', () => {
    const items = [
      item('no date', null, false),
      item('due later', '2026-12-01T09:30:00Z', false),
      item('overdue later', '2026-11-20T09:30:00Z', true),
      item('due sooner', '2026-11-30T09:30:00Z', false),
      item('overdue sooner', '2026-11-10T09:30:00Z', true),
    ];
    expect(digestOrder(items).map((i) => i.title)).toEqual(['overdue sooner', 'overdue later', 'due sooner', 'due later', 'no date']);
  });

  it('mails the digest besides single notices unless the policy says otherwise, also for policies stored before it existed', () => {
    const older: YearPolicy = { ...defaultYearPolicy(2026), notices: undefined };
    expect([digestModeOf(defaultYearPolicy(2026)), digestModeOf(older), digestModeOf(null)]).toEqual(['also', 'also', 'also']);
    expect(digestModeOf({ notices: { digest: 'instead' } })).toBe('instead');
    expect(yearPolicyErrors({ ...defaultYearPolicy(2026), notices: { digest: 'weekly' } } as unknown as YearPolicy)).toEqual(['notices.digest 不是可选的汇总方式，可选：off（只发单条通知）、also（单条通知外每日再发汇总）、instead（常规通知只发每日汇总）']);
  });
});
