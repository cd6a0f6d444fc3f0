import type { EntityManager } from 'typeorm';
import { RoleAssignmentEntity } from '../entities/role-assignment.entity.js';
import { appendAudit } from './audit.repository.js';

export interface TermChangeWrite {
  /** The leaver's current grant of the post, locked by the caller. */
  leaving: RoleAssignmentEntity;
  toPersonId: string;
  /** When the successor's term begins and the leaver's ends. */
  at: Date;
  /** The administrator who decided it (also when a schedule carries it out later). */
  actorId: string;
  effectiveOn: string;
  scheduleId?: string;
}

/**
 * 换届 in the records, in the caller's transaction: the leaver's term ends as the successor's begins, audited in the
 * organisation's chain. The same write whether the change is made now or carried out later by its schedule.
 */
export async function recordTermChange(m: EntityManager, { leaving, toPersonId, at, actorId, effectiveOn, scheduleId }: TermChangeWrite): Promise<RoleAssignmentEntity> {
  const grants = m.getRepository(RoleAssignmentEntity);
  await grants.update({ id: leaving.id }, { validUntil: at });
  const next = await grants.save({ personId: toPersonId, orgUnitId: leaving.orgUnitId, role: leaving.role, validFrom: at, validUntil: null });
  await appendAudit(m, {
    projectId: null,
    actorId,
    action: 'term_changed',
    entity: 'org_unit',
    entityId: leaving.orgUnitId,
    detail: { role: leaving.role, fromPersonId: leaving.personId, toPersonId, effectiveOn, endedId: leaving.id, startedId: next.id, ...(scheduleId ? { scheduleId } : {}) },
  });
  return next;
}

/** Every approval chain still waiting on someone (it has an open step), once each, oldest first. */
export async function pendingChains(m: EntityManager): Promise<{ workflowId: string; projectId: string | null }[]> {
  return (await m.query(
    `SELECT workflow_id AS "workflowId", min(project_id::text) AS "projectId" FROM task WHERE kind = 'approval' AND status = 'open' GROUP BY workflow_id ORDER BY min(created_at)`,
  )) as { workflowId: string; projectId: string | null }[];
}
