import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowIdReusePolicy } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import type { Config } from '../../../libs/config/index.js';
import { OrgUnitEntity, PersonEntity, RoleAssignmentEntity, TermChangeScheduleEntity } from '../../../libs/db/entities/index.js';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import { termChangeWorkflowId } from '../../../libs/domain/index.js';
import type { ScheduledTermChangeInput } from '../../../workflows/term-change.messages.js';
import { AccessService } from '../access/access.service.js';
import { CONFIG } from '../core/core.module.js';
import { conflict, invalidField, notFound } from '../http/refusal.js';
import { personNames } from '../org/people.js';
import type { ScheduleTermChangeDto, TermChangeScheduleResponseDto } from './dto/term-change-schedule.dto.js';

/**
 * 换届 decided ahead: the change is checked as one made now would be, stored, and carried out at its moment by the
 * `scheduledTermChange` workflow (a durable timer; activities/term-changes.activities.ts does the change). Scheduling
 * and cancelling are audited in the organisation's chain; a cancelled change is never carried out, and one already
 * carried out can no longer be cancelled.
 */
@Injectable()
export class TermChangeScheduleService {
  private readonly logger = new Logger(TermChangeScheduleService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly client: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async schedule(adminId: string, unitId: string, dto: ScheduleTermChangeDto): Promise<TermChangeScheduleResponseDto> {
    await this.access.assertAdmin(adminId);
    const effectiveAt = new Date(dto.effectiveAt);
    if (effectiveAt.getTime() <= Date.now()) throw invalidField('effectiveAt: 生效时间已过，请选择以后的时间；立即生效的换届请直接办理');
    if (dto.fromPersonId === dto.toPersonId) throw invalidField('toPersonId: 接任人员不能是原任职人员本人');
    const id = randomUUID();
    await this.ds.transaction(async (m) => {
      await this.assertSchedulable(m, unitId, dto);
      await m.getRepository(TermChangeScheduleEntity).insert({ id, orgUnitId: unitId, role: dto.role, fromPersonId: dto.fromPersonId, toPersonId: dto.toPersonId, effectiveAt, scheduledBy: adminId });
      await appendAudit(m, {
        projectId: null,
        actorId: adminId,
        action: 'term_change_scheduled',
        entity: 'term_change_schedule',
        entityId: id,
        detail: { orgUnitId: unitId, role: dto.role, fromPersonId: dto.fromPersonId, toPersonId: dto.toPersonId, effectiveAt: effectiveAt.toISOString() },
      });
      // Started before the row commits: a schedule is never stored without the timer that carries it out (a timer
      // whose row did not commit finds nothing to do).
      await this.client.connection.withDeadline(Date.now() + this.config.deadlines.temporalMs, () =>
        this.client.workflow.start('scheduledTermChange', {
          workflowId: termChangeWorkflowId(id),
          taskQueue: this.config.temporal.taskQueue,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          args: [{ scheduleId: id, effectiveAt: effectiveAt.toISOString() } satisfies ScheduledTermChangeInput],
        }),
      );
    });
    return this.one(id);
  }

  async list(adminId: string): Promise<TermChangeScheduleResponseDto[]> {
    await this.access.assertAdmin(adminId);
    return this.toResponses(await this.ds.getRepository(TermChangeScheduleEntity).find({ order: { effectiveAt: 'DESC', id: 'ASC' } }));
  }

  async cancel(adminId: string, id: string): Promise<TermChangeScheduleResponseDto> {
    await this.access.assertAdmin(adminId);
    await this.ds.transaction(async (m) => {
      const row = await m.getRepository(TermChangeScheduleEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw notFound('term change schedule');
      if (row.status !== 'scheduled') throw conflict(row.status === 'cancelled' ? '该换届安排已取消' : '该换届已到期执行，不能取消');
      await m.getRepository(TermChangeScheduleEntity).update({ id }, { status: 'cancelled', settledAt: new Date() });
      await appendAudit(m, { projectId: null, actorId: adminId, action: 'term_change_cancelled', entity: 'term_change_schedule', entityId: id, detail: { effectiveAt: row.effectiveAt.toISOString() } });
    });
    // The row decides: a timer that fires anyway finds the change cancelled. Ending the timer now only tidies up.
    try {
      await this.client.connection.withDeadline(Date.now() + this.config.deadlines.temporalMs, () => this.client.workflow.getHandle(termChangeWorkflowId(id)).cancel());
    } catch (error) {
      this.logger.warn(`term change ${id} cancelled; its timer was left to find that out: ${(error as Error).message}`);
    }
    return this.one(id);
  }

  /** The same checks as a change made now, as the posts stand today; the moment checks them again. */
  private async assertSchedulable(m: EntityManager, unitId: string, dto: ScheduleTermChangeDto): Promise<void> {
    const unit = await m.getRepository(OrgUnitEntity).findOneBy({ id: unitId });
    if (!unit) throw notFound('org unit');
    if (unit.closedAt) throw conflict('该组织已撤销，不能换届');
    const grants = m.getRepository(RoleAssignmentEntity);
    if (!(await grants.existsBy({ personId: dto.fromPersonId, orgUnitId: unitId, role: dto.role, validUntil: IsNull() }))) throw conflict('原任职人员当前不担任该组织的这一职务');
    const successor = await m.getRepository(PersonEntity).findOneBy({ id: dto.toPersonId });
    if (!successor) throw invalidField('toPersonId: 接任人员不存在');
    if (successor.deactivatedAt) throw conflict('接任人员已停用');
    if (await grants.existsBy({ personId: dto.toPersonId, orgUnitId: unitId, role: dto.role, validUntil: IsNull() })) throw conflict('接任人员已担任该职务');
    const pending = await m.getRepository(TermChangeScheduleEntity).existsBy({ orgUnitId: unitId, role: dto.role, fromPersonId: dto.fromPersonId, status: 'scheduled' });
    if (pending) throw conflict('原任职人员的这一职务已有待执行的换届安排，请先取消');
  }

  private async one(id: string): Promise<TermChangeScheduleResponseDto> {
    const [response] = await this.toResponses([await this.ds.getRepository(TermChangeScheduleEntity).findOneByOrFail({ id })]);
    return response;
  }

  private async toResponses(rows: TermChangeScheduleEntity[]): Promise<TermChangeScheduleResponseDto[]> {
    const names = await personNames(this.ds.manager, rows.flatMap((r) => [r.fromPersonId, r.toPersonId]));
    const unitIds = [...new Set(rows.map((r) => r.orgUnitId))];
    const units = unitIds.length ? await this.ds.getRepository(OrgUnitEntity).find({ where: unitIds.map((id) => ({ id })), select: { id: true, name: true } }) : [];
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    return rows.map((r) => ({
      id: r.id,
      orgUnitId: r.orgUnitId,
      orgUnitName: unitName.get(r.orgUnitId) ?? '',
      role: r.role,
      fromPersonId: r.fromPersonId,
      fromPersonName: names.get(r.fromPersonId) ?? '',
      toPersonId: r.toPersonId,
      toPersonName: names.get(r.toPersonId) ?? '',
      effectiveAt: r.effectiveAt.toISOString(),
      status: r.status,
      scheduledBy: r.scheduledBy,
      createdAt: r.createdAt.toISOString(),
      settledAt: r.settledAt?.toISOString() ?? null,
      moved: r.result?.moved ?? [],
      movedWork: r.result?.movedWork ?? [],
      leftOpen: r.result?.leftOpen ?? [],
      places: r.result?.places ?? [],
      reason: r.result?.reason ?? null,
    }));
  }
}
