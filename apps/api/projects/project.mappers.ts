import type {
  DeadlineEntity,
  DecisionEntity,
  EvaluationEntity,
  ProjectEntity,
  RectificationItemEntity,
  ReportEntity,
  TaskEntity,
} from '../../../libs/db/entities/index.js';
import { projectKindLabels, projectStatusLabels } from '../../../libs/domain/index.js';

export const toProjectResponse = (p: ProjectEntity) => ({
  id: p.id,
  year: p.year,
  kind: p.kind,
  kindLabel: projectKindLabels[p.kind],
  title: p.title,
  goals: p.goals,
  orgUnitId: p.orgUnitId,
  ownerId: p.ownerId,
  status: p.status,
  statusLabel: projectStatusLabels[p.status],
  policyVersion: p.policyVersion,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

const overdue = (dueAt: Date | null, open: boolean) => open && dueAt !== null && dueAt.getTime() < Date.now();

/** Approval steps grouped by chain: who was asked at which level, who decided what, when and why. */
export function toChains(tasks: TaskEntity[], decisions: DecisionEntity[]) {
  const byTask = new Map(decisions.map((d) => [d.taskId, d]));
  const chains = new Map<string, { ref: string; purpose: string | null; steps: unknown[] }>();
  for (const t of tasks.filter((x) => x.kind === 'approval')) {
    const ref = t.chainRef ?? t.workflowId;
    const chain = chains.get(ref) ?? { ref, purpose: t.purpose, steps: [] };
    const d = byTask.get(t.id);
    chain.steps.push({
      taskId: t.id,
      level: t.level,
      levelUnitName: t.levelUnitName,
      assigneeId: t.assigneeId,
      status: t.status,
      openedAt: t.createdAt,
      decision: d ? { decision: d.decision, comment: d.comment, actorId: d.actorId, decidedAt: d.decidedAt } : null,
    });
    chains.set(ref, chain);
  }
  return [...chains.values()];
}

export const toReportResponse = (r: ReportEntity) => ({
  id: r.id,
  quarter: r.quarter,
  round: r.round,
  content: r.content,
  submittedBy: r.submittedBy,
  submittedAt: r.submittedAt,
  dueAt: r.dueAt,
  late: r.late,
  status: r.status,
});

export const toItemResponse = (i: RectificationItemEntity) => ({
  id: i.id,
  findingId: i.findingId,
  projectId: i.projectId,
  measures: i.measures,
  partyOwnerId: i.partyOwnerId,
  businessOwnerId: i.businessOwnerId,
  status: i.status,
  round: i.round,
  dueAt: i.dueAt,
  overdue: overdue(i.dueAt, i.status !== 'closed'),
  closedAt: i.closedAt,
  closedOnTime: i.closedOnTime,
});

export const toDeadlineResponse = (d: DeadlineEntity) => ({ ref: d.ref, kind: d.kind, title: d.title, dueAt: d.dueAt, status: d.status, submittedAt: d.submittedAt });

export const toEvaluationSummary = (e: EvaluationEntity) => ({ id: e.id, status: e.status, total: e.total === null ? null : Number(e.total), grade: e.grade });

export const toTaskResponse = (t: TaskEntity, projectTitle: string | null) => ({
  id: t.id,
  kind: t.kind,
  title: t.title,
  projectId: t.projectId,
  projectTitle,
  purpose: t.purpose,
  level: t.level,
  levelUnitName: t.levelUnitName,
  subjectId: t.subjectId,
  status: t.status,
  dueAt: t.dueAt,
  overdue: overdue(t.dueAt, t.status === 'open'),
  outcome: t.outcome,
  createdAt: t.createdAt,
  closedAt: t.closedAt,
});
