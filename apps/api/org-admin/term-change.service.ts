import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { OrgUnitEntity, PersonEntity, RoleAssignmentEntity, TaskEntity } from '../../../libs/db/entities/index.js';
import { loadUnits } from '../../../libs/db/repositories/org.repository.js';
import { pendingChains, recordTermChange } from '../../../libs/db/repositories/term-change.repository.js';
import { ancestry, atBeijingTime, beijingDateOf, unopenedPlacesOf } from '../../../libs/domain/index.js';
import { chainStateQuery, handOverPlacesUpdate } from '../../../workflows/approval-chain.messages.js';
import { AccessService } from '../access/access.service.js';
import { HandOverService, type HandedOverWork, type TaskLeftOpen } from '../accounts/hand-over.service.js';
import { conflict, invalidField, notFound, Refusal } from '../http/refusal.js';
import { WorkflowGateway } from '../temporal/workflow-gateway.service.js';
import type { TermChangeDto } from './dto/upkeep.dto.js';
import { OrgUpkeepService, type RoleTermResponse } from './org-upkeep.service.js';

export interface TermChangeResult {
  ended: RoleTermResponse;
  started: RoleTermResponse;
  moved: { taskId: string; projectId: string | null; title: string }[];
  /** The leaver's other open work of this unit and below (their projects' reports, evidence, self-assessments, scores, campaign reports). */
  movedWork: HandedOverWork[];
  leftOpen: Omit<TaskLeftOpen, 'kind'>[];
  /** Chains whose levels not yet opened named the leaver at this unit: those places are now the successor's. */
  places: { workflowId: string; projectId: string | null }[];
}

/**
 * 换届: the leaver's term of a post in a unit ends on the day the successor's begins, and the approval steps the leaver
 * holds at that unit's levels are handed on to the successor by the chain's own 转交 (HandOverService), each recorded
 * in its project's audit chain and the successor told by the chain's task notice. Escalation rungs resolve the post's
 * holder when they fire, so they reach the successor from that day on without being moved. The leaver's other open work
 * of the unit and below passes to the successor through the workflows that hold it (HandOverService.handOverHeldWork).
 */
@Injectable()
export class TermChangeService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly handOver: HandOverService,
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
    const steps = await this.moveOpenSteps(adminId, unitId, dto.fromPersonId, dto.toPersonId);
    const places = await this.movePlaces(adminId, unitId, dto.fromPersonId, dto.toPersonId);
    const units = await loadUnits(this.ds.manager);
    const held = await this.handOver.handOverHeldWork(adminId, dto.fromPersonId, 'term_change', async (work) => {
      const ofThisPost = ancestry(units, work.unitId).some((u) => u.id === unitId) && (work.kind !== 'campaign_report' || dto.role === 'secretary');
      return ofThisPost ? [dto.toPersonId] : null;
    });
    return { ended: endedTerm, started: startedTerm, moved: steps.moved, movedWork: held.handedOverWork, leftOpen: [...steps.leftOpen, ...held.leftOpen.map(({ kind: _kind, ...rest }) => rest)], places };
  }

  /**
   * The leaver's places in levels not yet opened at this unit, in every chain still waiting: their deciders were
   * resolved when the chain began, so each chain is told (its handOverPlaces update, audited in the project's chain).
   */
  private async movePlaces(adminId: string, unitId: string, fromId: string, toId: string): Promise<TermChangeResult['places']> {
    const moved: TermChangeResult['places'] = [];
    for (const chain of await pendingChains(this.ds.manager)) {
      if (unopenedPlacesOf(await this.gateway.query(chain.workflowId, chainStateQuery), fromId, unitId).length === 0) continue;
      try {
        await this.gateway.update(chain.workflowId, handOverPlacesUpdate, { fromId, toId, unitId, byId: adminId }, { updateId: `hand-over-places:${chain.workflowId}:${fromId}:${toId}`, projectId: chain.projectId });
        moved.push(chain);
      } catch (error) {
        // The chain's refusal (the successor submitted that request, say) leaves the place as it was, audited as denied.
        if (!(error instanceof Refusal)) throw error;
      }
    }
    return moved;
  }

  /** The leaver's open approval steps at this unit's levels go to the successor; anything else stays, with the reason. */
  private async moveOpenSteps(adminId: string, unitId: string, fromId: string, toId: string): Promise<Pick<TermChangeResult, 'moved' | 'leftOpen'>> {
    const tasks = await this.ds.getRepository(TaskEntity).find({ where: { assigneeId: fromId, status: 'open', kind: 'approval' }, order: { createdAt: 'ASC', id: 'ASC' } });
    const result: Pick<TermChangeResult, 'moved' | 'leftOpen'> = { moved: [], leftOpen: [] };
    for (const task of tasks) {
      const level = task.level === null ? undefined : (await this.gateway.query(task.workflowId, chainStateQuery)).levels[task.level];
      // A step the leaver holds for another post (a member elsewhere, say) is not this term's to hand on.
      if (level?.unitId !== unitId) continue;
      const taker = await this.handOver.firstTaker(adminId, fromId, task, [toId], '换届，由接任人员办理');
      if (typeof taker === 'string') result.moved.push({ taskId: task.id, projectId: task.projectId, title: task.title });
      else result.leftOpen.push({ taskId: task.id, projectId: task.projectId, title: task.title, reason: taker.reason });
    }
    return result;
  }
}
