import { log } from '@temporalio/activity';
import { publishedCalendar } from '../libs/calendar/chinese-days.js';
import { CalendarOverrideEntity } from '../libs/db/entities/index.js';
import { dueSchedule, workCalendar, type CalendarDate, type DueRule, type DueSchedule, type ReminderRule } from '../libs/domain/index.js';
import type { ActivityDeps } from './deps.js';

/**
 * Due dates in working days. An activity, so the dates a workflow acts on are recorded in its history: a replay, or a
 * later change to the calendar, never moves a due date already announced.
 */
export function createCalendarActivities({ ds }: ActivityDeps) {
  const published = publishedCalendar();
  return {
    async scheduleDue(input: { periodEnd: CalendarDate; rule: DueRule; reminders: ReminderRule[] }): Promise<DueSchedule> {
      const rows = await ds.getRepository(CalendarOverrideEntity).find();
      const calendar = workCalendar(published, rows.map((r) => ({ date: r.date, kind: r.kind })));
      const schedule = dueSchedule(calendar, input.periodEnd, input.rule, input.reminders);
      if (!schedule.covered) log.warn('due date computed on weekends only: no holiday arrangements published for a year involved', { ...input, dueAt: schedule.dueAt });
      return schedule;
    },
  };
}
