import type { EntityManager } from 'typeorm';
import type { ChainVerification } from '../../../libs/audit/verify-chains.js';
import { DecisionEntity, EvaluationEntity, OrgUnitEntity, ProjectEntity, ScoreEntity } from '../../../libs/db/entities/index.js';
import { personNames } from '../org/people.js';
import type { ProjectTimeline } from './audit.service.js';
import type { DossierData } from './dossier.js';
import { attachedEvidenceFiles } from './project-records.js';

/** The records a dossier prints beside the timeline: decisions, the year-end result and its scores, evidence files. */
export async function loadDossierData(m: EntityManager, timeline: ProjectTimeline, chain: ChainVerification): Promise<DossierData> {
  const { projectId } = timeline;
  const project = await m.findOneByOrFail(ProjectEntity, { id: projectId });
  const [unit, decisions, evaluation, files] = await Promise.all([
    m.findOneBy(OrgUnitEntity, { id: project.orgUnitId }),
    m.find(DecisionEntity, { where: { projectId }, order: { decidedAt: 'ASC' } }),
    m.findOneBy(EvaluationEntity, { projectId }),
    attachedEvidenceFiles(m, projectId),
  ]);
  const scores = evaluation ? await m.find(ScoreEntity, { where: { evaluationId: evaluation.id }, order: { scoredAt: 'ASC' } }) : [];
  const names = await personNames(m, [
    project.ownerId,
    evaluation?.publishedBy,
    ...decisions.map((d) => d.actorId),
    ...scores.map((s) => s.evaluatorId),
    ...files.map((f) => f.uploadedBy),
  ]);
  const name = (id: string | null | undefined): string => (id ? (names.get(id) ?? id) : '—');
  return {
    unitName: unit?.name ?? project.orgUnitId,
    ownerName: name(project.ownerId),
    status: project.status,
    timeline,
    chain,
    decisions: decisions.map((d) => ({ at: d.decidedAt, purpose: d.purpose, level: d.level, actorName: name(d.actorId), decision: d.decision, comment: d.comment })),
    evaluation: evaluation
      ? { total: evaluation.total, grade: evaluation.grade, ruleVersion: evaluation.ruleVersion, publishedAt: evaluation.publishedAt, publishedByName: evaluation.publishedBy ? name(evaluation.publishedBy) : null }
      : null,
    scores: scores.map((s) => ({ evaluatorName: name(s.evaluatorId), total: s.total, bonus: s.bonus, comment: s.comment })),
    files: files.map((f) => ({ itemMeasures: f.item.measures, name: f.name, size: f.size, sha256: f.sha256, uploadedByName: name(f.uploadedBy), uploadedAt: f.uploadedAt })),
    generatedAt: new Date(),
  };
}
