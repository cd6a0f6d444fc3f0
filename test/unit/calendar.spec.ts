import fc from 'fast-check';
import { publishedCalendar } from '../../libs/calendar/chinese-days.js';
import {
  addDays,
  addWorkingDays,
  atBeijingTime,
  beijingDateOf,
  defaultYearPolicy,
  defaultApprovalPolicy,
  dueRuleErrors,
  dueSchedule,
  levelSchedule,
  workdaysAhead,
  nthWorkingDayOfMonth,
  planLadder,
  quarterEnd,
  recomputeGuessed,
  workCalendar,
  workingDaysBefore,
  type CalendarOverride,
} from '../../libs/domain/index.js';
import { refusalCodeOf } from '../support/refusal-code.js';


describe('the working-day calendar on the published 2026 arrangements', () => {
  const calendar = workCalendar(publishedCalendar());

  it.each<[string, boolean, string]>([
    ['2026-10-01', false, 'National Day'],
    ['2026-10-07', false, 'the last day of the National Day holiday'],
    ['2026-10-08', true, 'the first working day after it'],
    ['2026-10-10', true, 'a Saturday made a working day (调休)'],
    ['2026-10-11', false, 'an ordinary Sunday'],
    ['2026-09-30', true, 'an ordinary Wednesday'],
    ['2026-02-17', false, 'Spring Festival'],
  ])('reads %s as working day: %s (%s)', (date, expected) => {
    expect(calendar.isWorkingDay(date)).toBe(expected);
  });

  it.each<[string, number, string]>([
    ['2026-09-30', 5, '2026-10-13'],
    ['2026-09-30', 1, '2026-10-08'],
    ['2026-10-09', 1, '2026-10-10'],
    ['2026-10-09', 0, '2026-10-09'],
    // 2027's arrangements are not yet published: its New Year's Day (a Friday) counts as a working day.
    ['2026-12-30', 3, '2027-01-04'],
  ])('counts %s + %i working days as %s', (from, n, expected) => {
    expect(addWorkingDays(calendar, from, n)).toBe(expected);
  });

  it('finds the Nth working day of a month, and says when a month has fewer', () => {
    expect(nthWorkingDayOfMonth(calendar, 2026, 10, 5)).toBe('2026-10-13');
    expect(nthWorkingDayOfMonth(calendar, 2026, 10, 1)).toBe('2026-10-08');
    expect(refusalCodeOf(() => nthWorkingDayOfMonth(calendar, 2026, 10, 30))).toBe('INVALID_INPUT');
  });

  it('finds working day T−k before a due date, skipping the holiday', () => {
    // Due on 2026-10-09: T−1 is 2026-10-08, T−2 falls back over the whole National Day week to 2026-09-30.
    expect(workingDaysBefore(calendar, '2026-10-09', 1)).toBe('2026-10-08');
    expect(workingDaysBefore(calendar, '2026-10-09', 2)).toBe('2026-09-30');
    // A due date on a holiday is reminded from the working day before it.
    expect(workingDaysBefore(calendar, '2026-10-04', 0)).toBe('2026-09-30');
  });

  it('puts due times and reminders at Beijing time, whatever zone the process runs in', () => {
    expect(atBeijingTime('2026-10-13', '17:30')).toBe('2026-10-13T17:30:00+08:00');
    expect(new Date(atBeijingTime('2026-10-13', '09:00')).toISOString()).toBe('2026-10-13T01:00:00.000Z');
    expect(beijingDateOf(Date.parse('2026-10-12T16:30:00Z'))).toBe('2026-10-13');
    expect(refusalCodeOf(() => atBeijingTime('2026-10-13', '25:00'))).toBe('INVALID_INPUT');
  });

  it('covers the published years and not the next one', () => {
    expect(calendar.covers(2026)).toBe(true);
    expect(calendar.covers(2099)).toBe(false);
  });
});

describe('a year the publication does not cover', () => {
  const data = publishedCalendar();

  it('falls back to weekends only', () => {
    const calendar = workCalendar(data);
    expect(calendar.covers(2099)).toBe(false);
    // 2099-10-01 is a Thursday: with no arrangement published it is an ordinary working day.
    expect(calendar.isWorkingDay('2099-10-01')).toBe(true);
    expect(calendar.isWorkingDay('2099-10-03')).toBe(false);
    expect(addWorkingDays(calendar, '2099-09-30', 5)).toBe('2099-10-07');
  });

  it('is covered once an admin enters overrides for it, and the overrides win over published data', () => {
    const overrides: CalendarOverride[] = [
      { date: '2099-10-01', kind: 'holiday', note: '国庆节' },
      { date: '2099-10-03', kind: 'workday', note: '调休' },
      { date: '2026-10-10', kind: 'holiday', note: '公司安排' },
    ];
    const calendar = workCalendar(data, overrides);
    expect(calendar.covers(2099)).toBe(true);
    expect(calendar.isWorkingDay('2099-10-01')).toBe(false);
    expect(calendar.isWorkingDay('2099-10-03')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(false);
    expect(addWorkingDays(calendar, '2026-09-30', 5)).toBe('2026-10-14');
  });
});

describe('calendar arithmetic (properties)', () => {
  const calendar = workCalendar(publishedCalendar());
  const dateArb = fc.date({ min: new Date('2004-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

  it('lands N working days later on a working day, with exactly N working days after the start', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 30 }), (from, n) => {
        const to = addWorkingDays(calendar, from, n);
        expect(calendar.isWorkingDay(to)).toBe(true);
        let count = 0;
        for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) count++;
        expect(count).toBe(n);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses dates that do not exist', () => {
    expect(refusalCodeOf(() => addDays('2026-02-30', 1))).toBe('INVALID_INPUT');
    expect(refusalCodeOf(() => addWorkingDays(calendar, '2026-13-01', 1))).toBe('INVALID_INPUT');
    expect(refusalCodeOf(() => addWorkingDays(calendar, '2026-10-01', -1))).toBe('INVALID_INPUT');
  });
});

describe('due dates by rule (quarterly reports)', () => {
  const calendar = workCalendar(publishedCalendar());
  const policy = defaultYearPolicy(2026).quarterly;

  it('puts the Q3 2026 report on the 5th working day after the quarter, reminded at 09:00 on T−3, T−1 and the day', () => {
    const schedule = dueSchedule(calendar, quarterEnd(2026, 3), policy.dueRule!, policy.remindOn!);
    expect(schedule).toEqual({
      dueAt: '2026-10-13T17:30:00+08:00',
      // T−1 is Monday the 12th; T−2 the make-up Saturday the 10th; T−3 Friday the 9th.
      remindAt: ['2026-10-09T09:00:00+08:00', '2026-10-12T09:00:00+08:00', '2026-10-13T09:00:00+08:00'],
      rule: '期末后第5个工作日 17:30；T−3个工作日 09:00 提醒；T−1个工作日 09:00 提醒；T−0个工作日 09:00 提醒',
      covered: true,
      uncoveredYears: [],
    });
  });

  it('says when the dates assume weekends only, for Q4 of a year whose next year is not published', () => {
    const schedule = dueSchedule(calendar, quarterEnd(2026, 4), policy.dueRule!, []);
    // 2027-01-01 is a Friday: with 2027 unpublished it counts, so the 5th working day is Thursday the 7th.
    expect([schedule.dueAt, schedule.covered, schedule.uncoveredYears]).toEqual(['2027-01-07T17:30:00+08:00', false, [2027]]);
  });

  it('computes a guessed Q4 date again by the same rule only once every year it guessed is covered', () => {
    const guessed = { periodEnd: quarterEnd(2026, 4), rule: policy.dueRule!, reminders: [], uncoveredYears: [2027] };
    expect(recomputeGuessed(calendar, guessed)).toBeNull();
    expect(recomputeGuessed(workCalendar(publishedCalendar(), [{ date: '2026-12-31', kind: 'holiday' }]), guessed)).toBeNull();
    // 元旦 published through an override: Friday the 1st is a holiday, so the 5th working day is Friday the 8th.
    const published = workCalendar(publishedCalendar(), [{ date: '2027-01-01', kind: 'holiday' }]);
    expect(recomputeGuessed(published, guessed)).toMatchObject({ dueAt: '2027-01-08T17:30:00+08:00', covered: true, uncoveredYears: [] });
  });

  it('also puts a report on the Nth working day of the next month', () => {
    const schedule = dueSchedule(calendar, quarterEnd(2026, 3), { kind: 'nth_working_day_of_next_month', n: 1, at: '12:00' }, []);
    expect(schedule.dueAt).toBe('2026-10-08T12:00:00+08:00');
  });

  it('names every bad field of a rule', () => {
    expect(dueRuleErrors({ kind: 'working_days_after', days: -1, at: '5pm' }, [{ workingDaysBefore: 1.5, at: '09:00' }], 'quarterly')).toEqual([
      'quarterly.dueRule.days 应为 0 到 60 之间的整数',
      'quarterly.dueRule.at 应为时刻，格式为 HH:MM，例如 17:30',
      'quarterly.remindOn[0].workingDaysBefore 应为 0 到 30 之间的整数',
    ]);
  });

  it('adds the computed reminders to the ladder after the duration ones, each with its own index', () => {
    const due = Date.parse('2026-10-13T17:30:00+08:00');
    const rungs = planLadder(due, { remindBefore: ['1h'], escalate: [] }, [Date.parse('2026-10-09T09:00:00+08:00')]);
    expect(rungs.map((r) => [r.kind, r.index, new Date(r.atMs).toISOString()])).toEqual([
      ['reminder', 1, '2026-10-09T01:00:00.000Z'],
      ['reminder', 0, '2026-10-13T08:30:00.000Z'],
      ['overdue', 0, '2026-10-13T09:30:00.000Z'],
    ]);
  });
});

describe('approval levels on working days', () => {
  const calendar = workCalendar(publishedCalendar());
  const policy = defaultApprovalPolicy.levelDeadline!;
  const openedAt = (iso: string) => Date.parse(iso);

  it('falls due on the 3rd working day after the level opened, at 17:30, reminded at 09:00 the working day before', () => {
    // Opened on the eve of National Day: 10-08, 10-09 and the make-up Saturday 10-10 are the three working days.
    const list = workdaysAhead(calendar, '2026-09-30', 400);
    expect(levelSchedule(policy, openedAt('2026-09-30T10:00:00+08:00'), list)).toEqual({
      dueAt: '2026-10-10T17:30:00+08:00',
      remindAt: ['2026-10-09T09:00:00+08:00'],
      rule: '开启后第3个工作日 17:30；T−1个工作日 09:00 提醒',
    });
  });

  it('counts the day a level opened in Beijing, not in UTC', () => {
    // 2026-09-30 20:00 UTC is already 10-01 in Beijing, a holiday: the count starts from there.
    const list = workdaysAhead(calendar, '2026-09-30', 400);
    expect(levelSchedule(policy, openedAt('2026-09-30T20:00:00Z'), list).dueAt).toBe('2026-10-10T17:30:00+08:00');
    expect(levelSchedule(policy, openedAt('2026-10-08T01:00:00Z'), list).dueAt).toBe('2026-10-12T17:30:00+08:00');
  });

  it('reads days past the fetched list as weekends only', () => {
    // The list ends on 10-05, inside the holiday; after it, 10-06 and 10-07 count as ordinary weekdays.
    const list = workdaysAhead(calendar, '2026-09-28', 7);
    expect(levelSchedule(policy, openedAt('2026-10-05T10:00:00+08:00'), list).dueAt).toBe('2026-10-08T17:30:00+08:00');
  });

  it('keeps natural time for a policy that asks for it, with no rule to show', () => {
    const opened = openedAt('2026-10-01T02:00:00Z');
    expect(levelSchedule({ dueIn: '6s', remindBefore: [], escalateAfter: [] }, opened, null)).toEqual({ dueAt: '2026-10-01T02:00:06.000Z', remindAt: [], rule: null });
  });
});
