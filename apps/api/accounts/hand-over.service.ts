import { Injectable, Logger } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import { PersonEntity, ProjectEntity, RectificationItemEntity, TaskEntity } from '../../../libs/db/entities/index.js';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import { grantsOf, holdersByUnit, loadUnits, type NamedUnit } from '../../../libs/db/repositories/org.repository.js';
import { canWriteInUnit, deciderRefusal, handOverCandidates, leftOpenReason, type TaskKind } from '../../../libs/domain/index.js';
import { chainStateQuery, delegateUpdate } from '../../../workflows/approval-chain.messages.js';
import { Refusal } from '../http/refusal.js';
import { personNames } from '../org/people.js';
import { WorkflowGateway } from '../temporal/workflow-gateway.service.js';

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

export interface TaskLeftOpen {
  /** null for a draft. */
  taskId: string | null;
  projectId: string | null;
  kind: TaskKind | 'draft';
  title: string;
  /** Why it stays with the person, in words an administrator can act on. */
  reason: string;
}

export interface HandOverResult {
  handedOver: HandedOverTask[];
  handedOverDrafts: HandedOverDraft[];
  leftOpen: TaskLeftOpen[];
}

const nobody = '本单位及上级单位没有可接手的书记';
const levelUnknown = '此审批步骤没有记录所在层级，无法确定接手人，请管理员跟进';

/**
 * Hands a leaving person's open approval steps to the secretary of each step's unit (or the nearest one above) who
 * may decide there (deciderRefusal: no auditor, not the project's owner), by
 * the chain's own 转交 (delegate update): the chain checks and records it as it does any delegation, in the
 * project's audit chain with the administrator as the actor, and tells the taker (task_assigned). The update id is
 * fixed per step and taker, so asking again never hands a step on twice. Their drafts go to such a secretary too.
 * Other open work (reports, evidence, self-assessment, scores, campaign reports) has its doer fixed inside its
 * running workflow, which offers no way to change it: it is listed with why and who else can still do it.
 */
@Injectable()
export class HandOverService {
  private readonly logger = new Logger(HandOverService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly gateway: WorkflowGateway,
  ) {}

  async handOverOpenTasks(adminId: string, personId: string): Promise<HandOverResult> {
    const tasks = await this.ds.getRepository(TaskEntity).find({ where: { assigneeId: personId, status: 'open' }, order: { createdAt: 'ASC', id: 'ASC' } });
    const [units, secretaries] = await Promise.all([loadUnits(this.ds.manager), holdersByUnit(this.ds.manager, 'secretary')]);
    const result: HandOverResult = { handedOver: [], handedOverDrafts: [], leftOpen: [] };
    const leave = (t: TaskEntity, reason: string) => result.leftOpen.push({ taskId: t.id, projectId: t.projectId, kind: t.kind, title: t.title, reason });
    for (const task of tasks) {
      if (task.kind !== 'approval') {
        leave(task, leftOpenReason(task.kind, await this.othersWhoCanDo(task, personId)));
        continue;
      }
      if (task.level === null) {
        leave(task, levelUnknown);
        continue;
      }
      const level = (await this.gateway.query(task.workflowId, chainStateQuery)).levels[task.level];
      const candidates = level ? handOverCandidates(units, secretaries, level.unitId, [personId, ...level.approverIds]) : [];
      const owner = task.projectId ? (await this.ds.getRepository(ProjectEntity).findOneBy({ id: task.projectId }))?.ownerId : undefined;
      // The same rule as a 转交 by hand: never to an auditor, never to the project's owner.
      const mayDecide = async (candidate: string) =>
        deciderRefusal(units, await grantsOf(this.ds.manager, candidate), { levelUnitIds: level ? [level.unitId] : [], isOwner: candidate === owner }) === null;
      const eligible: string[] = [];
      for (const candidate of candidates) if (await mayDecide(candidate)) eligible.push(candidate);
      const taker = await this.firstTaker(adminId, personId, task, eligible);
      if (typeof taker === 'string') {
        const names = await personNames(this.ds.manager, [taker]);
        result.handedOver.push({ taskId: task.id, projectId: task.projectId, title: task.title, toId: taker, toName: names.get(taker) ?? '' });
      } else leave(task, taker.reason);
    }
    await this.handOverDrafts(adminId, personId, units, secretaries, result);
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

  /** Who else, still active, can do the work: the other owner of a rectification item, the other secretaries of a campaign's unit. */
  private async othersWhoCanDo(task: TaskEntity, personId: string): Promise<string[]> {
    let ids: string[] = [];
    if (task.kind === 'evidence' && task.subjectId) {
      const item = await this.ds.getRepository(RectificationItemEntity).findOneBy({ id: task.subjectId });
      ids = item ? [item.partyOwnerId, item.businessOwnerId] : [];
    } else if (task.kind === 'campaign_report' && task.campaignId) {
      const twins = await this.ds.getRepository(TaskEntity).findBy({ campaignId: task.campaignId, kind: 'campaign_report', subjectId: task.subjectId ?? '', status: 'open' });
      ids = twins.map((t) => t.assigneeId);
    }
    const others = [...new Set(ids)].filter((id) => id !== personId);
    if (others.length === 0) return [];
    const active = await this.ds.getRepository(PersonEntity).find({ where: { id: In(others), deactivatedAt: IsNull() }, order: { name: 'ASC' } });
    return active.map((p) => p.name);
  }

  /** The nearest candidate the chain accepts; one it refuses (the submitter, say) makes way for the next. */
  async firstTaker(adminId: string, personId: string, task: TaskEntity, candidates: string[], comment = '人员停用，由管理员移交'): Promise<string | { reason: string }> {
    let reason = nobody;
    for (const toId of candidates) {
      try {
        await this.gateway.update(
          task.workflowId,
          delegateUpdate,
          { taskId: task.id, actorId: personId, toId, byId: adminId, comment },
          { updateId: `hand-over:${task.id}:${toId}`, projectId: task.projectId },
        );
        return toId;
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        this.logger.log(`hand-over of task ${task.id} to ${toId} refused: ${error.message}`);
        reason = `${nobody}（${error.message}）`;
      }
    }
    return { reason };
  }
}
