import type {
  DeadlineEntity,
  DecisionEntity,
  EvaluationEntity,
  FindingEntity,
  ProjectEntity,
  RectificationItemEntity,
  ReportEntity,
  TaskEntity,
} from '../../../libs/db/entities/index.js';
import {
  approvalPurposeLabels,
  findingSourceLabels,
  reviewRatingLabels,
  gradeLabels,
  projectKindLabels,
  projectStatusLabels,
  type ApprovalPurpose,
  type Decision,
  type Grade,
  type ProjectGoal,
  type ProjectKind,
  type LevelMode,
  type MeetingRecord,
  type ReviewRatings,
  type ProjectStatus,
  type Severity,
  type TaskStatus,
} from '../../../libs/domain/index.js';

/** Names of the people and units a response mentions, looked up once per request. */
export interface Names {
  people: ReadonlyMap<string, string>;
  units: ReadonlyMap<string, { name: string }>;
}

const personName = (names: Names, id: string | null) => (id === null ? null : (names.people.get(id) ?? null));

/** Open work whose due time has passed. */
export const isOverdue = (dueAt: Date | null, open: boolean, now = Date.now()): boolean => open && dueAt !== null && dueAt.getTime() < now;

export interface ProjectResponse {
  id: string;
  year: number;
  kind: ProjectKind;
  kindLabel: string;
  title: string;
  goals: ProjectGoal[];
  orgUnitId: string;
  orgUnitName: string | null;
  /** 联建共建: the units owning the project together with its own. */
  coOwningUnits: { id: string; name: string | null }[];
  ownerId: string;
  ownerName: string | null;
  status: ProjectStatus;
  statusLabel: string;
  /** Due dates passed with the work still missing (reports, approval levels, rectification, self-assessment). */
  overdueCount: number;
  policyVersion: string | null;
  /** Set while the year waits for an administrator: the step that failed for good, why, and since when. */
  attention: { step: string; reason: string; since: Date } | null;
  createdAt: Date;
  updatedAt: Date;
}

export const toProjectResponse = (p: ProjectEntity, names: Names, overdueCount = 0): ProjectResponse => ({
  id: p.id,
  year: p.year,
  kind: p.kind,
  kindLabel: projectKindLabels[p.kind],
  title: p.title,
  goals: p.goals,
  orgUnitId: p.orgUnitId,
  orgUnitName: names.units.get(p.orgUnitId)?.name ?? null,
  coOwningUnits: (p.coOwningUnitIds ?? []).map((id) => ({ id, name: names.units.get(id)?.name ?? null })),
  ownerId: p.ownerId,
  ownerName: personName(names, p.ownerId),
  status: p.status,
  statusLabel: projectStatusLabels[p.status],
  overdueCount,
  policyVersion: p.policyVersion,
  attention: p.attentionSince ? { step: p.attentionStep ?? '', reason: p.attentionReason ?? '', since: p.attentionSince } : null,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

export interface DecisionResponse {
  decision: Decision;
  comment: string | null;
  actorId: string;
  actorName: string | null;
  decidedAt: Date;
  /** When a committee meeting decided the level: its date, attendance, vote and minutes. */
  meeting: MeetingRecord | null;
  /** 一次查、双向评: the ratings a quarterly review gave. */
  ratings: ReviewRatings | null;
}

export interface ApprovalStepResponse {
  taskId: string;
  level: number | null;
  levelUnitName: string | null;
  levelMode: LevelMode | null;
  assigneeId: string;
  assigneeName: string | null;
  status: TaskStatus;
  dueAt: Date | null;
  overdue: boolean;
  /** approve / reject / send_back, or how the step was otherwise closed (delegated, superseded …). */
  outcome: string | null;
  openedAt: Date;
  closedAt: Date | null;
  decisions: DecisionResponse[];
  /** 催办: when the submitter last nudged this step's approver. */
  lastNudgedAt: Date | null;
}

export interface ApprovalChainResponse {
  ref: string;
  purpose: ApprovalPurpose | null;
  purposeLabel: string | null;
  steps: ApprovalStepResponse[];
}

/** Approval steps grouped by chain, in the order they opened: who was asked at which level, who decided what, when and why. */
export function toApprovalChains(tasks: TaskEntity[], decisions: DecisionEntity[], names: Names, nudgedAt: ReadonlyMap<string, Date> = new Map()): ApprovalChainResponse[] {
  const byTask = new Map<string, DecisionEntity[]>();
  for (const d of decisions) byTask.set(d.taskId, [...(byTask.get(d.taskId) ?? []), d]);
  const chains = new Map<string, ApprovalChainResponse>();
  for (const t of tasks.filter((x) => x.kind === 'approval')) {
    const ref = t.chainRef ?? t.workflowId;
    const chain = chains.get(ref) ?? { ref, purpose: t.purpose, purposeLabel: t.purpose ? approvalPurposeLabels[t.purpose] : null, steps: [] };
    chain.steps.push({
      taskId: t.id,
      level: t.level,
      levelUnitName: t.levelUnitName,
      levelMode: t.levelMode,
      assigneeId: t.assigneeId,
      assigneeName: personName(names, t.assigneeId),
      status: t.status,
      dueAt: t.dueAt,
      overdue: isOverdue(t.dueAt, t.status === 'open'),
      outcome: t.outcome,
      openedAt: t.createdAt,
      closedAt: t.closedAt,
      decisions: (byTask.get(t.id) ?? [])
        .sort((a, b) => a.decidedAt.getTime() - b.decidedAt.getTime())
        .map((d) => ({ decision: d.decision, comment: d.comment, actorId: d.actorId, actorName: personName(names, d.actorId), decidedAt: d.decidedAt, meeting: d.meeting, ratings: d.ratings })),
      lastNudgedAt: nudgedAt.get(t.id) ?? null,
    });
    chains.set(ref, chain);
  }
  return [...chains.values()];
}

export const toReportResponse = (r: ReportEntity, names: Names) => ({
  id: r.id,
  quarter: r.quarter,
  round: r.round,
  content: r.content,
  submittedBy: r.submittedBy,
  submittedByName: personName(names, r.submittedBy),
  submittedAt: r.submittedAt,
  dueAt: r.dueAt,
  late: r.late,
  status: r.status,
  /** 一次查、双向评: how the accepting review rated each side, with the words people use. */
  ratings: r.ratings && {
    partyBuilding: r.ratings.partyBuilding,
    partyBuildingLabel: reviewRatingLabels[r.ratings.partyBuilding],
    business: r.ratings.business,
    businessLabel: reviewRatingLabels[r.ratings.business],
  },
});

export const toItemResponse = (i: RectificationItemEntity, names: Names) => ({
  id: i.id,
  findingId: i.findingId,
  projectId: i.projectId,
  measures: i.measures,
  partyOwnerId: i.partyOwnerId,
  partyOwnerName: personName(names, i.partyOwnerId),
  businessOwnerId: i.businessOwnerId,
  businessOwnerName: personName(names, i.businessOwnerId),
  status: i.status,
  round: i.round,
  dueAt: i.dueAt,
  firstDueAt: i.firstDueAt,
  overdue: isOverdue(i.dueAt, i.status !== 'closed'),
  closedAt: i.closedAt,
  closedOnTime: i.closedOnTime,
  /** 双问责: both owners, accountable since the item first went overdue. */
  accountable: i.accountableAt && { since: i.accountableAt, ownerIds: [...new Set([i.partyOwnerId, i.businessOwnerId])] },
});

export const toFindingResponse = (f: FindingEntity, items: RectificationItemEntity[], names: Names) => ({
  id: f.id,
  description: f.description,
  severity: f.severity as Severity,
  source: f.source,
  sourceLabel: findingSourceLabels[f.source],
  raisedBy: f.raisedBy,
  raisedByName: personName(names, f.raisedBy),
  raisedAt: f.raisedAt,
  items: items.filter((i) => i.findingId === f.id).map((i) => toItemResponse(i, names)),
});

export const toDeadlineResponse = (d: DeadlineEntity) => ({
  ref: d.ref,
  kind: d.kind,
  title: d.title,
  dueAt: d.dueAt,
  rule: d.rule,
  status: d.status,
  submittedAt: d.submittedAt,
  /** Pauses, resumptions and extensions (延期), oldest first. */
  events: d.events,
});

export const toEvaluationSummary = (e: EvaluationEntity) => ({
  id: e.id,
  status: e.status,
  total: e.total === null ? null : Number(e.total),
  grade: e.grade as Grade | null,
  gradeLabel: e.grade ? gradeLabels[e.grade] : null,
});

export interface ProjectDetailParts {
  tasks: TaskEntity[];
  decisions: DecisionEntity[];
  reports: ReportEntity[];
  findings: FindingEntity[];
  items: RectificationItemEntity[];
  deadlines: DeadlineEntity[];
  evaluation: EvaluationEntity | null;
  /** The last 催办 of each approval step, by task id. */
  nudgedAt: ReadonlyMap<string, Date>;
}

/** Everything about one project a reader needs on one page: approvals, quarterly checks, the ledger, the score. */
export const toProjectDetailResponse = (p: ProjectEntity, parts: ProjectDetailParts, names: Names) => ({
  ...toProjectResponse(p, names, parts.deadlines.filter((d) => d.status === 'overdue').length),
  approvals: toApprovalChains(parts.tasks, parts.decisions, names, parts.nudgedAt),
  reports: parts.reports.map((r) => toReportResponse(r, names)),
  findings: parts.findings.map((f) => toFindingResponse(f, parts.items, names)),
  deadlines: parts.deadlines.map(toDeadlineResponse),
  evaluation: parts.evaluation ? toEvaluationSummary(parts.evaluation) : null,
});

export type ProjectDetailResponse = ReturnType<typeof toProjectDetailResponse>;
