import { Injectable, Logger } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { ProjectEntity, TaskEntity } from '../../../libs/db/entities/index.js';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import { grantsOf, holdersByUnit, loadUnits, type NamedUnit } from '../../../libs/db/repositories/org.repository.js';
import { ancestry, canWriteInUnit, deciderRefusal, handOverCandidates, projectWorkflowId, type TaskKind } from '../../../libs/domain/index.js';
import { chainStateQuery, delegateUpdate } from '../../../workflows/approval-chain.messages.js';
import { handOverWorkUpdate, type HandOverReason } from '../../../workflows/hand-over.messages.js';
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

/** Work other than an approval step, held by a running workflow: a project's reports, evidence, a self-assessment, a score, a campaign report. */
export type HeldWorkKind = Exclude<TaskKind, 'approval'>;

/** Such work now with someone else, with the open tasks it moved (none for a project whose reports are all in). */
export interface HandedOverWork {
  kind: HeldWorkKind;
  projectId: string | null;
  campaignId: string | null;
  title: string;
  taskIds: string[];
  toId: string;
  toName: string;
}

export interface HandOverResult {
  handedOver: HandedOverTask[];
  handedOverDrafts: HandedOverDraft[];
  handedOverWork: HandedOverWork[];
  leftOpen: TaskLeftOpen[];
}

/** Held work, where it is held, and the unit whose secretaries may take it. */
export interface HeldWork {
  kind: HeldWorkKind;
  workflowId: string;
  projectId: string | null;
  campaignId: string | null;
  title: string;
  unitId: string;
  /** An open task of it, named when it stays with the leaver. */
  taskId: string | null;
  /** Who may not take it: a project's owner does not score it. */
  excluded: string[];
}

/** Stages in which a project's year holds work of its owner's. */
const underWay = ['in_approval', 'sent_back', 'active', 'evaluating'] as const;

const nobody = '本单位及上级单位没有可接手的书记';
const levelUnknown = '此审批步骤没有记录所在层级，无法确定接手人，请管理员跟进';

/**
 * Hands a leaving person's open approval steps to the secretary of each step's unit (or the nearest one above) who
 * may decide there (deciderRefusal: no auditor, not the project's owner), by
 * the chain's own 转交 (delegate update): the chain checks and records it as it does any delegation, in the
 * project's audit chain with the administrator as the actor, and tells the taker (task_assigned). The update id is
 * fixed per step and taker, so asking again never hands a step on twice. Their drafts go to such a secretary too.
 * Other open work (the reports of projects they own, evidence, self-assessments, scores, campaign reports) is held by
 * its running workflow, which hands it over itself (handOverWorkUpdate): the rows and the audit event, the due
 * dates' reminders, and a notice to the taker (handOverHeldWork).
 */
@Injectable()
export class HandOverService {
  private readonly logger = new Logger(HandOverService.name);

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
    const held = await this.handOverHeldWork(adminId, personId, 'deactivated', async (work) => {
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
   * The work running workflows hold for the person, each asked of its workflow for the first candidate `takers`
   * names that it accepts (null: the work is not to move) (a panel member's score never goes to the project's owner, say). The update id is fixed
   * per workflow, leaver and taker, so asking again hands nothing over twice.
   */
  async handOverHeldWork(
    adminId: string,
    personId: string,
    reason: HandOverReason,
    takers: (work: HeldWork) => Promise<string[] | null>,
  ): Promise<Pick<HandOverResult, 'handedOverWork' | 'leftOpen'>> {
    const result: Pick<HandOverResult, 'handedOverWork' | 'leftOpen'> = { handedOverWork: [], leftOpen: [] };
    for (const work of await this.heldWork(personId)) {
      const candidates = await takers(work);
      // Not this hand-over's: a term change moves only the work of its post's unit.
      if (candidates === null) continue;
      let refusal = nobody;
      let taken = false;
      for (const toId of candidates) {
        try {
          const { taskIds } = await this.gateway.update(
            work.workflowId,
            handOverWorkUpdate,
            { fromId: personId, toId, byId: adminId, reason },
            { updateId: `hand-over:${work.workflowId}:${personId}:${toId}`, projectId: work.projectId },
          );
          const toName = (await personNames(this.ds.manager, [toId])).get(toId) ?? '';
          result.handedOverWork.push({ kind: work.kind, projectId: work.projectId, campaignId: work.campaignId, title: work.title, taskIds, toId, toName });
          taken = true;
          break;
        } catch (error) {
          if (!(error instanceof Refusal)) throw error;
          this.logger.log(`hand-over of ${work.workflowId} to ${toId} refused: ${error.message}`);
          refusal = `${nobody}（${error.message}）`;
        }
      }
      if (!taken) result.leftOpen.push({ taskId: work.taskId, projectId: work.projectId, kind: work.kind, title: work.title, reason: refusal });
    }
    return result;
  }

  /** The person's projects under way (their reports), and their open tasks of the other held kinds, one entry per workflow. */
  private async heldWork(personId: string): Promise<HeldWork[]> {
    const openTasks = await this.ds.getRepository(TaskEntity).find({
      where: { assigneeId: personId, status: 'open', kind: In(['report', 'evidence', 'self_assessment', 'score', 'campaign_report']) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const owned = await this.ds.getRepository(ProjectEntity).find({ where: { ownerId: personId, status: In([...underWay]) }, order: { createdAt: 'ASC', id: 'ASC' } });
    const work: HeldWork[] = owned.map((p) => ({
      kind: 'report',
      workflowId: projectWorkflowId(p.id),
      projectId: p.id,
      campaignId: null,
      title: p.title,
      unitId: p.orgUnitId,
      taskId: openTasks.find((t) => t.kind === 'report' && t.projectId === p.id)?.id ?? null,
      excluded: [],
    }));
    const seen = new Set(work.map((w) => w.workflowId));
    const units = await loadUnits(this.ds.manager);
    for (const task of openTasks) {
      if (task.kind === 'report' || task.kind === 'approval' || seen.has(task.workflowId)) continue;
      seen.add(task.workflowId);
      const project = task.projectId ? await this.ds.getRepository(ProjectEntity).findOneBy({ id: task.projectId }) : null;
      // A panel member sits for the committee above the project; other work is the project's (or the campaign unit's).
      const unitId = task.kind === 'score' && project ? ancestry(units, project.orgUnitId).find((u) => u.kind === 'committee')?.id ?? project.orgUnitId : (project?.orgUnitId ?? task.subjectId);
      if (!unitId) continue;
      const excluded = task.kind === 'score' && project ? [project.ownerId] : [];
      work.push({ kind: task.kind, workflowId: task.workflowId, projectId: task.projectId, campaignId: task.campaignId, title: task.title, unitId, taskId: task.id, excluded });
    }
    return work;
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
