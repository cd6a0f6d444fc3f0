import { Context } from '@temporalio/activity';
import { IsNull, type EntityManager } from 'typeorm';
import { OrgUnitEntity, PersonEntity, RoleAssignmentEntity, TaskEntity, TermChangeScheduleEntity } from '../libs/db/entities/index.js';
import type { TermChangeOutcome } from '../libs/db/entities/term-change-schedule.entity.js';
import { appendAudit } from '../libs/db/repositories/audit.repository.js';
import { pendingChains, recordTermChange } from '../libs/db/repositories/term-change.repository.js';
import { beijingDateOf, DomainError, unopenedPlacesOf } from '../libs/domain/index.js';
import type { ChainView, DelegateInput, HandOverPlacesInput } from '../workflows/approval-chain.messages.js';
import type { ScheduledTermChangeResult } from '../workflows/term-change.messages.js';
import type { ActivityDeps } from './deps.js';

type Schedule = TermChangeScheduleEntity;

/** Why a change that came due cannot be made as scheduled, or null when the posts are still as they were. */
async function whyNot(m: EntityManager, s: Schedule): Promise<string | null> {
  const unit = await m.getRepository(OrgUnitEntity).findOneBy({ id: s.orgUnitId });
  if (!unit || unit.closedAt) return '该组织已撤销，不能换届';
  const grants = m.getRepository(RoleAssignmentEntity);
  if (!(await grants.existsBy({ personId: s.fromPersonId, orgUnitId: s.orgUnitId, role: s.role, validUntil: IsNull() }))) return '原任职人员已不再担任该组织的这一职务';
  if ((await m.getRepository(PersonEntity).findOneBy({ id: s.toPersonId }))?.deactivatedAt) return '接任人员已停用';
  if (await grants.existsBy({ personId: s.toPersonId, orgUnitId: s.orgUnitId, role: s.role, validUntil: IsNull() })) return '接任人员已担任该职务';
  return null;
}

/**
 * 换届 carried out at its scheduled moment. The terms change in one transaction with the schedule's status (so a
 * cancellation racing the moment either wins before it or is refused after it); the leaver's open approval steps at
 * the unit's levels are then handed on by each chain's own 转交, and its places in levels not yet opened by the
 * chain's handOverPlaces, as `POST /org-units/:id/term-change` does. A retry
 * after the terms changed only hands on what is still open: each hand-over's update id is fixed per step and taker.
 */
export function createTermChangeActivities({ ds }: ActivityDeps) {
  return {
    async carryOutTermChange({ scheduleId }: { scheduleId: string }): Promise<ScheduledTermChangeResult> {
      const schedule = await ds.transaction(async (m) => {
        const repo = m.getRepository(TermChangeScheduleEntity);
        const s = await repo.findOne({ where: { id: scheduleId }, lock: { mode: 'pessimistic_write' } });
        if (!s) throw new DomainError('NOT_FOUND', `no term change schedule ${scheduleId}`);
        if (s.status !== 'scheduled') return s;
        const reason = await whyNot(m, s);
        if (reason) {
          await repo.update({ id: s.id }, { status: 'failed', result: { reason }, settledAt: new Date() });
          await appendAudit(m, { projectId: null, actorId: s.scheduledBy, action: 'term_change_failed', entity: 'term_change_schedule', entityId: s.id, detail: { reason } });
          return { ...s, status: 'failed' as const };
        }
        const leaving = await m.getRepository(RoleAssignmentEntity).findOneOrFail({
          where: { personId: s.fromPersonId, orgUnitId: s.orgUnitId, role: s.role, validUntil: IsNull() },
          lock: { mode: 'pessimistic_write' },
        });
        const next = await recordTermChange(m, { leaving, toPersonId: s.toPersonId, at: s.effectiveAt, actorId: s.scheduledBy, effectiveOn: beijingDateOf(s.effectiveAt.getTime()), scheduleId: s.id });
        const result: TermChangeOutcome = { endedId: leaving.id, startedId: next.id };
        await repo.update({ id: s.id }, { status: 'applied', result });
        return { ...s, status: 'applied' as const, result };
      });
      if (schedule.status !== 'applied') return schedule.status === 'cancelled' ? 'cancelled' : schedule.status === 'failed' ? 'failed' : 'done';
      const handed = await handOverOpenSteps(ds.manager, schedule);
      const places = await handOverPlaces(ds.manager, schedule);
      await ds.getRepository(TermChangeScheduleEntity).update({ id: schedule.id }, { status: 'done', result: { ...schedule.result, ...handed, places }, settledAt: new Date() });
      return 'done';
    },
  };
}

/**
 * The leaver's open approval steps at the unit's levels, each handed to the successor through its chain's 转交 (the
 * chain records it in the project's audit chain and tells the successor). Message names are Temporal's frozen names
 * of the chain's query and update (workflows/approval-chain.messages.ts), which an activity may not import.
 */
/** The leaver's places in levels not yet opened at the unit, in every chain still waiting, as the API's 换届 does. */
async function handOverPlaces(m: EntityManager, s: Schedule): Promise<NonNullable<TermChangeOutcome['places']>> {
  const client = Context.current().client;
  const moved: NonNullable<TermChangeOutcome['places']> = [];
  for (const chain of await pendingChains(m)) {
    const handle = client.workflow.getHandle(chain.workflowId);
    if (unopenedPlacesOf(await handle.query<ChainView>('chainState'), s.fromPersonId, s.orgUnitId).length === 0) continue;
    try {
      await handle.executeUpdate<ChainView, [HandOverPlacesInput]>('handOverPlaces', {
        args: [{ fromId: s.fromPersonId, toId: s.toPersonId, unitId: s.orgUnitId, byId: s.scheduledBy }],
        updateId: `hand-over-places:${chain.workflowId}:${s.fromPersonId}:${s.toPersonId}`,
      });
      moved.push(chain);
    } catch (error) {
      if ((error as Error).name !== 'WorkflowUpdateFailedError') throw error;
    }
  }
  return moved;
}

async function handOverOpenSteps(m: EntityManager, s: Schedule): Promise<Pick<TermChangeOutcome, 'moved' | 'leftOpen'>> {
  const client = Context.current().client;
  const tasks = await m.getRepository(TaskEntity).find({ where: { assigneeId: s.fromPersonId, status: 'open', kind: 'approval' }, order: { createdAt: 'ASC', id: 'ASC' } });
  const moved: NonNullable<TermChangeOutcome['moved']> = [];
  const leftOpen: NonNullable<TermChangeOutcome['leftOpen']> = [];
  for (const task of tasks) {
    if (task.level === null) continue;
    const chain = client.workflow.getHandle(task.workflowId);
    // A step the leaver holds for another post (a member elsewhere, say) is not this term's to hand on.
    if ((await chain.query<ChainView>('chainState')).levels[task.level]?.unitId !== s.orgUnitId) continue;
    const ref = { taskId: task.id, projectId: task.projectId, title: task.title };
    try {
      await chain.executeUpdate<ChainView, [DelegateInput]>('delegate', {
        args: [{ taskId: task.id, actorId: s.fromPersonId, toId: s.toPersonId, byId: s.scheduledBy, comment: '换届，由接任人员办理' }],
        updateId: `hand-over:${task.id}:${s.toPersonId}`,
      });
      moved.push(ref);
    } catch (error) {
      // The chain's refusal (the successor is the project's submitter, say) leaves the step with its reason.
      if ((error as Error).name !== 'WorkflowUpdateFailedError') throw error;
      leftOpen.push({ ...ref, reason: ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message });
    }
  }
  return { moved, leftOpen };
}
