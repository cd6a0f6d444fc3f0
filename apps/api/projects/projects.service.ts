import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, Not, type FindOptionsWhere } from 'typeorm';
import type { Config } from '../../../libs/config/index.js';
import {
  AuditEventEntity,
  DeadlineEntity,
  DecisionEntity,
  EvaluationEntity,
  FindingEntity,
  OrgUnitEntity,
  ProjectEntity,
  RectificationItemEntity,
  ReportEntity,
  TaskEntity,
} from '../../../libs/db/entities/index.js';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import { loadUnits } from '../../../libs/db/repositories/org.repository.js';
import { canonicalJson, evaluationWorkflowId, projectWorkflowId, sitsOnCommitteeAbove } from '../../../libs/domain/index.js';
import { OrgUnitIdKey, ProjectIdKey, StageKey, YearKey } from '../../../libs/temporal/search-attributes.js';
import {
  raiseFindingUpdate,
  resubmitUpdate,
  resumeUpdate,
  submitReportUpdate,
  submitUpdate,
  withdrawUpdate,
  type ProjectLifecycleInput,
  type ProjectLifecycleState,
  type QuarterState,
  type RaisedFinding,
} from '../../../workflows/project-lifecycle.messages.js';
import { submitSelfAssessmentUpdate, type EvaluationState } from '../../../workflows/year-end-evaluation.messages.js';
import { AccessService } from '../access/access.service.js';
import { CONFIG } from '../core/core.module.js';
import { conflict, forbidden, invalidField } from '../http/refusal.js';
import { assertPeopleExist, personNames, type Names } from '../org/people.js';
import { PoliciesService } from '../policies/policies.service.js';
import { WorkflowGateway } from '../temporal/workflow-gateway.service.js';
import type {
  CreateProjectDto,
  ListProjectsQuery,
  RaiseFindingDto,
  ResubmitProjectDto,
  SubmitProjectDto,
  SubmitReportDto,
  WithdrawProjectDto,
} from './dto/project.dto.js';
import { toProjectDetailResponse, toProjectResponse, type ProjectDetailResponse, type ProjectResponse } from './projects.mappers.js';

/** A command's answer: the project as the database now has it, and the state the workflow returned. */
export type ProjectCommandResponse = ProjectDetailResponse & { workflow: ProjectLifecycleState };

/**
 * Drafts are the API's own records; from submission on, every change is a workflow update and the database is
 * the read model the workflow's activities keep.
 */
@Injectable()
export class ProjectsService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly gateway: WorkflowGateway,
    private readonly policies: PoliciesService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  private async names(personIds: Iterable<string | null>): Promise<Names> {
    const [people, units] = await Promise.all([personNames(this.ds.manager, personIds), loadUnits(this.ds.manager)]);
    return { people, units };
  }

  async create(personId: string, dto: CreateProjectDto): Promise<ProjectResponse> {
    const coOwningUnitIds = await this.checkDraft(personId, dto);
    const project = await this.ds.transaction(async (m) => {
      const row = await m.getRepository(ProjectEntity).save({
        year: dto.year,
        kind: dto.kind,
        title: dto.title,
        goals: dto.goals.map((g) => ({ title: g.title, target: g.target })),
        orgUnitId: dto.orgUnitId,
        coOwningUnitIds,
        ownerId: personId,
        status: 'draft',
        policyVersion: null,
        updatedAt: new Date(),
      });
      await appendAudit(m, {
        projectId: row.id,
        actorId: personId,
        action: 'draft_created',
        entity: 'project',
        entityId: row.id,
        detail: { title: row.title, kind: row.kind, year: row.year, orgUnitId: row.orgUnitId, coOwningUnitIds, goals: row.goals },
      });
      return row;
    });
    // Re-read: created_at is set by the database.
    const saved = await this.ds.getRepository(ProjectEntity).findOneByOrFail({ id: project.id });
    return toProjectResponse(saved, await this.names([personId]));
  }

  /**
   * 编辑草稿: the owner replaces a draft's fields before submitting it, on the same rules as a new draft. A draft
   * already submitted is refused (409); the same draft sent again changes nothing and audits nothing.
   */
  async updateDraft(personId: string, projectId: string, dto: CreateProjectDto): Promise<ProjectResponse> {
    const project = await this.access.projectOrFail(personId, projectId, 'write');
    if (project.ownerId !== personId) throw forbidden('only the project owner can edit the draft', projectId);
    const coOwningUnitIds = await this.checkDraft(personId, dto, projectId);
    const wanted = { year: dto.year, kind: dto.kind, title: dto.title, goals: dto.goals.map((g) => ({ title: g.title, target: g.target })), orgUnitId: dto.orgUnitId, coOwningUnitIds };
    await this.ds.transaction(async (m) => {
      // Locked, so a submit reading the draft for its workflow input never races an edit of it.
      const row = await m.getRepository(ProjectEntity).findOne({ where: { id: projectId }, lock: { mode: 'pessimistic_write' } });
      if (row?.status !== 'draft') throw conflict(`only a draft can be edited (this project is ${row?.status ?? 'gone'})`, projectId);
      const before = { year: row.year, kind: row.kind, title: row.title, goals: row.goals, orgUnitId: row.orgUnitId, coOwningUnitIds: row.coOwningUnitIds };
      if (canonicalJson(before) === canonicalJson(wanted)) return;
      await m.getRepository(ProjectEntity).update({ id: projectId }, { ...wanted, updatedAt: new Date() });
      await appendAudit(m, { projectId, actorId: personId, action: 'draft_updated', entity: 'project', entityId: projectId, detail: { before, after: wanted } });
    });
    const saved = await this.ds.getRepository(ProjectEntity).findOneByOrFail({ id: projectId });
    return toProjectResponse(saved, await this.names([personId]));
  }

  /** A draft's unit in the writer's scope and its co-owning units as its kind needs them; answers those units, once each. */
  private async checkDraft(personId: string, dto: CreateProjectDto, projectId: string | null = null): Promise<string[]> {
    // Scope first: a unit unknown or outside the scope is answered alike, so a draft cannot probe which units exist.
    this.access.assertAllowed(await this.access.scopeOf(personId), dto.orgUnitId, 'write', projectId);
    if (!(await this.ds.getRepository(OrgUnitEntity).existsBy({ id: dto.orgUnitId }))) throw invalidField('orgUnitId: 所属党组织不存在，请从组织列表中选择', projectId);
    const coOwningUnitIds = [...new Set(dto.coOwningUnitIds ?? [])];
    if (dto.kind === 'joint_building' && coOwningUnitIds.length === 0) throw invalidField('coOwningUnitIds: 联建共建项目至少要选择一个共建单位', projectId);
    if (dto.kind !== 'joint_building' && coOwningUnitIds.length > 0) throw invalidField('coOwningUnitIds: 只有联建共建项目可以选择共建单位：请清空共建单位，或把项目类型改为联建共建', projectId);
    if (coOwningUnitIds.includes(dto.orgUnitId)) throw invalidField('coOwningUnitIds: 项目所属党组织不能同时作为共建单位，请选择其他党组织', projectId);
    if ((await this.ds.getRepository(OrgUnitEntity).countBy({ id: In(coOwningUnitIds) })) !== coOwningUnitIds.length) {
      throw invalidField('coOwningUnitIds: 共建单位中有不存在的党组织，请从组织列表中重新选择', projectId);
    }
    return coOwningUnitIds;
  }

  async list(personId: string, query: ListProjectsQuery): Promise<ProjectResponse[]> {
    // Only administrators can act on a project that needs attention, so only they filter by it.
    if (query.attention !== undefined) await this.access.assertAdmin(personId);
    const units = (await this.access.scopeOf(personId)).visibleUnitIds(query.unit);
    if (units.length === 0) return [];
    const where: FindOptionsWhere<ProjectEntity> = { orgUnitId: In(units) };
    if (query.year !== undefined) where.year = query.year;
    if (query.status) where.status = query.status;
    if (query.kind) where.kind = query.kind;
    if (query.owner === 'me') where.ownerId = personId;
    if (query.attention !== undefined) where.attentionSince = query.attention ? Not(IsNull()) : IsNull();
    const rows = await this.ds.getRepository(ProjectEntity).find({ where, order: { createdAt: 'DESC', id: 'ASC' } });
    const [names, overdue] = await Promise.all([this.names(rows.map((p) => p.ownerId)), this.overdueCounts(rows.map((p) => p.id))]);
    return rows.map((p) => toProjectResponse(p, names, overdue.get(p.id) ?? 0));
  }

  private async overdueCounts(projectIds: string[]): Promise<Map<string, number>> {
    if (projectIds.length === 0) return new Map();
    const rows: { projectId: string; count: string }[] = await this.ds
      .getRepository(DeadlineEntity)
      .createQueryBuilder('d')
      .select('d.project_id', 'projectId')
      .addSelect('count(*)', 'count')
      .where('d.project_id IN (:...projectIds) AND d.status = :status', { projectIds, status: 'overdue' })
      .groupBy('d.project_id')
      .getRawMany();
    return new Map(rows.map((r) => [r.projectId, Number(r.count)]));
  }

  async get(personId: string, projectId: string): Promise<ProjectDetailResponse> {
    const project = await this.access.projectOrFail(personId, projectId, 'read');
    const repo = <T extends object>(entity: new () => T) => this.ds.getRepository(entity);
    const [tasks, decisions, reports, findings, items, deadlines, evaluation, nudges] = await Promise.all([
      repo(TaskEntity).find({ where: { projectId }, order: { createdAt: 'ASC', id: 'ASC' } }),
      repo(DecisionEntity).find({ where: { projectId }, order: { decidedAt: 'ASC' } }),
      repo(ReportEntity).find({ where: { projectId }, order: { quarter: 'ASC', round: 'ASC' } }),
      repo(FindingEntity).find({ where: { projectId }, order: { raisedAt: 'ASC' } }),
      repo(RectificationItemEntity).find({ where: { projectId }, order: { dueAt: 'ASC', findingId: 'ASC', position: 'ASC' } }),
      repo(DeadlineEntity).find({ where: { projectId }, order: { dueAt: 'ASC' } }),
      repo(EvaluationEntity).findOneBy({ projectId }),
      repo(AuditEventEntity).find({ select: { entityId: true, at: true }, where: { projectId, action: 'nudged' }, order: { at: 'ASC' } }),
    ]);
    // Oldest first, so each step keeps its latest.
    const nudgedAt = new Map(nudges.map((n) => [n.entityId ?? '', n.at]));
    const names = await this.names([
      project.ownerId,
      ...tasks.map((t) => t.assigneeId),
      ...decisions.map((d) => d.actorId),
      ...reports.map((r) => r.submittedBy),
      ...findings.map((f) => f.raisedBy),
      ...items.flatMap((i) => [i.partyOwnerId, i.businessOwnerId]),
    ]);
    return toProjectDetailResponse(project, { tasks, decisions, reports, findings, items, deadlines, evaluation, nudgedAt }, names);
  }

  /**
   * Starts the project's year together with the submit update (update-with-start), so the answer already shows
   * the new stage. The year's policy is read now and travels in the workflow input for the whole year.
   */
  async submit(personId: string, projectId: string, dto: SubmitProjectDto, updateId: string): Promise<ProjectCommandResponse> {
    const project = await this.access.projectOrFail(personId, projectId, 'write');
    if (project.ownerId !== personId) throw forbidden('only the project owner can submit it', projectId);
    const workflowId = projectWorkflowId(projectId);
    if (project.status !== 'draft') {
      // A retry of a submit whose answer was lost gets that answer again, not a refusal.
      const earlier = await this.gateway.earlierResult<ProjectLifecycleState>(workflowId, { updateId, projectId });
      if (earlier) return { ...(await this.get(personId, projectId)), workflow: earlier.value };
      const hint = project.status === 'sent_back' ? '; a project sent back is resubmitted with POST /projects/:id/resubmit' : '';
      throw conflict(`only a draft can be submitted (this project is ${project.status})${hint}`, projectId);
    }
    const input: ProjectLifecycleInput = {
      projectId,
      ownerId: project.ownerId,
      unitId: project.orgUnitId,
      year: project.year,
      kind: project.kind,
      title: project.title,
      policy: await this.policies.policyFor(project.year),
      coOwningUnitIds: project.coOwningUnitIds,
    };
    const ccIds = [...new Set(dto.ccIds ?? [])];
    await assertPeopleExist(this.ds.manager, Object.fromEntries(ccIds.map((id, i) => [`ccIds[${i}]`, id])), projectId);
    const state = await this.gateway.updateWithStart(
      'projectLifecycle',
      {
        workflowId,
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        // The workflow starts in draft and moves its Stage on as the submit handler runs.
        typedSearchAttributes: [
          { key: ProjectIdKey, value: projectId },
          { key: OrgUnitIdKey, value: project.orgUnitId },
          { key: StageKey, value: project.status },
          { key: YearKey, value: project.year },
        ],
      },
      submitUpdate,
      { actorId: personId, ccIds },
      { updateId, projectId },
    );
    return { ...(await this.get(personId, projectId)), workflow: state };
  }

  async resubmit(personId: string, projectId: string, dto: ResubmitProjectDto, updateId: string): Promise<ProjectCommandResponse> {
    await this.access.projectOrFail(personId, projectId, 'write');
    const goals = dto.goals?.map((g) => ({ title: g.title, target: g.target }));
    const state = await this.gateway.update(projectWorkflowId(projectId), resubmitUpdate, { actorId: personId, title: dto.title, goals }, { updateId, projectId });
    return { ...(await this.get(personId, projectId)), workflow: state };
  }

  async withdraw(personId: string, projectId: string, dto: WithdrawProjectDto, updateId: string): Promise<ProjectCommandResponse> {
    const project = await this.access.projectOrFail(personId, projectId, 'write');
    const workflowId = projectWorkflowId(projectId);
    if (project.status !== 'in_approval' && project.status !== 'sent_back') {
      // A withdrawn project's workflow has ended: a retry of the withdrawal gets its answer again, not a refusal.
      const earlier = project.status === 'withdrawn' ? await this.gateway.earlierResult<ProjectLifecycleState>(workflowId, { updateId, projectId }) : null;
      if (earlier) return { ...(await this.get(personId, projectId)), workflow: earlier.value };
      throw conflict(`only a project whose launch is not yet decided can be withdrawn (it is ${project.status})`, projectId);
    }
    const state = await this.gateway.update(workflowId, withdrawUpdate, { actorId: personId, comment: dto.comment ?? null }, { updateId, projectId });
    return { ...(await this.get(personId, projectId)), workflow: state };
  }

  async submitReport(personId: string, projectId: string, dto: SubmitReportDto, updateId: string): Promise<QuarterState> {
    await this.access.projectOrFail(personId, projectId, 'write');
    return this.gateway.update(projectWorkflowId(projectId), submitReportUpdate, { actorId: personId, quarter: dto.quarter, content: dto.content }, { updateId, projectId });
  }

  async raiseFinding(personId: string, projectId: string, dto: RaiseFindingDto, updateId: string): Promise<RaisedFinding> {
    const project = await this.access.projectOrFail(personId, projectId, 'write');
    const { description, severity, source } = dto;
    // Whether the actor reviews the project is the workflow's call; a committee's or an audit's finding is checked here.
    if (source) {
      const scope = await this.access.scopeOf(personId);
      if (!sitsOnCommitteeAbove(scope.units, scope.grants, project.orgUnitId)) throw forbidden(`only the committee above the project raises a ${source} finding`, projectId);
    }
    if (dto.items && [dto.measures, dto.partyOwnerId, dto.businessOwnerId].some((f) => f !== undefined)) {
      throw invalidField('整改事项的两种填法只能选一种：逐项列出整改事项（items），或只填一项的整改措施、党建责任人和业务责任人', projectId);
    }
    // The DTO has checked that either `items` or all three single-item fields are there.
    const items = dto.items ?? [{ measures: dto.measures as string, partyOwnerId: dto.partyOwnerId as string, businessOwnerId: dto.businessOwnerId as string }];
    const owners = items.flatMap((item, i) => {
      const at = dto.items ? `items[${i}].` : '';
      return [[`${at}partyOwnerId`, item.partyOwnerId], [`${at}businessOwnerId`, item.businessOwnerId]];
    });
    await assertPeopleExist(this.ds.manager, Object.fromEntries(owners), projectId);
    return this.gateway.update(projectWorkflowId(projectId), raiseFindingUpdate, { actorId: personId, description, severity, items, ...(source ? { source } : {}) }, { updateId, projectId });
  }

  /**
   * Carries on a year that waits for an administrator after a step failed for good: the workflow tries the step
   * again (and asks for attention once more if it fails again).
   */
  async resume(personId: string, projectId: string, updateId: string): Promise<ProjectCommandResponse> {
    await this.access.assertAdmin(personId);
    const project = await this.access.projectOrFail(personId, projectId, 'read');
    if (project.status === 'draft') throw conflict('a draft has no project year to resume', projectId);
    const state = await this.gateway.update(projectWorkflowId(projectId), resumeUpdate, { actorId: personId }, { updateId, projectId });
    return { ...(await this.get(personId, projectId)), workflow: state };
  }

  async submitSelfAssessment(personId: string, projectId: string, summary: string, updateId: string): Promise<EvaluationState> {
    await this.access.projectOrFail(personId, projectId, 'write');
    return this.gateway.update(evaluationWorkflowId(projectId), submitSelfAssessmentUpdate, { actorId: personId, summary }, { updateId, projectId });
  }
}
