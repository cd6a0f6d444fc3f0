import type { DecisionEntity, TaskEntity } from '../../../libs/db/entities/index.js';
import {
  approvalPurposeLabels,
  isOverdue,
  type ApprovalPurpose,
  type Decision,
  type LevelMode,
  type MeetingRecord,
  type ReviewRatings,
  type TaskStatus,
} from '../../../libs/domain/index.js';
import { personName, type Names } from '../org/people.js';

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
export function toApprovalChains(
  tasks: TaskEntity[],
  decisions: DecisionEntity[],
  names: Names,
  nudgedAt: ReadonlyMap<string, Date> = new Map(),
  now = Date.now(),
): ApprovalChainResponse[] {
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
      overdue: isOverdue(t.dueAt, t.status === 'open', now),
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
