import { In, type EntityManager } from 'typeorm';
import {
  AuditEventEntity,
  DecisionEntity,
  EvaluationEntity,
  EvidenceFileEntity,
  NoticeEntity,
  OrgUnitEntity,
  PersonEntity,
  RectificationItemEntity,
  RoleAssignmentEntity,
  ScoreEntity,
} from '../../../libs/db/entities/index.js';
import type { HistoryStep } from '../../../libs/audit/history-steps.js';
import { factOf } from '../../../libs/audit/step-facts.js';
import type { PersonRecord, ProjectRecords } from '../../../libs/audit/timeline.js';

/** The people a timeline names, with every term they held, so each step shows the roles held then. */
async function peopleOf(m: EntityManager, ids: Iterable<string | null>): Promise<Map<string, PersonRecord>> {
  const wanted = [...new Set([...ids].filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map();
  const [people, grants] = await Promise.all([
    m.getRepository(PersonEntity).findBy({ id: In(wanted) }),
    m.getRepository(RoleAssignmentEntity).findBy({ personId: In(wanted) }),
  ]);
  const unitIds = [...new Set(grants.flatMap((g) => g.orgUnitId ?? []))];
  const units = unitIds.length ? await m.getRepository(OrgUnitEntity).findBy({ id: In(unitIds) }) : [];
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  return new Map(
    people.map((p) => [
      p.id,
      {
        name: p.name,
        roles: grants
          .filter((g) => g.personId === p.id)
          .map((g) => ({ role: g.role, unitName: g.orgUnitId ? (unitName.get(g.orgUnitId) ?? null) : null, since: g.validFrom, until: g.validUntil })),
      },
    ]),
  );
}

/** Files attached to the project's submitted evidence, in upload order, each with its rectification item. */
export const attachedEvidenceFiles = (m: EntityManager, projectId: string) =>
  m
    .getRepository(EvidenceFileEntity)
    .createQueryBuilder('f')
    .innerJoinAndMapOne('f.item', RectificationItemEntity, 'i', 'i.id = f.item_id')
    .where('i.project_id = :projectId AND f.evidence_id IS NOT NULL', { projectId })
    .orderBy('f.uploaded_at', 'ASC')
    .getMany() as Promise<(EvidenceFileEntity & { item: RectificationItemEntity })[]>;

/** What the database holds about a project: its audit chain, decisions, scores, result, evidence files, and the notices its histories or rows name. */
export async function loadProjectRecords(m: EntityManager, projectId: string, steps: HistoryStep[]): Promise<ProjectRecords> {
  const noticeKeys = steps.filter((s) => s.activityType === 'sendNotice').map((s) => String(s.input.key));
  const [audit, decisions, evaluation, files, notices] = await Promise.all([
    m.getRepository(AuditEventEntity).find({ where: { chainKey: projectId }, order: { seq: 'ASC' } }),
    m.getRepository(DecisionEntity).findBy({ projectId }),
    m.getRepository(EvaluationEntity).findOneBy({ projectId }),
    attachedEvidenceFiles(m, projectId),
    m
      .getRepository(NoticeEntity)
      .createQueryBuilder('n')
      .where('n.project_id = :projectId', { projectId })
      .orWhere(noticeKeys.length ? 'n.idempotency_key IN (:...noticeKeys)' : 'false', { noticeKeys })
      .getMany(),
  ]);
  const scores = evaluation ? await m.getRepository(ScoreEntity).findBy({ evaluationId: evaluation.id }) : [];
  const people = await peopleOf(m, [
    ...audit.map((a) => a.actorId),
    ...notices.map((n) => n.recipientId),
    ...steps.flatMap((s) => {
      const fact = factOf(s);
      return fact ? [fact.actorId, fact.details.recipientId ?? null] : [];
    }),
  ]);
  return {
    audit: audit.map(({ seq, at, actorId, action, detail, workflowId, stepKey }) => ({ seq, at, actorId, action, detail, workflowId, stepKey })),
    decisions: decisions.map(({ taskId, actorId, decision, decidedAt }) => ({ taskId, actorId, decision, decidedAt })),
    scores: scores.map((s) => ({ evaluatorId: s.evaluatorId, total: Number(s.total) })),
    evaluation: evaluation && { total: evaluation.total === null ? null : Number(evaluation.total), grade: evaluation.grade, ruleVersion: evaluation.ruleVersion },
    evidenceFiles: files.map(({ id, name, sha256 }) => ({ id, name, sha256 })),
    notices: notices.map((n) => ({ key: n.idempotencyKey, recipientId: n.recipientId, kind: n.kind, status: n.status, createdAt: n.createdAt })),
    projectNoticeKeys: new Set(notices.filter((n) => n.projectId === projectId).map((n) => n.idempotencyKey)),
    people,
  };
}
