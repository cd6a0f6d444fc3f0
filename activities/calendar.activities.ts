import { log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { publishedCalendar } from '../libs/calendar/chinese-days.js';
import { CalendarOverrideEntity } from '../libs/db/entities/index.js';
import { addDays, dueSchedule, workCalendar, workdaysAhead, type CalendarDate, type DueRule, type DueSchedule, type ReminderRule, type WorkCalendar, type WorkdayList } from '../libs/domain/index.js';
import type { ActivityDeps } from './deps.js';

/** The calendar as it stands now: the published data (read once per worker) with today's admin overrides. */
export function calendarLoader(ds: DataSource): () => Promise<WorkCalendar> {
  const published = publishedCalendar();
  return async () => {
    const rows = await ds.getRepository(CalendarOverrideEntity).find();
    return workCalendar(published, rows.map((r) => ({ date: r.date, kind: r.kind })));
  };
}

/**
 * Due dates in working days. An activity, so the dates a workflow acts on are recorded in its history: a replay, or a
 * later change to the calendar, never moves a due date already announced.
 */
export function createCalendarActivities({ ds }: ActivityDeps) {
  const current = calendarLoader(ds);
  return {
    /** `start` names the day counted from in the rule's words (期末 by default). */
    async scheduleDue(input: { periodEnd: CalendarDate; rule: DueRule; reminders: ReminderRule[]; start?: string }): Promise<DueSchedule> {
      const calendar = await current();
      const schedule = dueSchedule(calendar, input.periodEnd, input.rule, input.reminders, input.start);
      if (!schedule.covered) log.warn('due date computed on weekends only: no holiday arrangements published for a year involved', { ...input, dueAt: schedule.dueAt });
      return schedule;
    },

    async workdaysAhead(input: { from: CalendarDate; days: number }): Promise<WorkdayList> {
      const calendar = await current();
      const years = [...new Set([input.from, addDays(input.from, input.days)].map((d) => Number(d.slice(0, 4))))];
      const uncovered = years.filter((y) => !calendar.covers(y));
      if (uncovered.length > 0) log.warn('working days counted on weekends only: no holiday arrangements published for a year involved', { ...input, uncovered });
      return workdaysAhead(calendar, input.from, input.days);
    },
  };
}
