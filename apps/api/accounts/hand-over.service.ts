import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProjectEntity, TaskEntity } from '../../../libs/db/entities/index.js';
import { grantsOf, holdersByUnit, loadUnits } from '../../../libs/db/repositories/org.repository.js';
import { deciderRefusal, handOverCandidates, type TaskKind } from '../../../libs/domain/index.js';
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

export interface TaskLeftOpen {
  taskId: string;
  projectId: string | null;
  kind: TaskKind;
  title: string;
  /** Why it stays with the person, in words an administrator can act on. */
  reason: string;
}

export interface HandOverResult {
  handedOver: HandedOverTask[];
  leftOpen: TaskLeftOpen[];
}

const notAStep = '只有审批步骤可以移交；此项工作仍由原责任人名下，可由本单位书记跟进处理';
const nobody = '本单位及上级单位没有可接手的书记';

/**
 * Hands a leaving person's open approval steps to the secretary of each step's unit (or the nearest one above) who
 * may decide there (deciderRefusal: no auditor, not the project's owner), by
 * the chain's own 转交 (delegate update): the chain checks and records it as it does any delegation, in the
 * project's audit chain with the administrator as the actor. The update id is fixed per step and taker, so asking
 * again never hands a step on twice.
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
    const result: HandOverResult = { handedOver: [], leftOpen: [] };
    const leave = (t: TaskEntity, reason: string) => result.leftOpen.push({ taskId: t.id, projectId: t.projectId, kind: t.kind, title: t.title, reason });
    for (const task of tasks) {
      if (task.kind !== 'approval' || task.level === null) {
        leave(task, notAStep);
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
    return result;
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
