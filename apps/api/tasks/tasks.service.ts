import { Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/client';
import { DataSource, In } from 'typeorm';
import { DecisionEntity, ProjectEntity, TaskEntity } from '../../../libs/db/entities/index.js';
import type { TaskKind } from '../../../libs/domain/index.js';
import { addApproverUpdate, decideUpdate, delegateUpdate, nudgeUpdate, recordMeetingUpdate, type ChainView } from '../../../workflows/approval-chain.messages.js';
import { AccessService } from '../access/access.service.js';
import { conflict, notFound } from '../http/refusal.js';
import { assertPeopleExist, personNames } from '../org/people.js';
import { toApprovalChains, type ApprovalChainResponse } from '../projects/projects.mappers.js';
import { WorkflowGateway } from '../temporal/workflow-gateway.service.js';
import type { AddApproverDto, DecideDto, DelegateDto, ListTasksQuery, RecordMeetingDto } from './dto/task.dto.js';
import { toTaskResponse, type TaskResponse } from './tasks.mappers.js';

/** Where work that is not an approval step gets done, for the 409 that points there. */
const routeFor: Record<Exclude<TaskKind, 'approval'>, string> = {
  report: 'POST /projects/:id/reports',
  evidence: 'POST /rectifications/:id/evidence',
  self_assessment: 'POST /projects/:id/self-assessment',
  score: 'POST /evaluations/:id/scores',
  campaign_report: 'POST /campaigns/:id/reports',
};

/** 待办: the work assigned to a person, and the approval actions taken on it (sent to the step's chain workflow). */
@Injectable()
export class TasksService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly gateway: WorkflowGateway,
  ) {}

  /**
   * One task, for its assignee or anyone who may read its project (a mail link opened by someone it was handed
   * from); the decisions in it are its assignee's alone.
   */
  async one(personId: string, taskId: string): Promise<TaskResponse> {
    const task = await this.ds.getRepository(TaskEntity).findOneBy({ id: taskId });
    if (!task) throw notFound('task');
    if (task.projectId === null && task.assigneeId !== personId) throw notFound('task');
    const project = task.projectId ? await this.access.projectOrFail(personId, task.projectId, 'read', task.assigneeId === personId) : undefined;
    const chains = await this.chainsSoFar([task]);
    return toTaskResponse(task, project, task.chainRef ? (chains.get(task.chainRef) ?? null) : null, personId);
  }

  async mine(personId: string, query: ListTasksQuery): Promise<TaskResponse[]> {
    const status = query.status ?? 'open';
    const tasks = await this.ds.getRepository(TaskEntity).find({
      where: { assigneeId: personId, status },
      // Open work in the order it arrived; done work newest first.
      order: status === 'open' ? { createdAt: 'ASC', id: 'ASC' } : { closedAt: 'DESC', id: 'ASC' },
      take: 500,
    });
    const projectIds = [...new Set(tasks.map((t) => t.projectId).filter((id): id is string => id !== null))];
    const [projects, chains] = await Promise.all([
      projectIds.length ? this.ds.getRepository(ProjectEntity).findBy({ id: In(projectIds) }) : [],
      this.chainsSoFar(tasks),
    ]);
    const byId = new Map(projects.map((p) => [p.id, p]));
    const now = Date.now();
    return tasks.map((t) => toTaskResponse(t, t.projectId ? byId.get(t.projectId) : undefined, t.chainRef ? (chains.get(t.chainRef) ?? null) : null, personId, now));
  }

  /** The chains the listed approval steps belong to: every level asked so far, who decided what, who is pending. */
  private async chainsSoFar(tasks: TaskEntity[]): Promise<Map<string, ApprovalChainResponse>> {
    const refs = [...new Set(tasks.map((t) => t.chainRef).filter((ref): ref is string => ref !== null))];
    if (refs.length === 0) return new Map();
    const [steps, decisions] = await Promise.all([
      this.ds.getRepository(TaskEntity).find({ where: { chainRef: In(refs) }, order: { createdAt: 'ASC', id: 'ASC' } }),
      this.ds.getRepository(DecisionEntity).find({ where: { chainRef: In(refs) } }),
    ]);
    const people = await personNames(this.ds.manager, [...steps.map((s) => s.assigneeId), ...decisions.map((d) => d.actorId)]);
    return new Map(toApprovalChains(steps, decisions, { people, units: new Map() }).map((c) => [c.ref, c]));
  }

  decide(personId: string, taskId: string, dto: DecideDto, updateId: string): Promise<ChainView> {
    return this.sendToChain(personId, taskId, decideUpdate, { taskId, actorId: personId, decision: dto.decision, comment: dto.comment, ratings: dto.ratings }, updateId);
  }

  async delegate(personId: string, taskId: string, dto: DelegateDto, updateId: string): Promise<ChainView> {
    await assertPeopleExist(this.ds.manager, { toId: dto.toId });
    return this.sendToChain(personId, taskId, delegateUpdate, { taskId, actorId: personId, toId: dto.toId, comment: dto.comment }, updateId);
  }

  async addApprover(personId: string, taskId: string, dto: AddApproverDto, updateId: string): Promise<ChainView> {
    await assertPeopleExist(this.ds.manager, { personId: dto.personId });
    const { personId: added, position, comment } = dto;
    return this.sendToChain(personId, taskId, addApproverUpdate, { taskId, actorId: personId, personId: added, position, comment }, updateId);
  }

  async recordMeeting(personId: string, taskId: string, dto: RecordMeetingDto, updateId: string): Promise<ChainView> {
    await assertPeopleExist(this.ds.manager, Object.fromEntries(dto.meeting.attendeeIds.map((id, i) => [`meeting.attendeeIds[${i}]`, id])));
    return this.sendToChain(personId, taskId, recordMeetingUpdate, { taskId, actorId: personId, meeting: dto.meeting, comment: dto.comment }, updateId);
  }

  nudge(personId: string, taskId: string, updateId: string): Promise<ChainView> {
    return this.sendToChain(personId, taskId, nudgeUpdate, { taskId, actorId: personId }, updateId);
  }

  /**
   * Whose turn it is, whether the step is still open and whether a comment is needed are the chain workflow's
   * call (its validator); the API keeps outsiders and auditors out, and lets the step's assignee in even when the
   * step was handed to them from outside their subtree.
   */
  private async sendToChain<Arg>(personId: string, taskId: string, def: UpdateDefinition<ChainView, [Arg]>, arg: Arg, updateId: string): Promise<ChainView> {
    const task = await this.ds.getRepository(TaskEntity).findOneBy({ id: taskId });
    if (!task) throw notFound('task');
    // Only a campaign's report task has no project.
    if (task.projectId === null) throw conflict(`this task is completed through ${routeFor.campaign_report}, not as an approval step`);
    await this.access.projectOrFail(personId, task.projectId, 'write', task.assigneeId === personId);
    if (task.kind !== 'approval') throw conflict(`this task is completed through ${routeFor[task.kind]}, not as an approval step`, task.projectId);
    return this.gateway.update(task.workflowId, def, arg, { updateId, projectId: task.projectId });
  }
}
