import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { EvaluationEntity, ProjectEntity, ScoreEntity } from '../../../libs/db/entities/index.js';
import { evaluationWorkflowId, gradeLabels } from '../../../libs/domain/index.js';
import { submitScoreUpdate } from '../../../workflows/year-end-evaluation.messages.js';
import { AccessService } from '../access/access.service.js';
import { notFound } from '../http/refusal.js';
import { ProjectsService } from '../projects/projects.service.js';
import { WorkflowGateway } from '../temporal/workflow-gateway.service.js';
import type { EvaluationsQuery, ScoreDto } from './dto/evaluation.dto.js';

const toEvaluationResponse = (e: EvaluationEntity, projectTitle: string) => ({
  id: e.id,
  projectId: e.projectId,
  projectTitle,
  year: e.year,
  status: e.status,
  selfAssessment: e.selfAssessment,
  total: e.total === null ? null : Number(e.total),
  grade: e.grade,
  gradeLabel: e.grade ? gradeLabels[e.grade] : null,
  ruleVersion: e.ruleVersion,
  inputs: e.inputs,
  result: e.result,
  completedAt: e.completedAt,
});

/** 年终考评: results with the working (rule version and every input), scored through the evaluation workflow. */
@Injectable()
export class EvaluationsService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly projects: ProjectsService,
    private readonly gateway: WorkflowGateway,
  ) {}

  async list(personId: string, query: EvaluationsQuery) {
    const units = (await this.access.scopeOf(personId)).visibleUnitIds();
    if (units.length === 0) return [];
    const projects = await this.ds.getRepository(ProjectEntity).findBy({ orgUnitId: In(units), ...(query.year && { year: query.year }) });
    if (projects.length === 0) return [];
    const titles = new Map(projects.map((p) => [p.id, p.title]));
    const rows = await this.ds.getRepository(EvaluationEntity).findBy({ projectId: In([...titles.keys()]) });
    return rows.map((e) => toEvaluationResponse(e, titles.get(e.projectId) ?? ''));
  }

  async get(personId: string, id: string) {
    const evaluation = await this.ds.getRepository(EvaluationEntity).findOneBy({ id });
    if (!evaluation) throw notFound('evaluation');
    const project = await this.projects.visibleProjectOrFail(personId, evaluation.projectId);
    const scores = await this.ds.getRepository(ScoreEntity).find({ where: { evaluationId: id }, order: { scoredAt: 'ASC' } });
    return {
      ...toEvaluationResponse(evaluation, project.title),
      scores: scores.map((s) => ({ evaluatorId: s.evaluatorId, scores: s.scores, total: Number(s.total), comment: s.comment, scoredAt: s.scoredAt })),
    };
  }

  async score(personId: string, id: string, dto: ScoreDto, updateId: string) {
    const evaluation = await this.ds.getRepository(EvaluationEntity).findOneBy({ id });
    if (!evaluation) throw notFound('evaluation');
    await this.projects.visibleProjectOrFail(personId, evaluation.projectId);
    const { comment, ...scores } = dto;
    return this.gateway.update(evaluationWorkflowId(evaluation.projectId), submitScoreUpdate, { actorId: personId, scores, comment }, {
      updateId,
      projectId: evaluation.projectId,
    });
  }
}
