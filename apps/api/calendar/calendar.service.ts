import { BadRequestException, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, IsNull, MoreThan, Not } from 'typeorm';
import { publishedCalendar } from '../../../libs/calendar/chinese-days.js';
import { CalendarOverrideEntity, DeadlineEntity } from '../../../libs/db/entities/index.js';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import {
  addDays,
  calendarOverrideErrors,
  deadlineWorkflowId,
  describeDays,
  recomputeGuessed,
  workCalendar,
  type CalendarDay,
  type CalendarOverride,
  type WorkCalendar,
} from '../../../libs/domain/index.js';
import { rescheduleSignal } from '../../../workflows/deadline.messages.js';
import { AccessService } from '../access/access.service.js';
import { invalidField } from '../http/refusal.js';
import { WorkflowGateway } from '../temporal/workflow-gateway.service.js';

export interface WorkdaysResponse {
  from: string;
  to: string;
  days: CalendarDay[];
  /** Each year in the range, and whether published arrangements or overrides cover it. */
  years: { year: number; covered: boolean }[];
  /** Set when part of the range is read as weekends only. */
  warning: string | null;
}

/** At most a year and a bit per request: enough for any due-date rule, small enough to answer at once. */
const maxDays = 400;

/**
 * The working-day calendar (工作日历): statutory holidays and 调休 as published in the `chinese-days` package, plus
 * the admins' overrides, which win. Due dates in working days are computed from it. A due date computed while its
 * year was unpublished (weekends only) is computed again, once, when the year becomes covered: by overrides saved
 * here, or by newer package data, checked when the API starts.
 */
@Injectable()
export class CalendarService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CalendarService.name);
  private readonly published = publishedCalendar();

  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly workflows: WorkflowGateway,
  ) {}

  onApplicationBootstrap(): void {
    // In the background: the API answers while Temporal is still coming up; a failure waits for the next save.
    void this.rescheduleGuessed().catch((error: unknown) => this.logger.warn(`guessed due dates not rescheduled at start: ${String(error)}`));
  }

  async overrides(): Promise<CalendarOverride[]> {
    const rows = await this.ds.getRepository(CalendarOverrideEntity).find({ order: { date: 'ASC' } });
    return rows.map((r) => ({ date: r.date, kind: r.kind, ...(r.note ? { note: r.note } : {}) }));
  }

  /** The working-day calendar as due dates are computed on it now: the published one with today's overrides. */
  async calendar(): Promise<WorkCalendar> {
    return workCalendar(this.published, await this.overrides());
  }

  async workdays(from: string, to: string): Promise<WorkdaysResponse> {
    if (to < from) throw invalidField('to: 结束日期不能早于开始日期');
    if (to > addDays(from, maxDays - 1)) throw invalidField(`to: 一次最多查询 ${maxDays} 天，请缩小日期范围`);
    const overrides = await this.overrides();
    const calendar = workCalendar(this.published, overrides);
    const days = describeDays(this.published, overrides, from, to);
    const years = [...new Set(days.map((d) => Number(d.date.slice(0, 4))))].map((year) => ({ year, covered: calendar.covers(year) }));
    const uncovered = years.filter((y) => !y.covered).map((y) => y.year);
    const warning = uncovered.length
      ? `no holiday arrangements are published for ${uncovered.join(', ')} yet: those days are read as weekends only until overrides or a newer calendar cover them`
      : null;
    if (warning) this.logger.warn(warning);
    return { from, to, days, years, warning };
  }

  /** Replaces the whole set of overrides (admin), audited with the set it replaced. */
  async putOverrides(personId: string, overrides: CalendarOverride[]): Promise<CalendarOverride[]> {
    await this.access.assertAdmin(personId);
    const errors = calendarOverrideErrors(overrides);
    if (errors.length > 0) throw new BadRequestException({ statusCode: 400, message: errors });
    const wanted = overrides.map((o) => ({ date: o.date, kind: o.kind, ...(o.note ? { note: o.note } : {}) }));
    await this.ds.transaction(async (m) => {
      const previous = await m.getRepository(CalendarOverrideEntity).find({ order: { date: 'ASC' } });
      // DELETE, not TRUNCATE (repository.clear()): the app's role may not truncate, and readers need no exclusive lock.
      await m.createQueryBuilder().delete().from(CalendarOverrideEntity).execute();
      if (wanted.length > 0) {
        await m.getRepository(CalendarOverrideEntity).insert(wanted.map((o) => ({ ...o, note: o.note ?? null, updatedBy: personId, updatedAt: new Date() })));
      }
      await appendAudit(m, {
        projectId: null,
        actorId: personId,
        action: 'calendar_overrides_set',
        entity: 'calendar',
        entityId: null,
        detail: { overrides: wanted, previous: previous.map((r) => ({ date: r.date, kind: r.kind, note: r.note })) },
      });
    });
    await this.rescheduleGuessed();
    return this.overrides();
  }

  /**
   * Every open date still to come that was guessed on a year the calendar now covers is computed again by its own
   * rule. A date that moves is sent to its deadline, which moves its clock, tells the owners and clears the flag;
   * one that stays is settled here. A deadline that cannot be reached keeps its flag, so the next save tries again.
   */
  private async rescheduleGuessed(): Promise<void> {
    const calendar = await this.calendar();
    const repo = this.ds.getRepository(DeadlineEntity);
    const guessed = await repo.find({ where: { guessed: Not(IsNull()), status: 'open', dueAt: MoreThan(new Date()) }, order: { dueAt: 'ASC' } });
    for (const row of guessed) {
      const settled = row.guessed && recomputeGuessed(calendar, row.guessed);
      if (!row.guessed || !settled) continue;
      if (Date.parse(settled.dueAt) === row.dueAt.getTime()) {
        await repo.update({ ref: row.ref }, { guessed: null });
        continue;
      }
      const reschedule = { dueAt: settled.dueAt, remindAt: settled.remindAt, years: row.guessed.uncoveredYears };
      try {
        await this.workflows.signal(deadlineWorkflowId(row.ref), rescheduleSignal, reschedule);
      } catch (error) {
        this.logger.warn(`deadline ${row.ref} not rescheduled to ${settled.dueAt}: ${String(error)}`);
      }
    }
  }
}
