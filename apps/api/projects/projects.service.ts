import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, type FindOptionsWhere } from 'typeorm';
import {
  DeadlineEntity,
  DecisionEntity,
  EvaluationEntity,
  FindingEntity,
  ProjectEntity,
  RectificationItemEntity,
  ReportEntity,
  TaskEntity,
} from '../../../libs/db/entities/index.js';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import { evaluationWorkflowId, projectWorkflowId } from '../../../libs/domain/index.js';
import { OrgUnitIdKey, ProjectIdKey, StageKey, YearKey } from '../../../libs/temporal/search-attributes.js';
import type { Config } from '../../../libs/config/index.js';
import {
  raiseFindingUpdate,
  resubmitUpdate,
  submitReportUpdate,
  submitUpdate,
  type ProjectLifecycleInput,
} from '../../../workflows/project-lifecycle.messages.js';
import { submitSelfAssessmentUpdate } from '../../../workflows/year-end-evaluation.messages.js';
import { AccessService } from '../access/access.service.js';
import { CONFIG } from '../http/core.module.js';
import { conflict, forbidden, notFound } from '../http/refusal.js';
import { OrgService } from '../org/org.service.js';
import { PoliciesService } from '../policies/policies.service.js';
import { WorkflowGateway } from '../temporal/workflow-gateway.service.js';
import type { CreateProjectDto, ListProjectsQuery, RaiseFindingDto, ResubmitProjectDto, SubmitReportDto } from './dto/project.dto.js';
import {
  toChains,
  toDeadlineResponse,
  toEvaluationSummary,
  toItemResponse,
  toProjectResponse,
  toReportResponse,
} from './project.mappers.js';

@Injectable()
export class ProjectsService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly gateway: WorkflowGateway,
    private readonly policies: PoliciesService,
    private readonly org: OrgService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** The project, if the person may see it: 404 when it does not exist, 403 when it is outside their scope. */
  async visibleProjectOrFail(personId: string, projectId: string): Promise<ProjectEntity> {
    const project = await this.ds.getRepository(ProjectEntity).findOneBy({ id: projectId });
    if (!project) throw notFound('project');
    await this.access.assertCanSee(personId, project.orgUnitId, project.id);
    return project;
  }

  async create(personId: string, dto: CreateProjectDto) {
    await this.access.assertCanWrite(personId, dto.orgUnitId);
    return this.ds.transaction(async (m) => {
      const project = await m.getRepository(ProjectEntity).save({
        year: dto.year,
        kind: dto.kind,
        title: dto.title,
        goals: dto.goals.map((g) => ({ title: g.title, target: g.target })),
        orgUnitId: dto.orgUnitId,
        ownerId: personId,
        status: 'draft',
        policyVersion: null,
        updatedAt: new Date(),
      });
      await appendAudit(m, { projectId: project.id, actorId: personId, action: 'draft_created', entity: 'project', entityId: project.id, detail: { title: dto.title, kind: dto.kind, year: dto.year } });
      return toProjectResponse(project);
    });
  }

  async list(personId: string, query: ListProjectsQuery) {
    const scope = await this.access.scopeOf(personId);
    const units = scope.visibleUnitIds(query.unit);
    if (units.length === 0) return [];
    const where: FindOptionsWhere<ProjectEntity> = { orgUnitId: In(units) };
    if (query.year) where.year = query.year;
    if (query.status) where.status = query.status;
    if (query.kind) where.kind = query.kind;
    const rows = await this.ds.getRepository(ProjectEntity).find({ where, order: { createdAt: 'DESC' } });
    return rows.map(toProjectResponse);
  }

  async get(personId: string, projectId: string) {
    const project = await this.visibleProjectOrFail(personId, projectId);
    const [tasks, decisions, reports, findings, items, deadlines, evaluation] = await Promise.all([
      this.ds.getRepository(TaskEntity).find({ where: { projectId }, order: { createdAt: 'ASC' } }),
      this.ds.getRepository(DecisionEntity).find({ where: { projectId } }),
      this.ds.getRepository(ReportEntity).find({ where: { projectId }, order: { quarter: 'ASC', round: 'ASC' } }),
      this.ds.getRepository(FindingEntity).find({ where: { projectId }, order: { raisedAt: 'ASC' } }),
      this.ds.getRepository(RectificationItemEntity).find({ where: { projectId } }),
      this.ds.getRepository(DeadlineEntity).find({ where: { projectId }, order: { dueAt: 'ASC' } }),
      this.ds.getRepository(EvaluationEntity).findOneBy({ projectId }),
    ]);
    return {
      ...toProjectResponse(project),
      approvals: toChains(tasks, decisions),
      reports: reports.map(toReportResponse),
      findings: findings.map((f) => ({
        id: f.id,
        description: f.description,
        severity: f.severity,
        raisedBy: f.raisedBy,
        raisedAt: f.raisedAt,
        items: items.filter((i) => i.findingId === f.id).map(toItemResponse),
      })),
      deadlines: deadlines.map(toDeadlineResponse),
      evaluation: evaluation ? toEvaluationSummary(evaluation) : null,
    };
  }

  /** Starts the project's lifecycle together with the submit update, so the answer shows the new stage. */
  async submit(personId: string, projectId: string, updateId: string) {
    const project = await this.visibleProjectOrFail(personId, projectId);
    if (project.ownerId !== personId) throw forbidden('only the project owner can submit it', projectId);
    if (project.status !== 'draft') throw conflict(`this project has already been submitted (it is ${project.status})`, projectId);
    const policy = await this.policies.policyFor(project.year);
    const input: ProjectLifecycleInput = {
      projectId,
      ownerId: project.ownerId,
      unitId: project.orgUnitId,
      year: project.year,
      kind: project.kind,
      title: project.title,
      policy,
    };
    const state = await this.gateway.updateWithStart(
      'projectLifecycle',
      {
        workflowId: projectWorkflowId(projectId),
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        typedSearchAttributes: [
          { key: ProjectIdKey, value: projectId },
          { key: OrgUnitIdKey, value: project.orgUnitId },
          { key: StageKey, value: 'in_approval' },
          { key: YearKey, value: project.year },
        ],
      },
      submitUpdate,
      { actorId: personId },
      { updateId, projectId },
    );
    return { ...(await this.get(personId, projectId)), workflow: state };
  }

  async resubmit(personId: string, projectId: string, dto: ResubmitProjectDto, updateId: string) {
    await this.visibleProjectOrFail(personId, projectId);
    const state = await this.gateway.update(projectWorkflowId(projectId), resubmitUpdate, { actorId: personId, title: dto.title, goals: dto.goals }, { updateId, projectId });
    return { ...(await this.get(personId, projectId)), workflow: state };
  }

  async submitReport(personId: string, projectId: string, dto: SubmitReportDto, updateId: string) {
    await this.visibleProjectOrFail(personId, projectId);
    return this.gateway.update(projectWorkflowId(projectId), submitReportUpdate, { actorId: personId, quarter: dto.quarter, content: dto.content }, { updateId, projectId });
  }

  async raiseFinding(personId: string, projectId: string, dto: RaiseFindingDto, updateId: string) {
    await this.visibleProjectOrFail(personId, projectId);
    await this.org.assertPeopleExist({ partyOwnerId: dto.partyOwnerId, businessOwnerId: dto.businessOwnerId });
    return this.gateway.update(projectWorkflowId(projectId), raiseFindingUpdate, { actorId: personId, ...dto }, { updateId, projectId });
  }

  async submitSelfAssessment(personId: string, projectId: string, summary: string, updateId: string) {
    await this.visibleProjectOrFail(personId, projectId);
    return this.gateway.update(evaluationWorkflowId(projectId), submitSelfAssessmentUpdate, { actorId: personId, summary }, { updateId, projectId });
  }
}
