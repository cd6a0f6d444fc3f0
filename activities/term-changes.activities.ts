import { Context } from '@temporalio/activity';
import { IsNull, type EntityManager } from 'typeorm';
import { OrgUnitEntity, PersonEntity, RoleAssignmentEntity, TermChangeScheduleEntity } from '../libs/db/entities/index.js';
import type { TermChangeOutcome } from '../libs/db/entities/term-change-schedule.entity.js';
import { appendAudit } from '../libs/db/repositories/audit.repository.js';
import { recordTermChange } from '../libs/db/repositories/term-change.repository.js';
import { beijingDateOf, DomainError } from '../libs/domain/index.js';
import { handOverTermWork } from '../libs/hand-over/term-change.js';
import type { WorkflowPort } from '../libs/hand-over/workflow-port.js';
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
 * cancellation racing the moment either wins before it or is refused after it); then everything the leaver holds at
 * the unit and below is handed on by the same code as `POST /org-units/:id/term-change` (libs/hand-over
 * handOverTermWork): approval steps and places, reports, evidence, self-assessments, scores, campaign reports, and the
 * waiting chains of a project that moved. A retry after the terms changed only hands on what is still open: each
 * hand-over's update id is fixed per workflow and taker.
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
      const moved = await handOverTermWork(ds, workerPort(), {
        unitId: schedule.orgUnitId,
        role: schedule.role,
        fromId: schedule.fromPersonId,
        toId: schedule.toPersonId,
        byId: schedule.scheduledBy,
      });
      await ds.getRepository(TermChangeScheduleEntity).update({ id: schedule.id }, { status: 'done', result: { ...schedule.result, ...moved }, settledAt: new Date() });
      return 'done';
    },
  };
}

/**
 * The worker's client as the hand-over's way to the workflows: a workflow's refusal (its validator's, or an execution
 * already closed) comes back as an answer with its code, as the API's gateway gives it.
 */
function workerPort(): WorkflowPort {
  const client = Context.current().client;
  return {
    query: (workflowId, query) => client.workflow.getHandle(workflowId).query(query),
    update: async <Ret>(workflowId: string, update: string, arg: unknown, { updateId }: { updateId: string }) => {
      try {
        return { value: await client.workflow.getHandle(workflowId).executeUpdate<Ret, [unknown]>(update, { args: [arg], updateId }) };
      } catch (error) {
        const refused = refusalOf(error as Error);
        if (!refused) throw error;
        return { refused };
      }
    },
  };
}

/** The code and message of a workflow's refusal, or null for any other failure (which the activity's retry handles). */
function refusalOf(error: Error): { code: string; message: string } | null {
  if (error.name === 'WorkflowNotFoundError') return { code: 'WRONG_STAGE', message: '该流程已结束' };
  if (error.name !== 'WorkflowUpdateFailedError') return null;
  const cause = error.cause as (Error & { type?: string }) | undefined;
  return { code: cause?.type ?? 'WRONG_STAGE', message: cause?.message ?? error.message };
}
