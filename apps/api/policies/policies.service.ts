import { BadRequestException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { YearPolicyEntity } from '../../../libs/db/entities/index.js';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import { defaultYearPolicy, ignoredFieldErrors, yearDuePreview, yearPolicyErrors, type YearDuePreview, type YearPolicy } from '../../../libs/domain/index.js';
import { AccessService } from '../access/access.service.js';
import { CalendarService } from '../calendar/calendar.service.js';

/**
 * The year's timings and rules as data. A project takes the version in force when it is submitted and keeps it
 * for its whole year (it travels in the workflow input), so changing a policy never moves a running project's dates.
 */
@Injectable()
export class PoliciesService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly calendar: CalendarService,
  ) {}

  async policyFor(year: number): Promise<YearPolicy> {
    const stored = await this.ds.getRepository(YearPolicyEntity).findOneBy({ year });
    return stored?.body ?? defaultYearPolicy(year);
  }

  /** The year's due dates as its policy and today's working-day calendar give them (libs/domain yearDuePreview). */
  async duePreview(year: number): Promise<YearDuePreview> {
    const [policy, calendar] = await Promise.all([this.policyFor(year), this.calendar.calendar()]);
    return yearDuePreview(policy, calendar);
  }

  async put(personId: string, year: number, body: unknown): Promise<YearPolicy> {
    await this.access.assertAdmin(personId);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new BadRequestException({ statusCode: 400, message: ['the body must be a policy document (an object)'] });
    }
    // The path decides the year: a document copied from another year cannot land under the wrong one.
    const policy = { ...(body as YearPolicy), year };
    const errors = yearPolicyErrors(policy);
    // Only a document of the right shape can be compared field by field with what the year had (stored, or default).
    if (errors.length === 0) errors.push(...ignoredFieldErrors(policy, [await this.policyFor(year), defaultYearPolicy(year)]));
    // Same shape as a validation 400, every problem named, so one round trip fixes them all.
    if (errors.length > 0) throw new BadRequestException({ statusCode: 400, message: errors });
    await this.ds.transaction(async (m) => {
      const previous = await m.getRepository(YearPolicyEntity).findOneBy({ year });
      await m.getRepository(YearPolicyEntity).upsert({ year, version: policy.version, body: policy, updatedBy: personId, updatedAt: new Date() }, ['year']);
      await appendAudit(m, {
        projectId: null,
        actorId: personId,
        action: 'policy_set',
        entity: 'year_policy',
        entityId: String(year),
        detail: { version: policy.version, previousVersion: previous?.version ?? null, policy },
      });
    });
    return policy;
  }
}
