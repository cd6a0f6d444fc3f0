import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProjectEntity, TaskEntity } from '../../../libs/db/entities/index.js';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import { grantsOf, holdersByUnit, loadUnits, type NamedUnit } from '../../../libs/db/repositories/org.repository.js';
import { canWriteInUnit, deciderRefusal, handOverCandidates } from '../../../libs/domain/index.js';
import { delegateStep, nobody, type ChainSnapshot } from '../../../libs/hand-over/approval-steps.js';
import { handOverHeldWork, type HandedOverWork, type TaskLeftOpen } from '../../../libs/hand-over/held-work.js';
import { personNames } from '../org/people.js';
import { WorkflowGateway } from '../temporal/workflow-gateway.service.js';

export type { HandedOverWork, HeldWork, HeldWorkKind, TaskLeftOpen } from '../../../libs/hand-over/held-work.js';

export interface HandedOverTask {
  taskId: string;
  projectId: string | null;
  title: string;
  toId: string;
  toName: string;
}

/** A draft (no process yet, so nothing else fixes its owner) now owned by the secretary who took it. */
export interface HandedOverDraft {
  projectId: string;
  title: string;
  toId: string;
  toName: string;
}

export interface HandOverResult {
  handedOver: HandedOverTask[];
  handedOverDrafts: HandedOverDraft[];
  handedOverWork: HandedOverWork[];
  leftOpen: TaskLeftOpen[];
}

const levelUnknown = '此审批步骤没有记录所在层级，无法确定接手人，请管理员跟进';

/**
 * Hands a deactivated person's open approval steps to the secretary of each step's unit (or the nearest one above)
 * who may decide there (deciderRefusal: no auditor, not the project's owner), by the chain's own 转交 (delegate
 * update): the chain checks and records it as it does any delegation, in the project's audit chain with the
 * administrator as the actor, and tells the taker (task_assigned). Their drafts go to such a secretary too. Other open
 * work (the reports of projects they own, evidence, self-assessments, scores, campaign reports) is held by its running
 * workflow, which hands it over itself (libs/hand-over: the same moves as a 换届's), a project's waiting approval
 * chains following it.
 */
@Injectable()
export class HandOverService {
  constructor(
    private readonly ds: DataSource,
    private readonly gateway: WorkflowGateway,
  ) {}

  async handOverOpenTasks(adminId: string, personId: string): Promise<HandOverResult> {
    const tasks = await this.ds.getRepository(TaskEntity).find({ where: { assigneeId: personId, status: 'open', kind: 'approval' }, order: { createdAt: 'ASC', id: 'ASC' } });
    const [units, secretaries] = await Promise.all([loadUnits(this.ds.manager), holdersByUnit(this.ds.manager, 'secretary')]);
    const result: HandOverResult = { handedOver: [], handedOverDrafts: [], handedOverWork: [], leftOpen: [] };
    const leave = (t: TaskEntity, reason: string) => result.leftOpen.push({ taskId: t.id, projectId: t.projectId, kind: t.kind, title: t.title, reason });
    for (const task of tasks) {
      if (task.level === null) {
        leave(task, levelUnknown);
        continue;
      }
      const level = (await this.gateway.port.query<ChainSnapshot>(task.workflowId, 'chainState')).levels[task.level];
      const candidates = level ? handOverCandidates(units, secretaries, level.unitId, [personId, ...level.approverIds]) : [];
      const owner = task.projectId ? (await this.ds.getRepository(ProjectEntity).findOneBy({ id: task.projectId }))?.ownerId : undefined;
      // The same rule as a 转交 by hand: never to an auditor, never to the project's owner.
      const mayDecide = async (candidate: string) =>
        deciderRefusal(units, await grantsOf(this.ds.manager, candidate), { levelUnitIds: level ? [level.unitId] : [], isOwner: candidate === owner }) === null;
      const eligible: string[] = [];
      for (const candidate of candidates) if (await mayDecide(candidate)) eligible.push(candidate);
      const taker = await delegateStep(this.gateway.port, { task, fromId: personId, byId: adminId, comment: '人员停用，由管理员移交' }, eligible);
      if (typeof taker === 'string') {
        const names = await personNames(this.ds.manager, [taker]);
        result.handedOver.push({ taskId: task.id, projectId: task.projectId, title: task.title, toId: taker, toName: names.get(taker) ?? '' });
      } else leave(task, taker.reason);
    }
    await this.handOverDrafts(adminId, personId, units, secretaries, result);
    const held = await handOverHeldWork(this.ds, this.gateway.port, { byId: adminId, fromId: personId, reason: 'deactivated' }, async (work) => {
      const eligible: string[] = [];
      for (const candidate of handOverCandidates(units, secretaries, work.unitId, [personId, ...work.excluded])) {
        if (canWriteInUnit(units, await grantsOf(this.ds.manager, candidate), work.unitId)) eligible.push(candidate);
      }
      return eligible;
    });
    result.handedOverWork.push(...held.handedOverWork);
    result.leftOpen.push(...held.leftOpen);
    return result;
  }

  /**
   * The leaver's drafts, each to the nearest secretary of its unit or above who may act there; the owner changes in
   * the project's audit chain, with the administrator as the actor. Only while it is still a draft of theirs, so
   * asking again (or twice at once) moves nothing twice.
   */
  private async handOverDrafts(adminId: string, personId: string, units: Map<string, NamedUnit>, secretaries: Map<string | null, string[]>, result: HandOverResult): Promise<void> {
    const drafts = await this.ds.getRepository(ProjectEntity).find({ where: { ownerId: personId, status: 'draft' }, order: { createdAt: 'ASC', id: 'ASC' } });
    for (const draft of drafts) {
      let taker: string | undefined;
      for (const candidate of handOverCandidates(units, secretaries, draft.orgUnitId, [personId])) {
        if (canWriteInUnit(units, await grantsOf(this.ds.manager, candidate), draft.orgUnitId)) {
          taker = candidate;
          break;
        }
      }
      if (!taker) {
        result.leftOpen.push({ taskId: null, projectId: draft.id, kind: 'draft', title: draft.title, reason: nobody });
        continue;
      }
      const toId = taker;
      const moved = await this.ds.transaction(async (m) => {
        const { affected } = await m.getRepository(ProjectEntity).update({ id: draft.id, ownerId: personId, status: 'draft' }, { ownerId: toId, updatedAt: new Date() });
        if (!affected) return false;
        await appendAudit(m, { projectId: draft.id, actorId: adminId, action: 'owner_changed', entity: 'project', entityId: draft.id, detail: { fromId: personId, toId, reason: 'deactivated' } });
        return true;
      });
      if (moved) result.handedOverDrafts.push({ projectId: draft.id, title: draft.title, toId, toName: (await personNames(this.ds.manager, [toId])).get(toId) ?? '' });
    }
  }
}
