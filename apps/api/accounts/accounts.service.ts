import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull, Not, type EntityManager } from 'typeorm';
import type { Config } from '../../../libs/config/index.js';
import { PersonEntity, RoleAssignmentEntity } from '../../../libs/db/entities/index.js';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import { endSessions } from '../../../libs/db/repositories/person.repository.js';
import { passwordProblems } from '../../../libs/domain/index.js';
import { AccessService } from '../access/access.service.js';
import { configuredCost, hashPassword } from '../auth/password.js';
import { CONFIG } from '../core/core.module.js';
import { conflict, invalidField, notFound } from '../http/refusal.js';
import { toPersonResponse, toRoleAssignmentResponse, type PersonResponse, type RoleAssignmentResponse } from '../org/org.mappers.js';
import { HandOverService, type HandOverResult } from './hand-over.service.js';

export type AccountResponse = PersonResponse & { mustChangePassword: boolean; deactivatedAt: string | null };

export interface DeactivationResponse extends HandOverResult {
  person: AccountResponse;
  /** The roles this request ended (none when the person was deactivated earlier). */
  endedRoles: RoleAssignmentResponse[];
}

const toAccountResponse = (p: PersonEntity): AccountResponse => ({
  ...toPersonResponse(p),
  mustChangePassword: p.mustChangePassword,
  deactivatedAt: p.deactivatedAt?.toISOString() ?? null,
});

/**
 * Accounts an administrator looks after: a temporary password, deactivation, a role ended. Each ends the person's
 * sessions (their token version moves on) and is audited in the same transaction as the change.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly handOver: HandOverService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** 重置密码: the person logs in with the temporary password and must change it before anything else. */
  async resetPassword(adminId: string, personId: string, temporaryPassword: string): Promise<AccountResponse> {
    await this.access.assertAdmin(adminId);
    const person = await this.ds.getRepository(PersonEntity).findOneBy({ id: personId });
    if (!person) throw notFound('person');
    if (person.deactivatedAt) throw conflict('此人员已停用，不能重置密码');
    const problems = passwordProblems(temporaryPassword);
    if (problems.length > 0) throw invalidField(`temporaryPassword: ${problems.join('；')}`);
    const passwordHash = await hashPassword(temporaryPassword, configuredCost(this.config));
    return this.ds.transaction(async (m) => {
      await m.getRepository(PersonEntity).update({ id: personId }, { passwordHash, mustChangePassword: true });
      await endSessions(m, personId);
      await appendAudit(m, { projectId: null, actorId: adminId, action: 'password_reset', entity: 'person', entityId: personId, detail: { mustChangePassword: true } });
      return toAccountResponse(await m.getRepository(PersonEntity).findOneByOrFail({ id: personId }));
    });
  }

  /**
   * 停用: no more logins or sessions, no roles (so no new work is routed to them), and their open approval steps
   * handed to their units' secretaries. Asking again for someone already deactivated hands over what is still
   * open (a step whose hand-over failed earlier), changing nothing else.
   */
  async deactivate(adminId: string, personId: string): Promise<DeactivationResponse> {
    await this.access.assertAdmin(adminId);
    if (!(await this.ds.getRepository(PersonEntity).existsBy({ id: personId }))) throw notFound('person');
    if (personId === adminId) throw conflict('不能停用自己的账号');
    const { person, endedRoles } = await this.ds.transaction(async (m) => {
      const locked = await m.getRepository(PersonEntity).findOneOrFail({ where: { id: personId }, lock: { mode: 'pessimistic_write' } });
      if (locked.deactivatedAt) return { person: locked, endedRoles: [] };
      const ended = await this.endRoles(m, adminId, personId, 'deactivated');
      await m.getRepository(PersonEntity).update({ id: personId }, { deactivatedAt: new Date() });
      await endSessions(m, personId);
      await appendAudit(m, { projectId: null, actorId: adminId, action: 'person_deactivated', entity: 'person', entityId: personId, detail: { endedRoles: ended.length } });
      return { person: await m.getRepository(PersonEntity).findOneByOrFail({ id: personId }), endedRoles: ended };
    });
    const handedOver = await this.handOver.handOverOpenTasks(adminId, personId);
    return { person: toAccountResponse(person), endedRoles, ...handedOver };
  }

  /** 免职: the grant ends (its record is the audit event); the person's tokens, issued under it, end with it. */
  async endRoleAssignment(adminId: string, assignmentId: string): Promise<RoleAssignmentResponse> {
    await this.access.assertAdmin(adminId);
    const grant = await this.ds.getRepository(RoleAssignmentEntity).findOneBy({ id: assignmentId });
    if (!grant) throw notFound('role assignment');
    return this.ds.transaction(async (m) => {
      if (grant.role === 'admin') {
        // The organisation must keep someone who can look after it.
        // Locked, so two administrators ending each other's grant at once cannot both pass this check.
        const others = await m.getRepository(RoleAssignmentEntity).find({ where: { role: 'admin', orgUnitId: IsNull(), validUntil: IsNull(), id: Not(grant.id) }, lock: { mode: 'pessimistic_write' } });
        if (others.length === 0) throw conflict('这是最后一个管理员角色，不能结束');
      }
      const [ended] = await this.endRoles(m, adminId, grant.personId, 'ended', grant.id);
      if (!ended) throw notFound('role assignment');
      await endSessions(m, grant.personId);
      return ended;
    });
  }

  /** Ends the person's open grants (one, or all), each with its audit event; answers what was ended. */
  private async endRoles(m: EntityManager, adminId: string, personId: string, reason: string, onlyId?: string): Promise<RoleAssignmentResponse[]> {
    const repo = m.getRepository(RoleAssignmentEntity);
    const open = { personId, validUntil: IsNull() };
    const grants = await repo.find({ where: onlyId ? { ...open, id: onlyId } : open, lock: { mode: 'pessimistic_write' } });
    for (const g of grants) {
      // Ended, not deleted: the row is the record of who held the post until when (换届 history).
      g.validUntil = new Date();
      await repo.update({ id: g.id }, { validUntil: g.validUntil });
      await appendAudit(m, {
        projectId: null,
        actorId: adminId,
        action: 'role_ended',
        entity: 'role_assignment',
        entityId: g.id,
        detail: { personId, orgUnitId: g.orgUnitId, role: g.role, reason },
      });
    }
    return grants.map(toRoleAssignmentResponse);
  }
}
