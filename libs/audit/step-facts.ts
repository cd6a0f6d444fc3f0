import type { HistoryStep } from './history-steps.js';

/**
 * What one activity in a history says happened, read from its input alone: the action (in the audit log's
 * vocabulary, so the two can be compared), who took it, when, and the particulars an auditor reads.
 */
export interface StepFact {
  workflowId: string;
  /** The audit log's key for a record step; null for a notice. */
  stepKey: string | null;
  /** The outbox key for a notice; null for a record step. */
  noticeKey: string | null;
  action: string;
  actorId: string | null;
  /** The moment the workflow gave the step (a decision's, a submission's); null when the activity took its own clock. */
  statedAt: string | null;
  details: StepDetails;
}

export interface StepDetails {
  comment?: string | null;
  level?: number;
  quarter?: number;
  round?: number;
  severity?: string;
  description?: string;
  dueAt?: string;
  rule?: string | null;
  reason?: string | null;
  total?: number;
  grade?: string;
  assigneeIds?: string[];
  recipientId?: string;
  /** The outbox row's state: sent, pending, failed, in_digest; missing when there is no row. */
  mail?: string;
  taskId?: string;
  decision?: string;
  files?: { id: string; name: string; sha256: string }[];
}

type Input = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const pruned = (details: StepDetails): StepDetails =>
  Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)) as StepDetails;

interface StepRule {
  action(input: Input): string;
  actor(input: Input): string | null;
  /** The activity writes the workflow's `at` into the audit log, so the two must agree to the millisecond. */
  statesTime?: boolean;
  details?(input: Input): StepDetails;
}

const actorId = (input: Input): string | null => str(input.actorId) ?? null;
const nobody = (): null => null;

/** One rule per activity that writes a record, mirroring what that activity audits (activities/records, deadlines and evaluation activities). */
const recordRules: Record<string, StepRule> = {
  recordProjectStage: { action: (i) => String(i.action), actor: actorId, details: (i) => ({ comment: str(i.comment) }) },
  openTasks: {
    action: () => 'tasks_opened',
    actor: nobody,
    details: (i) => ({ assigneeIds: ((i.tasks as { assigneeId: string }[] | undefined) ?? []).map((t) => t.assigneeId) }),
  },
  closeTasks: { action: () => 'tasks_closed', actor: nobody },
  recordDecision: {
    action: (i) => `${i.meeting ? 'meeting' : 'decision'}_${String(i.decision)}`,
    actor: actorId,
    statesTime: true,
    details: (i) => ({ comment: str(i.comment) ?? null, level: num(i.level), taskId: str(i.taskId), decision: str(i.decision) }),
  },
  recordChainAction: { action: (i) => String(i.action), actor: actorId, details: (i) => ({ taskId: str(i.taskId) }) },
  recordReport: { action: () => 'report_submitted', actor: actorId, statesTime: true, details: (i) => ({ quarter: num(i.quarter), round: num(i.round) }) },
  recordReportOutcome: { action: (i) => `report_${String(i.status)}`, actor: nobody, details: (i) => ({ quarter: num(i.quarter), round: num(i.round) }) },
  recordFinding: {
    action: () => 'finding_raised',
    actor: (i) => str(i.raisedBy) ?? null,
    statesTime: true,
    details: (i) => ({ severity: str(i.severity), description: str(i.description), dueAt: str(i.dueAt) }),
  },
  recordEvidence: {
    action: () => 'evidence_submitted',
    actor: actorId,
    statesTime: true,
    details: (i) => ({
      round: num(i.round),
      files: ((i.files as { id: string; name: string; sha256: string }[] | undefined) ?? []).map(({ id, name, sha256 }) => ({ id, name, sha256 })),
    }),
  },
  recordItemOutcome: { action: (i) => `item_${String(i.outcome)}`, actor: nobody, details: (i) => ({ round: num(i.round), dueAt: str(i.dueAt) }) },
  recordDeadline: {
    action: (i) => `deadline_${String((i.event as { kind?: string } | undefined)?.kind ?? i.status)}`,
    actor: (i) => (i.event as { actorId?: string | null } | undefined)?.actorId ?? null,
    details: (i) => ({ dueAt: str(i.dueAt), rule: str(i.rule) ?? null, reason: (i.event as { reason?: string | null } | undefined)?.reason ?? undefined }),
  },
  openEvaluation: { action: () => 'evaluation_opened', actor: nobody },
  recordSelfAssessment: { action: () => 'self_assessment_submitted', actor: actorId, statesTime: true },
  recordScore: { action: () => 'score_submitted', actor: (i) => str(i.evaluatorId) ?? null, statesTime: true, details: (i) => ({ total: num(i.total) }) },
  recordEvaluationResult: {
    action: () => 'evaluation_scored',
    actor: nobody,
    details: (i) => {
      const result = i.result as { total?: number; grade?: string; ruleVersion?: string } | undefined;
      return { total: result?.total, grade: result?.grade, rule: result?.ruleVersion ?? null };
    },
  },
  recordEvaluationPublished: { action: () => 'evaluation_published', actor: (i) => str(i.publishedBy) ?? null, statesTime: true },
};

/** The fact a history step states, or null for an activity that records nothing (lookups, calendars). */
export function factOf(step: HistoryStep): StepFact | null {
  const { input, workflowId } = step;
  if (step.activityType === 'sendNotice') {
    return {
      workflowId,
      stepKey: null,
      noticeKey: String(input.key),
      action: `notice_${String(input.kind)}`,
      actorId: null,
      statedAt: null,
      details: { recipientId: String(input.recipientId) },
    };
  }
  const rule = recordRules[step.activityType];
  if (!rule || typeof input.stepKey !== 'string') return null;
  return {
    workflowId,
    stepKey: input.stepKey,
    noticeKey: null,
    action: rule.action(input),
    actorId: rule.actor(input),
    statedAt: rule.statesTime ? (str(input.at) ?? null) : null,
    details: pruned(rule.details?.(input) ?? {}),
  };
}
