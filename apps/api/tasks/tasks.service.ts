import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { ProjectEntity, TaskEntity } from '../../../libs/db/entities/index.js';
import type { TaskKind } from '../../../libs/domain/index.js';
import { addApproverUpdate, decideUpdate, delegateUpdate, nudgeUpdate, type ChainView } from '../../../workflows/approval-chain.messages.js';
import type { UpdateDefinition } from '@temporalio/common';
import { conflict, notFound } from '../http/refusal.js';
import { ProjectsService } from '../projects/projects.service.js';
import { toTaskResponse } from '../projects/project.mappers.js';
import { WorkflowGateway } from '../temporal/workflow-gateway.service.js';
import { OrgService } from '../org/org.service.js';
import type { AddApproverDto, DecideDto, DelegateDto, ListTasksQuery } from './dto/task.dto.js';

/** Where work that is not an approval step gets done. */
const routeFor: Record<Exclude<TaskKind, 'approval'>, string> = {
  report: 'POST /projects/:id/reports',
  evidence: 'POST /rectifications/:id/evidence',
  self_assessment: 'POST /projects/:id/self-assessment',
  score: 'POST /evaluations/:id/scores',
};

@Injectable()
export class TasksService {
  constructor(
    private readonly ds: DataSource,
    private readonly projects: ProjectsService,
    private readonly gateway: WorkflowGateway,
    private readonly org: OrgService,
  ) {}

  async mine(personId: string, query: ListTasksQuery) {
    const tasks = await this.ds.getRepository(TaskEntity).find({
      where: { assigneeId: personId, status: query.status === 'done' ? 'done' : 'open' },
      order: { createdAt: 'ASC' },
    });
    const projectIds = [...new Set(tasks.map((t) => t.projectId))];
    const projects = projectIds.length ? await this.ds.getRepository(ProjectEntity).findBy({ id: In(projectIds) }) : [];
    const titles = new Map(projects.map((p) => [p.id, p.title]));
    return tasks.map((t) => toTaskResponse(t, titles.get(t.projectId) ?? null));
  }

  decide(personId: string, taskId: string, dto: DecideDto, updateId: string) {
    return this.toChain(personId, taskId, decideUpdate, (actorId) => ({ taskId, actorId, decision: dto.decision, comment: dto.comment }), updateId);
  }

  async delegate(personId: string, taskId: string, dto: DelegateDto, updateId: string) {
    await this.org.assertPeopleExist({ toId: dto.toId });
    return this.toChain(personId, taskId, delegateUpdate, (actorId) => ({ taskId, actorId, toId: dto.toId, comment: dto.comment }), updateId);
  }

  async addApprover(personId: string, taskId: string, dto: AddApproverDto, updateId: string) {
    await this.org.assertPeopleExist({ personId: dto.personId });
    return this.toChain(personId, taskId, addApproverUpdate, (actorId) => ({ taskId, actorId, ...dto }), updateId);
  }

  nudge(personId: string, taskId: string, updateId: string) {
    return this.toChain(personId, taskId, nudgeUpdate, (actorId) => ({ taskId, actorId }), updateId);
  }

  /** The workflow decides whether the action is this person's to take; the API only checks they may see the project. */
  private async toChain<Arg>(personId: string, taskId: string, def: UpdateDefinition<ChainView, [Arg]>, arg: (actorId: string) => Arg, updateId: string) {
    const task = await this.ds.getRepository(TaskEntity).findOneBy({ id: taskId });
    if (!task) throw notFound('task');
    await this.projects.visibleProjectOrFail(personId, task.projectId);
    if (task.kind !== 'approval') throw conflict(`this task is completed through ${routeFor[task.kind]}, not as an approval step`, task.projectId);
    return this.gateway.update(task.workflowId, def, arg(personId), { updateId, projectId: task.projectId });
  }
}
