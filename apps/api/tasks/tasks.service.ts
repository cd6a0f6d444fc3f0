import { Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/client';
import { DataSource, In } from 'typeorm';
import { DecisionEntity, ProjectEntity, TaskEntity } from '../../../libs/db/entities/index.js';
import { grantsOf } from '../../../libs/db/repositories/org.repository.js';
import { defaultApprovalPolicy, deciderRefusal, deciderRefusalMessage, stepLevelUnits, type ChainAction, type DeciderAction, type TaskKind } from '../../../libs/domain/index.js';
import { addApproverUpdate, decideUpdate, delegateUpdate, nudgeUpdate, recordMeetingUpdate, type ChainView } from '../../../workflows/approval-chain.messages.js';
import { AccessService, type Scope } from '../access/access.service.js';
import { conflict, forbidden, notFound, Refusal } from '../http/refusal.js';
import { assertPeopleExist, personNames } from '../org/people.js';
import { PoliciesService } from '../policies/policies.service.js';
import { toApprovalChains, type ApprovalChainResponse } from './approval-chains.mappers.js';
import { WorkflowGateway } from '../temporal/workflow-gateway.service.js';
import type { AddApproverDto, DecideDto, DelegateDto, ListTasksQuery, RecordMeetingDto } from './dto/task.dto.js';
import { toTaskResponse, type MeetingLevel, type TaskResponse } from './tasks.mappers.js';

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
    private readonly policies: PoliciesService,
  ) {}

  /** The actions the year's policy asks a comment for, per year of the projects given (a campaign's report has none). */
  private async commentRules(projects: Iterable<ProjectEntity | undefined>): Promise<(project: ProjectEntity | undefined) => ChainAction[]> {
    const years = [...new Set([...projects].flatMap((p) => (p ? [p.year] : [])))];
    const rules = new Map(await Promise.all(years.map(async (y) => [y, ((await this.policies.policyFor(y)).approval ?? defaultApprovalPolicy).commentRequired] as const)));
    return (project) => (project ? (rules.get(project.year) ?? []) : []);
  }

  /**
   * One task, for its assignee or anyone who may read its project (a mail link opened by someone it was handed
   * from); the decisions in it are its assignee's alone.
   */
  async one(personId: string, taskId: string): Promise<TaskResponse> {
    const task = await this.ds.getRepository(TaskEntity).findOneBy({ id: taskId });
    if (!task) throw notFound('task');
    if (task.projectId === null && task.assigneeId !== personId) throw notFound('task');
    const project = task.projectId ? await this.access.projectOrFail(personId, task.projectId, 'read', task.assigneeId === personId) : undefined;
    const [chains, commentRequired] = await Promise.all([this.chainsSoFar([task]), this.commentRules([project])]);
    const response = toTaskResponse(task, project, task.chainRef ? (chains.get(task.chainRef) ?? null) : null, { id: personId, commentRequired: commentRequired(project) });
    const meeting = response.decisions.length > 0 ? await this.meetingAt(task) : null;
    // A meeting level takes no single person's decision (the chain refuses it), nor a hand-over: its record is the one action.
    return meeting ? { ...response, decisions: [], handOvers: [], addPositions: [], meeting } : response;
  }

  /** The committee of the step's level when that level is decided at a meeting, as the chain wrote it on the step's row. */
  private async meetingAt(task: TaskEntity): Promise<MeetingLevel | null> {
    const memberIds = task.meetingMemberIds;
    if (!memberIds) return null;
    const names = await personNames(this.ds.manager, memberIds);
    return { members: memberIds.map((id) => ({ id, name: names.get(id) ?? null })) };
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
    const commentRequired = await this.commentRules(projects);
    const now = Date.now();
    return tasks.map((t) => {
      const project = t.projectId ? byId.get(t.projectId) : undefined;
      return toTaskResponse(t, project, t.chainRef ? (chains.get(t.chainRef) ?? null) : null, { id: personId, commentRequired: commentRequired(project) }, now);
    });
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

  delegate(personId: string, taskId: string, dto: DelegateDto, updateId: string): Promise<ChainView> {
    const arg = { taskId, actorId: personId, toId: dto.toId, comment: dto.comment };
    return this.sendToChain(personId, taskId, delegateUpdate, arg, updateId, { field: 'toId', personId: dto.toId, action: 'delegate' });
  }

  addApprover(personId: string, taskId: string, dto: AddApproverDto, updateId: string): Promise<ChainView> {
    const { personId: added, position, comment } = dto;
    const arg = { taskId, actorId: personId, personId: added, position, comment };
    return this.sendToChain(personId, taskId, addApproverUpdate, arg, updateId, { field: 'personId', personId: added, action: 'add_approver' });
  }

  recordMeeting(personId: string, taskId: string, dto: RecordMeetingDto, updateId: string): Promise<ChainView> {
    const attendees = Object.fromEntries(dto.meeting.attendeeIds.map((id, i) => [`meeting.attendeeIds[${i}]`, id]));
    return this.sendToChain(personId, taskId, recordMeetingUpdate, { taskId, actorId: personId, meeting: dto.meeting, comment: dto.comment }, updateId, undefined, attendees);
  }

  nudge(personId: string, taskId: string, updateId: string): Promise<ChainView> {
    return this.sendToChain(personId, taskId, nudgeUpdate, { taskId, actorId: personId }, updateId);
  }

  /**
   * Scope first, then the step, then the people the body names (`named`, the hand-over's included): nobody outside
   * the project learns more of a task than that it exists, nor whether a person id names anyone. The step's
   * assignee decides only while they may decide at its level (their role there checked now, not when the step was
   * handed to them); anyone else needs to act in the project's unit, and auditors never do. Whose turn it is,
   * whether the step is still open and whether a comment is needed are the chain workflow's call (its validator).
   */
  private async sendToChain<Arg>(
    personId: string,
    taskId: string,
    def: UpdateDefinition<ChainView, [Arg]>,
    arg: Arg,
    updateId: string,
    handOver?: HandOver,
    named: Record<string, string> = {},
  ): Promise<ChainView> {
    const task = await this.ds.getRepository(TaskEntity).findOneBy({ id: taskId });
    if (!task) throw notFound('task');
    const scope = await this.access.scopeOf(personId);
    // Only a campaign's report task has no project; its unit is its subject.
    if (task.projectId === null) {
      this.access.assertAllowed(scope, task.subjectId ?? '', 'write');
      throw conflict(`this task is completed through ${routeFor.campaign_report}, not as an approval step`);
    }
    const project = await this.ds.getRepository(ProjectEntity).findOneByOrFail({ id: task.projectId });
    const assignee = task.kind === 'approval' && task.assigneeId === personId;
    if (!assignee) this.access.assertAllowed(scope, project.orgUnitId, 'write', project.id);
    if (task.kind !== 'approval') throw conflict(`this task is completed through ${routeFor[task.kind]}, not as an approval step`, project.id);
    // The decider's role is checked now, at the level the step's record names, and so is the person it is handed to.
    const level = assignee
      ? { unitIds: stepLevelUnits(scope.units, project, task.levelUnitName), unitName: task.levelUnitName ?? scope.units.get(project.orgUnitId)?.name ?? '' }
      : undefined;
    if (level) this.assertMayDecide(scope, level, project);
    await assertPeopleExist(this.ds.manager, { ...named, ...(handOver && { [handOver.field]: handOver.personId }) }, project.id);
    if (level && handOver) await this.assertMayReceive(handOver, level, project, scope.units);
    return this.gateway.update(task.workflowId, def, arg, { updateId, projectId: project.id });
  }

  private assertMayDecide(scope: Scope, level: Level, project: ProjectEntity): void {
    const refusal = deciderRefusal(scope.units, scope.grants, { levelUnitIds: level.unitIds, isOwner: scope.personId === project.ownerId });
    if (refusal) throw forbidden(deciderRefusalMessage(refusal, '你', level.unitName, 'decide'), project.id);
  }

  /** 转交 and 加签 go only to someone who may decide at the level: the refusal names them and says why. */
  private async assertMayReceive(handOver: HandOver, level: Level, project: ProjectEntity, units: Scope['units']): Promise<void> {
    const [grants, names] = await Promise.all([grantsOf(this.ds.manager, handOver.personId), personNames(this.ds.manager, [handOver.personId])]);
    const refusal = deciderRefusal(units, grants, { levelUnitIds: level.unitIds, isOwner: handOver.personId === project.ownerId });
    if (!refusal) return;
    const message = `${handOver.field}：${deciderRefusalMessage(refusal, names.get(handOver.personId) ?? handOver.personId, level.unitName, handOver.action)}`;
    throw new Refusal(409, refusal === 'owner' ? 'SELF_APPROVAL' : 'DECISION_NOT_ALLOWED', message, project.id);
  }
}

/** The unit(s) whose line decides at a level, and its name for messages. */
interface Level {
  unitIds: string[];
  unitName: string;
}

/** The person a 转交 or 加签 hands the step to, and the body field that names them. */
interface HandOver {
  field: 'toId' | 'personId';
  personId: string;
  action: Exclude<DeciderAction, 'decide'>;
}
