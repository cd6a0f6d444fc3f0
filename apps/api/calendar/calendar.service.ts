import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { publishedCalendar } from '../../../libs/calendar/chinese-days.js';
import { CalendarOverrideEntity } from '../../../libs/db/entities/index.js';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import { addDays, calendarOverrideErrors, describeDays, workCalendar, type CalendarDay, type CalendarOverride } from '../../../libs/domain/index.js';
import { AccessService } from '../access/access.service.js';
import { invalidField } from '../http/refusal.js';

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
 * the admins' overrides, which win. Due dates in working days are computed from it.
 */
@Injectable()
export class CalendarService {
  private readonly logger = new Logger(CalendarService.name);
  private readonly published = publishedCalendar();

  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
  ) {}

  async overrides(): Promise<CalendarOverride[]> {
    const rows = await this.ds.getRepository(CalendarOverrideEntity).find({ order: { date: 'ASC' } });
    return rows.map((r) => ({ date: r.date, kind: r.kind, ...(r.note ? { note: r.note } : {}) }));
  }

  async workdays(from: string, to: string): Promise<WorkdaysResponse> {
    if (to < from) throw invalidField('to must not be before from');
    if (to > addDays(from, maxDays - 1)) throw invalidField(`a range covers at most ${maxDays} days`);
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
      await m.getRepository(CalendarOverrideEntity).clear();
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
    return this.overrides();
  }
}
