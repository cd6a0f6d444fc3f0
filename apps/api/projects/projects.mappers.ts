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
import { projectKindLabels, projectStatusLabels, type ProjectGoal, type ProjectKind, type ProjectStatus } from '../../../libs/domain/index.js';
import { toDeadlineResponse } from '../deadlines/deadlines.mappers.js';
import { toEvaluationSummary } from '../evaluations/evaluations.mappers.js';
import { toFindingResponse } from '../ledger/ledger.mappers.js';
import { personName, type Names } from '../org/people.js';
import { toApprovalChains } from '../tasks/approval-chains.mappers.js';
import { toReportResponse } from './reports.mappers.js';

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
