import type { DataSource } from 'typeorm';
import { TaskEntity } from '../db/entities/index.js';
import { pendingChains } from '../db/repositories/term-change.repository.js';
import type { LevelSpec } from '../domain/index.js';
import { isRefused, type WorkflowPort } from './workflow-port.js';

/** What the chain's state query answers that a hand-over reads (workflows/approval-chain.messages.ts, ChainView). */
export interface ChainSnapshot {
  status: 'pending' | 'approved' | 'rejected' | 'sent_back' | 'withdrawn';
  current: number;
  levels: LevelSpec[];
  submitterId: string;
  openTasks: { taskId: string; assigneeId: string; level: number }[];
}

export interface MovedStep {
  taskId: string;
  projectId: string | null;
  title: string;
}

export interface StepLeft extends MovedStep {
  reason: string;
}

export const nobody = '本单位及上级单位没有可接手的书记';

/**
 * The nearest candidate the chain accepts by its own 转交 (it records and audits it, and tells the taker); one it
 * refuses (the submitter, say) makes way for the next. The update id is fixed per step and taker, so asking again
 * never hands a step on twice.
 */
export async function delegateStep(
  port: WorkflowPort,
  step: { task: TaskEntity; fromId: string; byId: string; comment: string },
  candidates: readonly string[],
): Promise<string | { reason: string }> {
  const { task, fromId, byId, comment } = step;
  let reason = nobody;
  for (const toId of candidates) {
    const answer = await port.update(task.workflowId, 'delegate', { taskId: task.id, actorId: fromId, toId, byId, comment }, { updateId: `hand-over:${task.id}:${toId}`, projectId: task.projectId });
    if (!isRefused(answer)) return toId;
    reason = `${nobody}（${answer.refused.message}）`;
  }
  return { reason };
}

/** 换届 of one post: the unit, the post, the leaver, the successor and the administrator who made (or scheduled) it. */
export interface TermChange {
  unitId: string;
  role: 'secretary' | 'member';
  fromId: string;
  toId: string;
  byId: string;
}

/** The leaver's open approval steps at this unit's levels go to the successor; anything else stays, with the reason. */
export async function moveTermSteps(ds: DataSource, port: WorkflowPort, change: TermChange): Promise<{ moved: MovedStep[]; leftOpen: StepLeft[] }> {
  const { unitId, fromId, toId, byId } = change;
  const tasks = await ds.getRepository(TaskEntity).find({ where: { assigneeId: fromId, status: 'open', kind: 'approval' }, order: { createdAt: 'ASC', id: 'ASC' } });
  const result: { moved: MovedStep[]; leftOpen: StepLeft[] } = { moved: [], leftOpen: [] };
  for (const task of tasks) {
    const level = task.level === null ? undefined : (await port.query<ChainSnapshot>(task.workflowId, 'chainState')).levels[task.level];
    // A step the leaver holds for another post (a member elsewhere, say) is not this term's to hand on.
    if (level?.unitId !== unitId) continue;
    const ref = { taskId: task.id, projectId: task.projectId, title: task.title };
    const taker = await delegateStep(port, { task, fromId, byId, comment: '换届，由接任人员办理' }, [toId]);
    if (typeof taker === 'string') result.moved.push(ref);
    else result.leftOpen.push({ ...ref, reason: taker.reason });
  }
  return result;
}

/**
 * The leaver's places at this unit that no open step holds (levels not yet opened, behind a 依次 step, or passed but
 * open to 退回上一级), in every chain still waiting: their deciders were resolved when the chain began, so each chain
 * is told (its handOverPlaces update, audited in the project's chain). A chain's refusal (the successor submitted that
 * request, say, or no such place is left) leaves the places as they were.
 */
export async function moveTermPlaces(ds: DataSource, port: WorkflowPort, change: TermChange): Promise<{ workflowId: string; projectId: string | null }[]> {
  const { unitId, fromId, toId, byId } = change;
  const moved: { workflowId: string; projectId: string | null }[] = [];
  for (const chain of await pendingChains(ds.manager)) {
    // The chain knows which of the leaver's places wait (its open step moved by 转交 above, or one already decided stays).
    const view = await port.query<ChainSnapshot>(chain.workflowId, 'chainState');
    if (view.status !== 'pending' || !view.levels.some((l) => l.unitId === unitId && l.approverIds.includes(fromId))) continue;
    const answer = await port.update(chain.workflowId, 'handOverPlaces', { fromId, toId, unitId, byId }, { updateId: `hand-over-places:${chain.workflowId}:${fromId}:${toId}`, projectId: chain.projectId });
    if (!isRefused(answer)) moved.push(chain);
  }
  return moved;
}
