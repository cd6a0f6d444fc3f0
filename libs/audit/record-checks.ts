import type { StepFact } from './step-facts.js';

export interface DecisionRecord {
  taskId: string;
  actorId: string;
  decision: string;
  decidedAt: Date;
}

export interface ScoreRecord {
  evaluatorId: string;
  total: number;
}

export interface EvaluationRecord {
  total: number | null;
  grade: string | null;
  ruleVersion: string | null;
}

export interface EvidenceFileRecord {
  id: string;
  name: string;
  sha256: string;
}

/** The rows a project's steps wrote besides the audit log: what the ledger, the results and the dossier print. */
export interface BusinessRecords {
  decisions: DecisionRecord[];
  scores: ScoreRecord[];
  evaluation: EvaluationRecord | null;
  /** Files attached to submitted evidence (staged uploads a refusal dropped are not records). */
  evidenceFiles: EvidenceFileRecord[];
}

export type RecordMismatchKind = 'missing_in_records' | 'missing_in_history' | 'actor_differs' | 'action_differs' | 'time_differs' | 'value_differs';

export interface RecordFinding {
  kind: RecordMismatchKind;
  history: string | null;
  records: string | null;
}

/** Totals are kept to two decimals in the tables and as computed in the history. */
const differs = (recorded: number | null, stated: number | undefined): boolean =>
  typeof recorded === 'number' && typeof stated === 'number' ? Math.abs(recorded - stated) > 0.005 : recorded !== (stated ?? null);

/**
 * Checks the rows one step wrote against what its history says it wrote: the decision (who, what, when), the score
 * (whose, what total), the computed result (total, grade, rules), the evidence files (each by id and SHA-256).
 */
export function checkStepRecords(fact: StepFact, at: number, records: BusinessRecords): RecordFinding[] {
  const findings: RecordFinding[] = [];
  const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
  const found = (kind: RecordMismatchKind, history: unknown, recorded: unknown) => findings.push({ kind, history: text(history), records: text(recorded) });
  const { details } = fact;
  if (details.taskId && details.decision && fact.action.endsWith(`_${details.decision}`)) {
    const decision = records.decisions.find((d) => d.taskId === details.taskId);
    if (!decision) found('missing_in_records', `${details.decision} by ${fact.actorId}`, null);
    else {
      if (decision.actorId !== fact.actorId) found('actor_differs', fact.actorId, decision.actorId);
      if (decision.decision !== details.decision) found('action_differs', details.decision, decision.decision);
      if (decision.decidedAt.getTime() !== at) found('time_differs', new Date(at).toISOString(), decision.decidedAt.toISOString());
    }
  }
  if (fact.action === 'score_submitted') {
    const score = records.scores.find((s) => s.evaluatorId === fact.actorId);
    if (!score) found('missing_in_records', `score ${details.total} by ${fact.actorId}`, null);
    else if (differs(score.total, details.total)) found('value_differs', details.total, score.total);
  }
  if (fact.action === 'evaluation_scored') {
    const result = records.evaluation;
    const history = `${details.total} ${details.grade} ${details.rule}`;
    if (!result) found('missing_in_records', history, null);
    else if (differs(result.total, details.total) || result.grade !== details.grade || result.ruleVersion !== details.rule) {
      found('value_differs', history, `${result.total} ${result.grade} ${result.ruleVersion}`);
    }
  }
  for (const file of details.files ?? []) {
    const stored = records.evidenceFiles.find((f) => f.id === file.id);
    if (!stored) found('missing_in_records', `${file.name} ${file.sha256}`, null);
    else if (stored.sha256 !== file.sha256) found('value_differs', `${file.name} ${file.sha256}`, `${stored.name} ${stored.sha256}`);
  }
  return findings;
}

/** Rows no step of the histories wrote: a decision, score, result or file put in the tables some other way. */
export function unclaimedRecords(facts: StepFact[], records: BusinessRecords): { key: string; records: string }[] {
  const decided = new Set(facts.flatMap((f) => (f.details.taskId && f.details.decision ? [f.details.taskId] : [])));
  const scored = new Set(facts.flatMap((f) => (f.action === 'score_submitted' && f.actorId ? [f.actorId] : [])));
  const files = new Set(facts.flatMap((f) => (f.details.files ?? []).map((file) => file.id)));
  const resulted = facts.some((f) => f.action === 'evaluation_scored');
  return [
    ...records.decisions.filter((d) => !decided.has(d.taskId)).map((d) => ({ key: `decision:${d.taskId}`, records: `${d.decision} by ${d.actorId}` })),
    ...records.scores.filter((s) => !scored.has(s.evaluatorId)).map((s) => ({ key: `score:${s.evaluatorId}`, records: `score ${s.total}` })),
    ...records.evidenceFiles.filter((f) => !files.has(f.id)).map((f) => ({ key: `evidence-file:${f.id}`, records: `${f.name} ${f.sha256}` })),
    ...(typeof records.evaluation?.total === 'number' && !resulted ? [{ key: 'evaluation-result', records: `${records.evaluation?.total} ${records.evaluation?.grade}` }] : []),
  ];
}
