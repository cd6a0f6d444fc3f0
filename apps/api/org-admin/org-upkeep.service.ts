import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { OrgUnitEntity, PersonEntity, ProjectEntity, RoleAssignmentEntity } from '../../../libs/db/entities/index.js';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import { currentTerm, loadUnits } from '../../../libs/db/repositories/org.repository.js';
import { ancestry, type ProjectStatus } from '../../../libs/domain/index.js';
import { AccessService } from '../access/access.service.js';
import { conflict, duplicate, invalidField, notFound } from '../http/refusal.js';
import type { UpdatePersonDto } from './dto/upkeep.dto.js';
import { toOrgUnitResponse, toPersonResponse, type OrgUnitResponse, type PersonResponse } from '../org/org.mappers.js';
import { personNames } from '../org/people.js';

export interface RoleTermResponse {
  id: string;
  personId: string;
  personName: string;
  orgUnitId: string | null;
  orgUnitName: string | null;
  role: RoleAssignmentEntity['role'];
  validFrom: string;
  validUntil: string | null;
}

/** A project still under way keeps its unit open: closing it would leave its chain and reports with nobody above. */
const finished: ProjectStatus[] = ['closed', 'rejected', 'withdrawn'];

/** Organisation upkeep beyond creation: rename, move and close units, correct a person, read every term held. */
@Injectable()
export class OrgUpkeepService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
  ) {}

  /** 改名 / 调整隶属: one request may do both; a move keeps the tree a tree (never below itself or a branch). */
  async updateUnit(adminId: string, id: string, dto: { name?: string; parentId?: string }): Promise<OrgUnitResponse> {
    await this.access.assertAdmin(adminId);
    return this.ds.transaction(async (m) => {
      const unit = await m.getRepository(OrgUnitEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!unit) throw notFound('org unit');
      if (unit.closedAt) throw conflict('该组织已撤销，不能修改');
      const before = { name: unit.name, parentId: unit.parentId };
      if (dto.parentId !== undefined && dto.parentId !== unit.parentId) {
        const units = await loadUnits(m);
        const parent = units.get(dto.parentId);
        if (!parent) throw invalidField('parentId: 上级党组织不存在，请从组织树中选择');
        if (parent.kind === 'branch') throw invalidField('parentId: 党支部下不能再设党组织，请选择党委或党总支作为上级');
        if (ancestry(units, parent.id).some((u) => u.id === id)) throw invalidField('parentId: 不能移到本组织或其下级组织之下，请选择其他上级党组织');
        if ((await m.getRepository(OrgUnitEntity).findOneByOrFail({ id: parent.id })).closedAt) throw conflict('上级组织已撤销，不能移入');
        if (unit.parentId === null) throw conflict('最上级党委不能移动');
        unit.parentId = parent.id;
      }
      if (dto.name !== undefined) unit.name = dto.name;
      if (unit.name === before.name && unit.parentId === before.parentId) return toOrgUnitResponse(unit);
      await m.getRepository(OrgUnitEntity).update({ id }, { name: unit.name, parentId: unit.parentId });
      await appendAudit(m, {
        projectId: null,
        actorId: adminId,
        action: 'org_unit_updated',
        entity: 'org_unit',
        entityId: id,
        detail: { before, after: { name: unit.name, parentId: unit.parentId } },
      });
      return toOrgUnitResponse(unit);
    });
  }

  /** 撤销: only an empty unit closes (no open units below, nobody holding a post, no project under way). */
  async closeUnit(adminId: string, id: string): Promise<OrgUnitResponse> {
    await this.access.assertAdmin(adminId);
    return this.ds.transaction(async (m) => {
      const unit = await m.getRepository(OrgUnitEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!unit) throw notFound('org unit');
      if (unit.closedAt) return toOrgUnitResponse(unit);
      if (unit.parentId === null) throw conflict('最上级党委不能撤销');
      if (await m.getRepository(OrgUnitEntity).existsBy({ parentId: id, closedAt: IsNull() })) throw conflict('该组织下还有未撤销的下级组织，请先撤销或移走');
      if (await m.getRepository(RoleAssignmentEntity).existsBy({ orgUnitId: id, validUntil: IsNull() })) throw conflict('该组织还有在任人员，请先免职或换届');
      if (await m.getRepository(ProjectEntity).existsBy({ orgUnitId: id, status: Not(In(finished)) })) throw conflict('该组织还有未结束的项目');
      unit.closedAt = new Date();
      await m.getRepository(OrgUnitEntity).update({ id }, { closedAt: unit.closedAt });
      await appendAudit(m, { projectId: null, actorId: adminId, action: 'org_unit_closed', entity: 'org_unit', entityId: id, detail: { name: unit.name } });
      return toOrgUnitResponse(unit);
    });
  }

  /** Name and e-mail (notices go to the new address from now on). */
  async updatePerson(adminId: string, id: string, dto: UpdatePersonDto): Promise<PersonResponse> {
    await this.access.assertAdmin(adminId);
    return this.ds.transaction(async (m) => {
      const person = await m.getRepository(PersonEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!person) throw notFound('person');
      if (person.deactivatedAt) throw conflict('此人员已停用，不能修改');
      const before = { name: person.name, email: person.email };
      if (dto.email.toLowerCase() !== person.email.toLowerCase()) {
        const taken = await m.getRepository(PersonEntity).createQueryBuilder('p').where('lower(p.email) = lower(:email) AND p.id <> :id', { email: dto.email, id }).getExists();
        if (taken) throw duplicate(`a person with e-mail ${dto.email} already exists`);
      }
      const after = { name: dto.name, email: dto.email };
      if (after.name === before.name && after.email === before.email) return toPersonResponse(person);
      await m.getRepository(PersonEntity).update({ id }, after);
      await appendAudit(m, { projectId: null, actorId: adminId, action: 'person_updated', entity: 'person', entityId: id, detail: { before, after } });
      return toPersonResponse({ id, ...after });
    });
  }

  /** Every term, current and past, newest first: who held which post when. */
  async listRoleTerms(adminId: string, current: boolean): Promise<RoleTermResponse[]> {
    await this.access.assertAdmin(adminId);
    const rows = await this.ds.getRepository(RoleAssignmentEntity).find({ where: current ? currentTerm() : {}, order: { validFrom: 'DESC', id: 'ASC' } });
    return this.toTerms(rows);
  }

  async toTerms(rows: RoleAssignmentEntity[]): Promise<RoleTermResponse[]> {
    const [names, units] = await Promise.all([personNames(this.ds.manager, rows.map((r) => r.personId)), loadUnits(this.ds.manager)]);
    return rows.map((r) => ({
      id: r.id,
      personId: r.personId,
      personName: names.get(r.personId) ?? '',
      orgUnitId: r.orgUnitId,
      orgUnitName: r.orgUnitId ? (units.get(r.orgUnitId)?.name ?? null) : null,
      role: r.role,
      validFrom: r.validFrom.toISOString(),
      validUntil: r.validUntil?.toISOString() ?? null,
    }));
  }
}
