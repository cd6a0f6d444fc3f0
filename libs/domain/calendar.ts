import { beijingOffsetMs } from './beijing-time.js';
import { choices } from './document-shape.js';
import { DomainError } from './errors.js';

/** A calendar day in the business zone (Asia/Shanghai), written YYYY-MM-DD. */
export type CalendarDate = string;

/** Statutory holidays and make-up working days (调休) as published, and the years that publication covers. */
export interface CalendarData {
  holidays: ReadonlySet<CalendarDate>;
  workdays: ReadonlySet<CalendarDate>;
  coveredYears: ReadonlySet<number>;
}

/** An admin's correction for one day: it wins over the published data. */
export interface CalendarOverride {
  date: CalendarDate;
  kind: 'holiday' | 'workday';
  note?: string;
}

export interface WorkCalendar {
  isWorkingDay(date: CalendarDate): boolean;
  /** False for a year neither the publication nor an override covers: that year is read as weekends only. */
  covers(year: number): boolean;
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: CalendarDate): [number, number, number] {
  const match = datePattern.exec(date);
  const [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [NaN, NaN, NaN];
  const utc = new Date(Date.UTC(y, m - 1, d));
  if (!match || utc.getUTCFullYear() !== y || utc.getUTCMonth() !== m - 1 || utc.getUTCDate() !== d) {
    throw new DomainError('INVALID_INPUT', `${date} is not a calendar date (YYYY-MM-DD)`);
  }
  return [y, m, d];
}

const yearOf = (date: CalendarDate): number => parts(date)[0];

/** Pure date arithmetic on calendar days; the zone plays no part until a time of day is attached. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const isWeekend = (date: CalendarDate): boolean => {
  const [y, m, d] = parts(date);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return weekday === 0 || weekday === 6;
};

/**
 * The working-day calendar: an override first, then the published holidays and make-up days, then weekends. A
 * year with neither data nor overrides falls back to weekends only, and says so through `covers`.
 */
export function workCalendar(data: CalendarData, overrides: readonly CalendarOverride[] = []): WorkCalendar {
  const byDate = new Map(overrides.map((o) => [o.date, o.kind]));
  const overriddenYears = new Set(overrides.map((o) => yearOf(o.date)));
  return {
    isWorkingDay(date) {
      const override = byDate.get(date);
      if (override) return override === 'workday';
      if (data.holidays.has(date)) return false;
      if (data.workdays.has(date)) return true;
      return !isWeekend(date);
    },
    covers: (year) => data.coveredYears.has(year) || overriddenYears.has(year),
  };
}

/** Why a day is or is not a working day, as GET /calendar/workdays shows it. */
export type DaySource = 'override' | 'published' | 'weekday' | 'weekend' | 'not_covered';

export interface CalendarDay {
  date: CalendarDate;
  working: boolean;
  source: DaySource;
}

/** The days from `from` to `to`, both included, each with the reason for its reading. */
export function describeDays(data: CalendarData, overrides: readonly CalendarOverride[], from: CalendarDate, to: CalendarDate): CalendarDay[] {
  const calendar = workCalendar(data, overrides);
  const overridden = new Set(overrides.map((o) => o.date));
  const days: CalendarDay[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const source: DaySource = overridden.has(date)
      ? 'override'
      : data.holidays.has(date) || data.workdays.has(date)
        ? 'published'
        : !calendar.covers(yearOf(date))
          ? 'not_covered'
          : isWeekend(date)
            ? 'weekend'
            : 'weekday';
    days.push({ date, working: calendar.isWorkingDay(date), source });
  }
  return days;
}

/** Every problem with a set of overrides, each naming its entry. */
export function calendarOverrideErrors(overrides: readonly CalendarOverride[]): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  overrides.forEach((o, i) => {
    try {
      parts(o.date);
    } catch {
      errors.push(`overrides[${i}].date 应为日期，格式为 YYYY-MM-DD`);
    }
    if (o.kind !== 'holiday' && o.kind !== 'workday') errors.push(`overrides[${i}].kind 应为 holiday（休息日）或 workday（工作日）`);
    if (seen.has(o.date)) errors.push(`overrides[${i}].date 日期 ${o.date} 重复出现，每个日期只能调整一次`);
    seen.add(o.date);
  });
  return errors;
}

/** "N working days after X": X itself never counts; 5 working days after 2026-09-30 is 2026-10-13. */
export function addWorkingDays(calendar: WorkCalendar, from: CalendarDate, n: number): CalendarDate {
  if (!Number.isInteger(n) || n < 0) throw new DomainError('INVALID_INPUT', 'a number of working days is a whole number of at least 0');
  let date = from;
  for (let counted = 0; counted < n; ) {
    date = addDays(date, 1);
    if (calendar.isWorkingDay(date)) counted++;
  }
  return date;
}

/** "Working day T−k": the k-th working day before `date` (k = 0: the date itself, or the working day before it). */
export function workingDaysBefore(calendar: WorkCalendar, date: CalendarDate, k: number): CalendarDate {
  if (!Number.isInteger(k) || k < 0) throw new DomainError('INVALID_INPUT', 'a number of working days is a whole number of at least 0');
  let day = date;
  while (!calendar.isWorkingDay(day)) day = addDays(day, -1);
  for (let counted = 0; counted < k; ) {
    day = addDays(day, -1);
    if (calendar.isWorkingDay(day)) counted++;
  }
  return day;
}

/** "The Nth working day of a month": the 5th working day of October 2026 is 2026-10-13. */
export function nthWorkingDayOfMonth(calendar: WorkCalendar, year: number, month: number, n: number): CalendarDate {
  if (!Number.isInteger(n) || n < 1) throw new DomainError('INVALID_INPUT', 'the Nth working day needs N of at least 1');
  const first = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
  const date = addWorkingDays(calendar, addDays(first, -1), n);
  if (parts(date)[1] !== month) throw new DomainError('INVALID_INPUT', `${year}-${month} has fewer than ${n} working days`);
  return date;
}

/** "Due at 17:30 on that day": the instant, as ISO with its zone, so every process reads the same moment. */
export function atBeijingTime(date: CalendarDate, time: string): string {
  parts(date);
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) throw new DomainError('INVALID_INPUT', `${time} is not a time of day (HH:MM)`);
  return `${date}T${time}:00+08:00`;
}

/** The Beijing calendar day an instant falls on. */
export const beijingDateOf = (instantMs: number): CalendarDate => new Date(instantMs + beijingOffsetMs).toISOString().slice(0, 10);

/** How a due date follows from the day its period ends (for a quarterly report: the last day of the quarter). */
export type DueRule =
  /** "N working days after X, at 17:30": the default for quarterly reports is the 5th working day after the quarter. */
  | { kind: 'working_days_after'; days: number; at: string }
  /** "The Nth working day of the month after X, at 17:30". */
  | { kind: 'nth_working_day_of_next_month'; n: number; at: string };

/** "Remind at 09:00 on working day T−k" (k = 0: the due day itself). */
export interface ReminderRule {
  workingDaysBefore: number;
  at: string;
}

/** A due date with its reminders, computed from a rule, and the rule in words, to show beside the date. */
export interface DueSchedule {
  dueAt: string;
  remindAt: string[];
  rule: string;
  /** False when a year involved has no published arrangements: the dates assume weekends only. */
  covered: boolean;
  /** Those years, for the notice to admins. */
  uncoveredYears: number[];
}

/** `start` names the day the rule counts from: 期末 (the period's end) for reports, 开启 for an approval level. */
export const describeDueRule = (rule: DueRule, start = '期末'): string =>
  rule.kind === 'working_days_after' ? `${start}后第${rule.days}个工作日 ${rule.at}` : `${start}次月第${rule.n}个工作日 ${rule.at}`;

export function dueDateOf(calendar: WorkCalendar, periodEnd: CalendarDate, rule: DueRule): CalendarDate {
  if (rule.kind === 'working_days_after') return addWorkingDays(calendar, periodEnd, rule.days);
  const [y, m] = parts(periodEnd);
  return nthWorkingDayOfMonth(calendar, m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, rule.n);
}

export function dueSchedule(calendar: WorkCalendar, periodEnd: CalendarDate, rule: DueRule, reminders: readonly ReminderRule[], start?: string): DueSchedule {
  const due = dueDateOf(calendar, periodEnd, rule);
  const reminderDates = reminders.map((r) => ({ date: workingDaysBefore(calendar, due, r.workingDaysBefore), at: r.at }));
  const years = new Set([periodEnd, due, ...reminderDates.map((r) => r.date)].map(yearOf));
  return {
    dueAt: atBeijingTime(due, rule.at),
    remindAt: reminderDates.map((r) => atBeijingTime(r.date, r.at)),
    rule: [describeDueRule(rule, start), ...reminders.map((r) => `T−${r.workingDaysBefore}个工作日 ${r.at} 提醒`)].join('；'),
    covered: [...years].every((y) => calendar.covers(y)),
    uncoveredYears: [...years].filter((y) => !calendar.covers(y)).sort(),
  };
}

/**
 * The inputs of a schedule computed while a year involved was unpublished (weekends only), kept so the same rule can
 * compute it again once those years' holidays are known.
 */
export interface GuessedSchedule {
  periodEnd: CalendarDate;
  rule: DueRule;
  reminders: ReminderRule[];
  start?: string;
  uncoveredYears: number[];
}

/** The schedule again on a calendar that now covers every year it guessed; null while some year is still unpublished. */
export function recomputeGuessed(calendar: WorkCalendar, guessed: GuessedSchedule): DueSchedule | null {
  if (!guessed.uncoveredYears.every((y) => calendar.covers(y))) return null;
  return dueSchedule(calendar, guessed.periodEnd, guessed.rule, guessed.reminders, guessed.start);
}

/** The last day of a quarter, the period a quarterly report covers. */
export const quarterEnd = (year: number, quarter: number): CalendarDate => ['', `${year}-03-31`, `${year}-06-30`, `${year}-09-30`, `${year}-12-31`][quarter];

const dueRuleKindLabels = { working_days_after: '期末后第 N 个工作日', nth_working_day_of_next_month: '次月第 N 个工作日' };
const timeRule = '应为时刻，格式为 HH:MM，例如 17:30';

/** Every problem with a due rule and its reminders, each naming its field (under `field`, or at the top level when it is empty). */
export function dueRuleErrors(rule: DueRule, reminders: readonly ReminderRule[] | undefined, field: string): string[] {
  const errors: string[] = [];
  const name = (path: string) => (field ? `${field}.${path}` : path);
  const time = /^([01]\d|2[0-3]):[0-5]\d$/;
  if (typeof rule !== 'object' || rule === null) return [`${name('dueRule')} 应为截止规则：规则类型（kind）、天数（days 或 n）和时刻（at）`];
  if (rule.kind === 'working_days_after') {
    if (!Number.isInteger(rule.days) || rule.days < 0 || rule.days > 60) errors.push(`${name('dueRule.days')} 应为 0 到 60 之间的整数`);
  } else if (rule.kind === 'nth_working_day_of_next_month') {
    if (!Number.isInteger(rule.n) || rule.n < 1 || rule.n > 15) errors.push(`${name('dueRule.n')} 应为 1 到 15 之间的整数`);
  } else errors.push(`${name('dueRule.kind')} 不是可选的规则类型，可选：${choices(dueRuleKindLabels)}`);
  if (!time.test(rule.at)) errors.push(`${name('dueRule.at')} ${timeRule}`);
  if (reminders !== undefined && !Array.isArray(reminders)) errors.push(`${name('remindOn')} 应为提醒列表`);
  else
    (reminders ?? []).forEach((r, i) => {
      if (!Number.isInteger(r?.workingDaysBefore) || r.workingDaysBefore < 0 || r.workingDaysBefore > 30) {
        errors.push(`${name(`remindOn[${i}].workingDaysBefore`)} 应为 0 到 30 之间的整数`);
      }
      if (!time.test(r?.at)) errors.push(`${name(`remindOn[${i}].at`)} ${timeRule}`);
    });
  return errors;
}

/**
 * The working days of a stretch of calendar, fetched once by a long-running workflow (an approval chain), so it
 * can count working days later without asking again, and replays count on the same days.
 */
export interface WorkdayList {
  from: CalendarDate;
  through: CalendarDate;
  workdays: CalendarDate[];
}

export function workdaysAhead(calendar: WorkCalendar, from: CalendarDate, days: number): WorkdayList {
  const through = addDays(from, days);
  const workdays: CalendarDate[] = [];
  for (let date = from; date <= through; date = addDays(date, 1)) if (calendar.isWorkingDay(date)) workdays.push(date);
  return { from, through, workdays };
}

/** The calendar a WorkdayList describes; outside its stretch, weekends only. */
export function calendarOfWorkdays(list: WorkdayList): WorkCalendar {
  const listed = new Set(list.workdays);
  return {
    isWorkingDay: (date) => (date >= list.from && date <= list.through ? listed.has(date) : !isWeekend(date)),
    covers: () => true,
  };
}
