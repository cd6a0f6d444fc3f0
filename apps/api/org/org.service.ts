import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import { OrgUnitEntity, PersonEntity, RoleAssignmentEntity } from '../../../libs/db/entities/index.js';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import { AccessService } from '../access/access.service.js';
import { hashPassword } from '../auth/password.js';
import { Refusal, duplicate, notFound } from '../http/refusal.js';
import type { CreateOrgUnitDto, CreatePersonDto, CreateRoleAssignmentDto } from './dto/org.dto.js';
import { toOrgUnitResponse, toPersonResponse, toRoleAssignmentResponse } from './org.mappers.js';

/** Master data: written by the API itself (no process state), each change audited in the same transaction. */
@Injectable()
export class OrgService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
  ) {}

  async listUnits(personId: string) {
    const scope = await this.access.scopeOf(personId);
    const visible = scope.visibleUnitIds();
    if (visible.length === 0) return [];
    const rows = await this.ds.getRepository(OrgUnitEntity).find({ where: { id: In(visible) }, order: { createdAt: 'ASC' } });
    return rows.map(toOrgUnitResponse);
  }

  async getUnit(personId: string, id: string) {
    const unit = await this.ds.getRepository(OrgUnitEntity).findOneBy({ id });
    if (!unit) throw notFound('org unit');
    await this.access.assertCanSee(personId, id);
    return toOrgUnitResponse(unit);
  }

  async createUnit(personId: string, dto: CreateOrgUnitDto) {
    await this.access.assertAdmin(personId);
    return this.ds.transaction(async (m) => {
      if (dto.parentId && !(await m.getRepository(OrgUnitEntity).existsBy({ id: dto.parentId }))) {
        throw new Refusal(400, 'INVALID_INPUT', 'parentId is not an existing org unit');
      }
      if (!dto.parentId && dto.kind !== 'committee') throw new Refusal(400, 'INVALID_INPUT', 'only a committee can be at the top of the tree');
      const unit = await m.getRepository(OrgUnitEntity).save({ name: dto.name, kind: dto.kind, parentId: dto.parentId ?? null });
      await appendAudit(m, { projectId: null, actorId: personId, action: 'org_unit_created', entity: 'org_unit', entityId: unit.id, detail: { ...dto } });
      return toOrgUnitResponse(unit);
    });
  }

  async listPeople(personId: string) {
    const scope = await this.access.scopeOf(personId);
    if (scope.admin) return (await this.ds.getRepository(PersonEntity).find({ order: { name: 'ASC' } })).map(toPersonResponse);
    const visible = scope.visibleUnitIds();
    if (visible.length === 0) return [];
    const grants = await this.ds.getRepository(RoleAssignmentEntity).findBy({ orgUnitId: In(visible) });
    const ids = [...new Set(grants.map((g) => g.personId))];
    return (await this.ds.getRepository(PersonEntity).findBy({ id: In(ids) })).map(toPersonResponse);
  }

  async createPerson(personId: string, dto: CreatePersonDto) {
    await this.access.assertAdmin(personId);
    return this.ds.transaction(async (m) => {
      const taken = await m.getRepository(PersonEntity).createQueryBuilder('p').where('lower(p.email) = lower(:email)', { email: dto.email }).getExists();
      if (taken) throw duplicate(`a person with e-mail ${dto.email} already exists`);
      const person = await m.getRepository(PersonEntity).save({
        name: dto.name,
        email: dto.email,
        passwordHash: dto.password ? await hashPassword(dto.password) : null,
      });
      await appendAudit(m, { projectId: null, actorId: personId, action: 'person_created', entity: 'person', entityId: person.id, detail: { name: dto.name, email: dto.email } });
      return toPersonResponse(person);
    });
  }

  async assignRole(personId: string, dto: CreateRoleAssignmentDto) {
    await this.access.assertAdmin(personId);
    if (!dto.orgUnitId && dto.role !== 'admin' && dto.role !== 'auditor') {
      throw new Refusal(400, 'INVALID_INPUT', 'orgUnitId is required for this role; only admin and auditor can be organisation-wide');
    }
    return this.ds.transaction(async (m) => {
      if (!(await m.getRepository(PersonEntity).existsBy({ id: dto.personId }))) throw new Refusal(400, 'INVALID_INPUT', 'personId is not an existing person');
      if (dto.orgUnitId && !(await m.getRepository(OrgUnitEntity).existsBy({ id: dto.orgUnitId }))) {
        throw new Refusal(400, 'INVALID_INPUT', 'orgUnitId is not an existing org unit');
      }
      const held = await m.getRepository(RoleAssignmentEntity).existsBy({ personId: dto.personId, role: dto.role, orgUnitId: dto.orgUnitId ?? IsNull() });
      if (held) throw duplicate('this person already holds this role there');
      const grant = await m.getRepository(RoleAssignmentEntity).save({ personId: dto.personId, orgUnitId: dto.orgUnitId ?? null, role: dto.role });
      await appendAudit(m, { projectId: null, actorId: personId, action: 'role_assigned', entity: 'role_assignment', entityId: grant.id, detail: { ...dto } });
      return toRoleAssignmentResponse(grant);
    });
  }

  /** Refuses ids that are not people, naming the field, before a workflow is asked to use them. */
  async assertPeopleExist(fields: Record<string, string>): Promise<void> {
    for (const [field, id] of Object.entries(fields)) {
      if (!(await this.ds.getRepository(PersonEntity).existsBy({ id }))) throw new Refusal(400, 'INVALID_INPUT', `${field} is not an existing person`);
    }
  }
}
