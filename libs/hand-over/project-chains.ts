import type { DataSource } from 'typeorm';
import { TaskEntity } from '../db/entities/index.js';
import { grantsOf, holdersByUnit, loadUnits } from '../db/repositories/org.repository.js';
import { deciderRefusal, handOverCandidates, holderPlacesOf, type HandOverReason } from '../domain/index.js';
import { nobody, type ChainSnapshot } from './approval-steps.js';
import { isRefused, type WorkflowPort } from './workflow-port.js';

export interface ProjectChange {
  projectId: string;
  /** The project's title, to name what was left in a report. */
  title: string;
  fromId: string;
  toId: string;
  byId: string;
  reason: HandOverReason;
}

/** A chain of the project that still names its new holder to decide: why it could not be routed to someone else. */
export interface ChainLeft {
  taskId: string | null;
  projectId: string;
  kind: 'approval';
  title: string;
  reason: string;
}

/**
 * A project changed hands: each of its approval chains still waiting is told (its changeHolder update, audited in the
 * project's chain). A request the previous holder submitted is the new holder's from now on; and since nobody decides
 * on their own project, each level that names the new holder (open, yet to open, or one 退回上一级 may reopen) gets
 * someone else who may decide there: a secretary of the level's unit, else of the nearest unit above (deciderRefusal:
 * a deciding role in that line, never an auditor), else an administrator, as a chain's own routing escalates a level
 * whose only decider is the submitter. The update id is fixed per chain, leaver and taker, so asking again does nothing twice.
 */
export async function handOverProjectChains(ds: DataSource, port: WorkflowPort, change: ProjectChange): Promise<ChainLeft[]> {
  const { projectId, fromId, toId, byId, reason } = change;
  const open = await ds.getRepository(TaskEntity).find({ where: { projectId, kind: 'approval', status: 'open' }, order: { createdAt: 'ASC', id: 'ASC' } });
  const left: ChainLeft[] = [];
  const [units, secretaries, admins] = await Promise.all([loadUnits(ds.manager), holdersByUnit(ds.manager, 'secretary'), holdersByUnit(ds.manager, 'admin')]);
  for (const workflowId of new Set(open.map((t) => t.workflowId))) {
    const chain = await port.query<ChainSnapshot>(workflowId, 'chainState');
    const places = holderPlacesOf(chain, toId);
    if (chain.status !== 'pending' || (chain.submitterId !== fromId && places.length === 0)) continue;
    const leave = (why: string) =>
      left.push({ taskId: chain.openTasks.find((t) => t.assigneeId === toId)?.taskId ?? null, projectId, kind: 'approval', title: change.title, reason: why });
    const substitutes: { unitId: string; personId: string }[] = [];
    for (const unitId of new Set(places.map((i) => chain.levels[i].unitId))) {
      const excluded = [toId, fromId, chain.submitterId, ...chain.levels.filter((l) => l.unitId === unitId).flatMap((l) => l.approverIds)];
      const candidates = [...handOverCandidates(units, secretaries, unitId, excluded), ...(admins.get(null) ?? []).filter((id) => !excluded.includes(id))];
      for (const candidate of candidates) {
        if (deciderRefusal(units, await grantsOf(ds.manager, candidate), { levelUnitIds: [unitId], isOwner: false }) !== null) continue;
        substitutes.push({ unitId, personId: candidate });
        break;
      }
    }
    const unrouted = places.find((i) => !substitutes.some((s) => s.unitId === chain.levels[i].unitId));
    if (unrouted !== undefined) {
      leave(`${nobody}，${chain.levels[unrouted].unitName}的审批仍由项目新负责人承担，请管理员跟进`);
      continue;
    }
    const answer = await port.update(workflowId, 'changeHolder', { fromId, toId, substitutes, byId, reason }, { updateId: `hand-over-holder:${workflowId}:${fromId}:${toId}`, projectId });
    if (isRefused(answer)) leave(answer.refused.message);
  }
  return left;
}
