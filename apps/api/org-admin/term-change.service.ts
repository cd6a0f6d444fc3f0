import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { OrgUnitEntity, PersonEntity, RoleAssignmentEntity } from '../../../libs/db/entities/index.js';
import { recordTermChange } from '../../../libs/db/repositories/term-change.repository.js';
import { atBeijingTime, beijingDateOf } from '../../../libs/domain/index.js';
import { handOverTermWork, type TermWorkMoved } from '../../../libs/hand-over/term-change.js';
import { AccessService } from '../access/access.service.js';
import { conflict, invalidField, notFound } from '../http/refusal.js';
import { WorkflowGateway } from '../temporal/workflow-gateway.service.js';
import type { TermChangeDto } from './dto/upkeep.dto.js';
import { OrgUpkeepService, type RoleTermResponse } from './org-upkeep.service.js';

export interface TermChangeResult extends TermWorkMoved {
  ended: RoleTermResponse;
  started: RoleTermResponse;
}

/**
 * 换届: the leaver's term of a post in a unit ends on the day the successor's begins, and what the leaver holds at that
 * unit and below passes to the successor (libs/hand-over handOverTermWork, as a scheduled 换届 does at its moment): the
 * approval steps at the unit's levels by the chain's own 转交 and their places in levels yet to open, each recorded
 * in its project's audit chain and the successor told; their other open work through the workflows that hold it.
 * Escalation rungs resolve the post's holder when they fire, so they reach the successor without being moved.
 */
@Injectable()
export class TermChangeService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly gateway: WorkflowGateway,
    private readonly upkeep: OrgUpkeepService,
  ) {}

  async changeTerm(adminId: string, unitId: string, dto: TermChangeDto): Promise<TermChangeResult> {
    await this.access.assertAdmin(adminId);
    const today = beijingDateOf(Date.now());
    if (dto.effectiveOn > today) throw invalidField('effectiveOn: 生效日期不能晚于今天；以后的换届请预约');
    if (dto.fromPersonId === dto.toPersonId) throw invalidField('toPersonId: 接任人员不能是原任职人员本人');
    // Today's change takes effect now (the leaver may have begun only this morning); an earlier day is recorded as of its start.
    const at = dto.effectiveOn === today ? new Date() : new Date(atBeijingTime(dto.effectiveOn, '00:00'));
    const { ended, started } = await this.ds.transaction(async (m) => {
      const unit = await m.getRepository(OrgUnitEntity).findOneBy({ id: unitId });
      if (!unit) throw notFound('org unit');
      if (unit.closedAt) throw conflict('该组织已撤销，不能换届');
      const grants = m.getRepository(RoleAssignmentEntity);
      const leaving = await grants.findOne({ where: { personId: dto.fromPersonId, orgUnitId: unitId, role: dto.role, validUntil: IsNull() }, lock: { mode: 'pessimistic_write' } });
      if (!leaving) throw conflict('原任职人员当前不担任该组织的这一职务');
      if (leaving.validFrom > at) throw invalidField('effectiveOn: 生效日期早于原任职人员的任职开始日期');
      const successor = await m.getRepository(PersonEntity).findOneBy({ id: dto.toPersonId });
      if (!successor) throw invalidField('toPersonId: 接任人员不存在');
      if (successor.deactivatedAt) throw conflict('接任人员已停用');
      if (await grants.existsBy({ personId: dto.toPersonId, orgUnitId: unitId, role: dto.role, validUntil: IsNull() })) throw conflict('接任人员已担任该职务');
      const next = await recordTermChange(m, { leaving, toPersonId: dto.toPersonId, at, actorId: adminId, effectiveOn: dto.effectiveOn });
      return { ended: { ...leaving, validUntil: at }, started: next };
    });
    const [endedTerm, startedTerm] = await this.upkeep.toTerms([ended, started]);
    const moved = await handOverTermWork(this.ds, this.gateway.port, { unitId, role: dto.role, fromId: dto.fromPersonId, toId: dto.toPersonId, byId: adminId });
    return { ended: endedTerm, started: startedTerm, ...moved };
  }
}
