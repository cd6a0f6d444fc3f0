import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { ProjectEntity, TaskEntity } from '../../../libs/db/entities/index.js';
import type { TaskKind } from '../../../libs/domain/index.js';
import { decideUpdate } from '../../../workflows/approval-chain.messages.js';
import { conflict, notFound } from '../http/refusal.js';
import { ProjectsService } from '../projects/projects.service.js';
import { toTaskResponse } from '../projects/project.mappers.js';
import { WorkflowGateway } from '../temporal/workflow-gateway.service.js';
import type { DecideDto, ListTasksQuery } from './dto/task.dto.js';

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

  /** The workflow decides whether it is this person's turn; the API only checks they may see the project. */
  async decide(personId: string, taskId: string, dto: DecideDto, updateId: string) {
    const task = await this.ds.getRepository(TaskEntity).findOneBy({ id: taskId });
    if (!task) throw notFound('task');
    await this.projects.visibleProjectOrFail(personId, task.projectId);
    if (task.kind !== 'approval') throw conflict(`this task is completed through ${routeFor[task.kind]}, not by a decision`, task.projectId);
    return this.gateway.update(task.workflowId, decideUpdate, { taskId, actorId: personId, decision: dto.decision, comment: dto.comment }, {
      updateId,
      projectId: task.projectId,
    });
  }
}
