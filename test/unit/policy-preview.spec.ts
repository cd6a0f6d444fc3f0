import { defaultYearPolicy, workCalendar, yearDuePreview, type CalendarData, type YearPolicy } from '../../libs/domain/index.js';

/** A calendar of one published holiday, counted by hand below: 2026-04-06 (Monday, 清明) off, weekends off. */
const data: CalendarData = { holidays: new Set(['2026-04-06']), workdays: new Set(), coveredYears: new Set([2026]) };
const calendar = workCalendar(data);

describe(yearDuePreview.name, () => {
  it('computes each quarterly report from the working-day rule, with its reminders and the rule in words', () => {
    const q1 = yearDuePreview(defaultYearPolicy(2026), calendar).entries.find((e) => e.key === 'report-q1');
    // Q1 ends Tue 03-31; working days after it: 04-01, 04-02, 04-03, (04-04/05 weekend, 04-06 holiday) 04-07, 04-08.
    expect(q1).toEqual({
      key: 'report-q1',
      label: '第一季度报告',
      dueAt: '2026-04-08T17:30:00+08:00',
      remindAt: ['2026-04-02T09:00:00+08:00', '2026-04-07T09:00:00+08:00', '2026-04-08T09:00:00+08:00'],
      rule: '期末后第5个工作日 17:30；T−3个工作日 09:00 提醒；T−1个工作日 09:00 提醒；T−0个工作日 09:00 提醒',
      covered: true,
    });
  });

  it('uses the fixed dates and the ladder’s reminders when the policy has no rule, and says when a year is not covered', () => {
    const base = defaultYearPolicy(2026);
    const policy: YearPolicy = {
      ...base,
      quarterly: { quarters: [{ quarter: 4, dueAt: '2027-01-15T17:30:00+08:00' }], ladder: { remindBefore: ['1d'], escalate: [] } },
    };
    const q4 = yearDuePreview(policy, calendar).entries.find((e) => e.key === 'report-q4');
    expect(q4).toEqual({
      key: 'report-q4',
      label: '第四季度报告',
      dueAt: '2027-01-15T17:30:00+08:00',
      remindAt: ['2027-01-14T09:30:00.000Z'],
      rule: '固定日期；提前 1d 提醒',
      covered: false,
    });
  });

  it('words the rectification periods by severity, counted from the day a finding is raised', () => {
    const entries = yearDuePreview(defaultYearPolicy(2026), calendar).entries.filter((e) => e.key.startsWith('rectification-'));
    expect(entries.map((e) => [e.label, e.dueAt, e.rule])).toEqual([
      ['一般问题整改', null, '提出问题后第20个工作日 17:30；验证未通过的，重新整改后第10个工作日 17:30'],
      ['较重问题整改', null, '提出问题后第10个工作日 17:30；验证未通过的，重新整改后第5个工作日 17:30'],
      ['重大问题整改', null, '提出问题后第5个工作日 17:30；验证未通过的，重新整改后第3个工作日 17:30'],
    ]);
  });
});
