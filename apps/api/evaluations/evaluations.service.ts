import { Injectable } from '@nestjs/common';
import { DataSource, In, type FindOptionsWhere } from 'typeorm';
import { EvaluationEntity, ProjectEntity, ScoreEntity } from '../../../libs/db/entities/index.js';
import { evaluationWorkflowId, gradeDistribution } from '../../../libs/domain/index.js';
import { submitScoreUpdate, type EvaluationState } from '../../../workflows/year-end-evaluation.messages.js';
import { AccessService } from '../access/access.service.js';
import { notFound } from '../http/refusal.js';
import { personNames } from '../org/people.js';
import { WorkflowGateway } from '../temporal/workflow-gateway.service.js';
import type { EvaluationsQuery, ScoreDto } from './dto/evaluation.dto.js';
import { toEvaluationDetailResponse, toEvaluationResponse, type EvaluationDetailResponse, type EvaluationListResponse } from './evaluations.mappers.js';

/** 年终考评: results with their working (rule version and every input), scored through the evaluation workflow. */
@Injectable()
export class EvaluationsService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly gateway: WorkflowGateway,
  ) {}

  /** Results within the reader's scope (or one unit's subtree), and how the grades fall per owning unit. */
  async list(personId: string, query: EvaluationsQuery): Promise<EvaluationListResponse> {
    const scope = await this.access.scopeOf(personId);
    const units = scope.visibleUnitIds(query.unit);
    if (units.length === 0) return { results: [], distribution: [] };
    const where: FindOptionsWhere<ProjectEntity> = { orgUnitId: In(units) };
    if (query.year !== undefined) where.year = query.year;
    const projects = await this.ds.getRepository(ProjectEntity).findBy(where);
    if (projects.length === 0) return { results: [], distribution: [] };
    const byId = new Map(projects.map((p) => [p.id, p]));
    const rows = await this.ds.getRepository(EvaluationEntity).find({ where: { projectId: In([...byId.keys()]) }, order: { createdAt: 'DESC', id: 'ASC' } });
    const distribution = gradeDistribution(rows.map((e) => ({ unitId: byId.get(e.projectId)?.orgUnitId as string, grade: e.grade })));
    return {
      results: rows.map((e) => toEvaluationResponse(e, byId.get(e.projectId)?.title ?? null)),
      distribution: distribution.map((d) => ({ ...d, unitName: scope.units.get(d.unitId)?.name ?? null })),
    };
  }

  async get(personId: string, id: string): Promise<EvaluationDetailResponse> {
    const evaluation = await this.evaluationOrFail(id);
    const project = await this.access.projectOrFail(personId, evaluation.projectId, 'read');
    const scores = await this.ds.getRepository(ScoreEntity).find({ where: { evaluationId: id }, order: { scoredAt: 'ASC' } });
    const names = await personNames(this.ds.manager, scores.map((s) => s.evaluatorId));
    return toEvaluationDetailResponse(evaluation, project.title, scores, names);
  }

  /** Whether this person is one of the evaluators, and whether scoring is open, is the evaluation workflow's call. */
  async score(personId: string, id: string, dto: ScoreDto, updateId: string): Promise<EvaluationState> {
    const evaluation = await this.evaluationOrFail(id);
    await this.access.projectOrFail(personId, evaluation.projectId, 'write');
    const { comment, politicalExecution, organisationalDelivery, fortressRole, responsibility, bonus, bonusJustification } = dto;
    const scores = { politicalExecution, organisationalDelivery, fortressRole, responsibility };
    const proposal = bonus === undefined ? {} : { bonus, ...(bonusJustification !== undefined ? { bonusJustification } : {}) };
    return this.gateway.update(evaluationWorkflowId(evaluation.projectId), submitScoreUpdate, { actorId: personId, scores, comment, ...proposal }, { updateId, projectId: evaluation.projectId });
  }

  private async evaluationOrFail(id: string): Promise<EvaluationEntity> {
    const evaluation = await this.ds.getRepository(EvaluationEntity).findOneBy({ id });
    if (!evaluation) throw notFound('evaluation');
    return evaluation;
  }
}
