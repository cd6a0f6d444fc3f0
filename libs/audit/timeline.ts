import { formatBeijingTime } from '../domain/index.js';
import type { HistoryStep } from './history-steps.js';
import { checkStepRecords, unclaimedRecords, type BusinessRecords, type RecordMismatchKind } from './record-checks.js';
import { factOf, type StepDetails, type StepFact } from './step-facts.js';
import { actionLabel, mismatchLabel, roleLabel, type Lang } from './timeline-labels.js';

export interface AuditRecord {
  seq: string;
  at: Date;
  actorId: string | null;
  action: string;
  detail: Record<string, unknown>;
  workflowId: string | null;
  stepKey: string | null;
}

export interface NoticeRecord {
  key: string;
  recipientId: string;
  kind: string;
  status: string;
  createdAt: Date;
}

export interface PersonRecord {
  name: string;
  /** Every role the person was ever given, with the unit and its term; a term ended (免职, 换届) has `until`. */
  roles: { role: string; unitName: string | null; since: Date; until?: Date | null }[];
}

/** What the database holds about one project, to check its histories against. */
export interface ProjectRecords extends BusinessRecords {
  audit: AuditRecord[];
  /** The outbox rows the histories name, and every row filed under the project. */
  notices: NoticeRecord[];
  projectNoticeKeys: Set<string>;
  people: Map<string, PersonRecord>;
}

export type MismatchKind = RecordMismatchKind | 'missing_in_audit' | 'recipient_differs';

export interface Mismatch {
  kind: MismatchKind;
  label: string;
  workflowId: string | null;
  /** The audit step key or the notice key the two sides disagree on. */
  key: string | null;
  history: string | null;
  records: string | null;
}

export interface PersonAtTheTime {
  id: string;
  name: string | null;
  /** The roles held when the step was taken, e.g. "书记 · 第一党支部". */
  roles: string[];
}

export interface TimelineEntry {
  at: string;
  /** Beijing time, the business time zone: "2026-11-29 16:30:05". */
  atLocal: string;
  /** `history`: read from a workflow history and checked; `audit_log`: only the audit log or the outbox has it (API actions, refusals). */
  source: 'history' | 'audit_log';
  workflowId: string | null;
  key: string | null;
  action: string;
  label: string;
  actor: PersonAtTheTime | null;
  recipient: PersonAtTheTime | null;
  details: StepDetails;
  policyVersion: string | null;
  rule: string | null;
  auditSeq: string | null;
  flags: MismatchKind[];
}

export interface Timeline {
  entries: TimelineEntry[];
  mismatches: Mismatch[];
  consistent: boolean;
}

/** A worker's clock and the server's may differ by a little; beyond this a recorded time is not the history's. */
const clockSlackMs = 5_000;


const stepId = (workflowId: string | null, stepKey: string | null): string => `${workflowId ?? ''}\u0000${stepKey ?? ''}`;

interface Located {
  step: HistoryStep;
  fact: StepFact;
}

/**
 * A project's timeline from its workflow histories, each step checked against the audit log, the rows it wrote
 * (decision, score, result, evidence files) and the outbox; events recorded by the API alone (a draft, a refused
 * attempt) are in the audit log only and shown as such. `consistent` is true only when the two sides agree on every
 * step: none missing on either side, same person, action, time and values.
 */
export function buildTimeline(steps: HistoryStep[], records: ProjectRecords, context: { policyVersion: string | null; lang: Lang }): Timeline {
  const { lang, policyVersion } = context;
  const auditByStep = new Map(records.audit.filter((a) => a.workflowId).map((a) => [stepId(a.workflowId, a.stepKey), a]));
  const noticeByKey = new Map(records.notices.map((n) => [n.key, n]));
  const mismatches: Mismatch[] = [];
  const entries: TimelineEntry[] = [];
  /**
   * Where two steps share a moment (a sign-off and the publication it causes), the one whose activity completed
   * first goes first.
   */
  const tiebreak = new Map<TimelineEntry, number>();
  const seenSteps = new Set<string>();
  const seenNotices = new Set<string>();

  const person = (id: string | null | undefined, at: number): PersonAtTheTime | null => {
    if (!id) return null;
    const known = records.people.get(id);
    const roles = (known?.roles ?? [])
      .filter((r) => r.since.getTime() <= at && !(r.until && r.until.getTime() <= at))
      .map((r) => [roleLabel(r.role, lang), r.unitName].filter(Boolean).join(' · '));
    return { id, name: known?.name ?? null, roles };
  };
  type Where = { workflowId: string | null; key: string | null };
  const report = (kind: MismatchKind, { workflowId, key }: Where, history: string | null, records: string | null) =>
    mismatches.push({ kind, label: mismatchLabel(kind, lang), workflowId, key, history, records });
  /** A mismatch on an entry of the timeline: listed, and marked on the entry. */
  const flag = (entryFlags: MismatchKind[], kind: MismatchKind, where: Where, history: string | null, recorded: string | null) => {
    entryFlags.push(kind);
    report(kind, where, history, recorded);
  };
  type EntryFact = Omit<StepFact, 'workflowId' | 'stepKey' | 'noticeKey' | 'statedAt'> & { workflowId: string | null; key: string | null };
  const entryOf = (at: number, source: TimelineEntry['source'], fact: EntryFact, auditSeq: string | null, flags: MismatchKind[]): TimelineEntry => ({
    at: new Date(at).toISOString(),
    atLocal: formatBeijingTime(at, 'second'),
    source,
    workflowId: fact.workflowId,
    key: fact.key,
    action: fact.action,
    label: actionLabel(fact.action, lang),
    actor: person(fact.actorId, at),
    recipient: person(fact.details.recipientId, at),
    details: fact.details,
    policyVersion,
    rule: fact.details.rule ?? null,
    auditSeq,
    flags,
  });

  const checkRecordStep = ({ step, fact }: Located): void => {
    const id = stepId(fact.workflowId, fact.stepKey);
    seenSteps.add(id);
    const audit = auditByStep.get(id);
    // A step still running has written nothing yet, or has just written it; either is as it should be.
    if (step.outcome === 'running' && !audit) return;
    const flags: MismatchKind[] = [];
    const key = { workflowId: fact.workflowId, key: fact.stepKey };
    const at = fact.statedAt ? Date.parse(fact.statedAt) : (step.closedAt ?? step.scheduledAt);
    if (!audit) {
      flag(flags, 'missing_in_audit', key, fact.action, null);
    } else {
      if (audit.action !== fact.action) flag(flags, 'action_differs', key, fact.action, audit.action);
      if (audit.actorId !== fact.actorId) flag(flags, 'actor_differs', key, fact.actorId, audit.actorId);
      const recorded = audit.at.getTime();
      const inTime = fact.statedAt
        ? recorded === at
        : recorded >= step.scheduledAt - clockSlackMs && recorded <= (step.closedAt ?? Date.now()) + clockSlackMs;
      if (!inTime) flag(flags, 'time_differs', key, new Date(at).toISOString(), audit.at.toISOString());
    }
    for (const finding of checkStepRecords(fact, at, records)) flag(flags, finding.kind, key, finding.history, finding.records);
    const entry = entryOf(at, 'history', { ...fact, key: fact.stepKey }, audit?.seq ?? null, flags);
    tiebreak.set(entry, step.closedAt ?? step.scheduledAt);
    entries.push(entry);
  };

  const checkNotice = ({ step, fact }: Located): void => {
    const noticeKey = fact.noticeKey as string;
    seenNotices.add(noticeKey);
    const notice = noticeByKey.get(noticeKey);
    if (step.outcome === 'running' && !notice) return;
    const flags: MismatchKind[] = [];
    const key = { workflowId: fact.workflowId, key: noticeKey };
    if (!notice) flag(flags, 'missing_in_records', key, fact.action, null);
    else {
      if (notice.recipientId !== fact.details.recipientId) flag(flags, 'recipient_differs', key, fact.details.recipientId ?? null, notice.recipientId);
      if (`notice_${notice.kind}` !== fact.action) flag(flags, 'action_differs', key, fact.action, `notice_${notice.kind}`);
    }
    const mail = notice?.status ?? 'missing';
    const at = step.closedAt ?? notice?.createdAt.getTime() ?? step.scheduledAt;
    entries.push(entryOf(at, 'history', { ...fact, key: noticeKey, details: { ...fact.details, mail } }, null, flags));
  };

  const located = steps.flatMap((step) => {
    const fact = factOf(step);
    if (!fact) return [];
    // A refused record step wrote nothing, so it is not part of what happened; a notice whose mail failed still stands.
    // Its audit row, should an activity cancelled after its commit have left one, is not a stray either.
    if (fact.stepKey && step.outcome === 'failed') {
      seenSteps.add(stepId(fact.workflowId, fact.stepKey));
      return [];
    }
    return [{ step, fact }];
  });
  for (const item of located) {
    if (item.fact.noticeKey) checkNotice(item);
    else checkRecordStep(item);
  }

  for (const audit of records.audit) {
    if (!audit.workflowId) {
      entries.push(entryOf(audit.at.getTime(), 'audit_log', { workflowId: null, key: null, action: audit.action, actorId: audit.actorId, details: apiDetails(audit.detail) }, audit.seq, []));
    } else if (!seenSteps.has(stepId(audit.workflowId, audit.stepKey))) {
      const flags: MismatchKind[] = [];
      flag(flags, 'missing_in_history', { workflowId: audit.workflowId, key: audit.stepKey }, null, audit.action);
      entries.push(entryOf(audit.at.getTime(), 'audit_log', { workflowId: audit.workflowId, key: audit.stepKey, action: audit.action, actorId: audit.actorId, details: {} }, audit.seq, flags));
    }
  }
  for (const stray of unclaimedRecords(located.map((l) => l.fact), records)) report('missing_in_history', { workflowId: null, key: stray.key }, null, stray.records);
  for (const key of records.projectNoticeKeys) {
    if (seenNotices.has(key)) continue;
    const notice = noticeByKey.get(key) as NoticeRecord;
    const flags: MismatchKind[] = [];
    const workflowId = key.split('/')[0] ?? null;
    flag(flags, 'missing_in_history', { workflowId, key }, null, `notice_${notice.kind}`);
    entries.push(entryOf(notice.createdAt.getTime(), 'audit_log', { workflowId, key, action: `notice_${notice.kind}`, actorId: null, details: { recipientId: notice.recipientId } }, null, flags));
  }

  entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (tiebreak.get(a) ?? Date.parse(a.at)) - (tiebreak.get(b) ?? Date.parse(b.at)));
  return { entries, mismatches, consistent: mismatches.length === 0 };
}

/** What an API-recorded event tells a reader: the route of a refused attempt and why, nothing internal. */
function apiDetails(detail: Record<string, unknown>): StepDetails {
  const reason = typeof detail.message === 'string' ? detail.message : typeof detail.reason === 'string' ? detail.reason : undefined;
  const route = typeof detail.route === 'string' ? detail.route : undefined;
  return { ...(reason || route ? { reason: [route, reason].filter(Boolean).join(': ') } : {}) };
}
