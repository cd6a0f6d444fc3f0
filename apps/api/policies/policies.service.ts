import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { YearPolicyEntity } from '../../../libs/db/entities/index.js';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import { defaultYearPolicy, yearPolicyErrors, type YearPolicy } from '../../../libs/domain/index.js';
import { AccessService } from '../access/access.service.js';
import { Refusal } from '../http/refusal.js';

/** The year's timings and rules as data; a project takes the version in force when it is submitted. */
@Injectable()
export class PoliciesService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
  ) {}

  async policyFor(year: number): Promise<YearPolicy> {
    const stored = await this.ds.getRepository(YearPolicyEntity).findOneBy({ year });
    return stored?.body ?? defaultYearPolicy(year);
  }

  async put(personId: string, year: number, body: YearPolicy): Promise<YearPolicy> {
    await this.access.assertAdmin(personId);
    const policy = { ...body, year };
    const errors = yearPolicyErrors(policy);
    if (errors.length > 0) throw new Refusal(400, 'INVALID_INPUT', errors.join('; '));
    await this.ds.transaction(async (m) => {
      await m.getRepository(YearPolicyEntity).upsert({ year, version: policy.version, body: policy, updatedBy: personId, updatedAt: new Date() }, ['year']);
      await appendAudit(m, { projectId: null, actorId: personId, action: 'policy_set', entity: 'year_policy', entityId: String(year), detail: { version: policy.version } });
    });
    return policy;
  }
}
