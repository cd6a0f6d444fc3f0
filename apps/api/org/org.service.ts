import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import type { Config } from '../../../libs/config/index.js';
import { OrgUnitEntity, PersonEntity, RoleAssignmentEntity } from '../../../libs/db/entities/index.js';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import { currentTerm } from '../../../libs/db/repositories/org.repository.js';
import { addDays, atBeijingTime, roleByLabel, type Role } from '../../../libs/domain/index.js';
import { AccessService } from '../access/access.service.js';
import { configuredCost, hashPassword } from '../auth/password.js';
import { CONFIG } from '../core/core.module.js';
import { conflict, duplicate, invalidField } from '../http/refusal.js';
import type { CreateOrgUnitDto, CreatePersonDto, CreateRoleAssignmentDto } from './dto/org.dto.js';
import {
  toOrgUnitResponse,
  toPersonResponse,
  toRoleAssignmentResponse,
  type OrgUnitResponse,
  type PersonResponse,
  type RoleAssignmentResponse,
} from './org.mappers.js';

/** A role in the words of the import template (书记, 纪检审计, …), as people name it. */
const roleLabel = (role: Role): string => Object.keys(roleByLabel).find((label) => roleByLabel[label] === role) ?? role;

/** Master data: written by the API itself (no process state), each change audited in the same transaction. */
@Injectable()
export class OrgService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async listUnits(personId: string): Promise<OrgUnitResponse[]> {
    const visible = (await this.access.scopeOf(personId)).visibleUnitIds();
    if (visible.length === 0) return [];
    // Creation order puts every parent before its children, which is how the tree is read.
    const rows = await this.ds.getRepository(OrgUnitEntity).find({ where: { id: In(visible) }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(toOrgUnitResponse);
  }

  async getUnit(personId: string, id: string): Promise<OrgUnitResponse> {
    return toOrgUnitResponse(await this.access.unitOrFail(personId, id, 'read'));
  }

  async createUnit(personId: string, dto: CreateOrgUnitDto): Promise<OrgUnitResponse> {
    await this.access.assertAdmin(personId);
    return this.ds.transaction(async (m) => {
      const parent = dto.parentId ? await m.getRepository(OrgUnitEntity).findOneBy({ id: dto.parentId }) : null;
      if (dto.parentId && !parent) throw invalidField('parentId: 上级党组织不存在，请从组织树中选择');
      if (parent?.closedAt) throw conflict('上级组织已撤销，不能在其下新建组织');
      if (!parent && dto.kind !== 'committee') throw invalidField('parentId: 请选择上级党组织：只有党委可以作为组织树的最上级');
      // 党支部 is the grass-roots level: approval chains and escalation assume nothing hangs below it.
      if (parent?.kind === 'branch') throw invalidField('parentId: 党支部下不能再设党组织，请选择党委或党总支作为上级');
      const category = dto.category ?? null;
      const unit = await m.getRepository(OrgUnitEntity).save({ name: dto.name, kind: dto.kind, parentId: dto.parentId ?? null, category });
      await appendAudit(m, {
        projectId: null,
        actorId: personId,
        action: 'org_unit_created',
        entity: 'org_unit',
        entityId: unit.id,
        detail: { name: dto.name, kind: dto.kind, parentId: dto.parentId ?? null, category },
      });
      return toOrgUnitResponse(unit);
    });
  }

  /** Admins see everyone; others see the people holding a role in a unit they can see. */
  async listPeople(personId: string): Promise<PersonResponse[]> {
    const scope = await this.access.scopeOf(personId);
    const people = this.ds.getRepository(PersonEntity);
    if (scope.admin) return (await people.find({ order: { name: 'ASC' } })).map(toPersonResponse);
    const visible = scope.visibleUnitIds();
    if (visible.length === 0) return [];
    const grants = await this.ds.getRepository(RoleAssignmentEntity).findBy({ orgUnitId: In(visible), ...currentTerm() });
    const ids = [...new Set(grants.map((g) => g.personId))];
    if (ids.length === 0) return [];
    return (await people.find({ where: { id: In(ids) }, order: { name: 'ASC' } })).map(toPersonResponse);
  }

  /** An initial password is the administrator's choice, not the person's: like a reset, it must be changed at first login. */
  async createPerson(personId: string, dto: CreatePersonDto): Promise<PersonResponse> {
    await this.access.assertAdmin(personId);
    const passwordHash = dto.password ? await hashPassword(dto.password, configuredCost(this.config)) : null;
    return this.ds.transaction(async (m) => {
      const taken = await m.getRepository(PersonEntity).createQueryBuilder('p').where('lower(p.email) = lower(:email)', { email: dto.email }).getExists();
      // A concurrent twin that slips past this check hits the unique index instead; the filter answers it the same.
      if (taken) throw duplicate(`a person with e-mail ${dto.email} already exists`);
      const person = await m.getRepository(PersonEntity).save({ name: dto.name, email: dto.email, passwordHash, mustChangePassword: passwordHash !== null });
      await appendAudit(m, {
        projectId: null,
        actorId: personId,
        action: 'person_created',
        entity: 'person',
        entityId: person.id,
        detail: { name: dto.name, email: dto.email, canLogIn: passwordHash !== null, mustChangePassword: passwordHash !== null },
      });
      return toPersonResponse(person);
    });
  }

  async assignRole(personId: string, dto: CreateRoleAssignmentDto): Promise<RoleAssignmentResponse> {
    await this.access.assertAdmin(personId);
    // An admin grant is organisation-wide by nature (isAdmin ignores its unit), so a unit on it would only mislead.
    if (dto.role === 'admin' && dto.orgUnitId) throw invalidField('orgUnitId: 管理员面向整个组织，任命管理员时不要选择党组织');
    if (!dto.orgUnitId && dto.role !== 'admin' && dto.role !== 'auditor') {
      throw invalidField(`orgUnitId: 任命${roleLabel(dto.role)}请选择党组织：只有管理员和纪检审计可以面向整个组织`);
    }
    const orgUnitId = dto.orgUnitId ?? null;
    const validFrom = dto.startsOn ? new Date(atBeijingTime(dto.startsOn, '00:00')) : new Date();
    // The last day is held whole: the term ends as the next day begins.
    const validUntil = dto.endsOn ? new Date(atBeijingTime(addDays(dto.endsOn, 1), '00:00')) : null;
    if (validUntil && validUntil <= validFrom) throw invalidField('endsOn: 结束日期不能早于开始日期');
    return this.ds.transaction(async (m) => {
      const holder = await m.getRepository(PersonEntity).findOneBy({ id: dto.personId });
      if (!holder) throw invalidField('personId: 人员不存在，请从人员列表中选择');
      // A deactivated person holds no role: one given back would route work (and admin rights) to nobody.
      if (holder.deactivatedAt !== null) throw conflict('该人员已停用，不能任命角色');
      const unit = orgUnitId ? await m.getRepository(OrgUnitEntity).findOneBy({ id: orgUnitId }) : null;
      if (orgUnitId && !unit) throw invalidField('orgUnitId: 党组织不存在，请从组织列表中选择');
      if (unit?.closedAt) throw conflict('该组织已撤销，不能任命角色');
      const held = await m.getRepository(RoleAssignmentEntity).existsBy({ personId: dto.personId, role: dto.role, orgUnitId: orgUnitId ?? IsNull(), validUntil: IsNull() });
      if (held) throw duplicate('this person already holds this role there');
      const grant = await m.getRepository(RoleAssignmentEntity).save({ personId: dto.personId, orgUnitId, role: dto.role, validFrom, validUntil });
      await appendAudit(m, {
        projectId: null,
        actorId: personId,
        action: 'role_assigned',
        entity: 'role_assignment',
        entityId: grant.id,
        detail: { personId: dto.personId, orgUnitId, role: dto.role, validFrom: validFrom.toISOString(), validUntil: validUntil?.toISOString() ?? null },
      });
      return toRoleAssignmentResponse(grant);
    });
  }
}
