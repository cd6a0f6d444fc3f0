import type { ChildReport } from './child-outcome.messages.js';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { EvidenceFileRef, LevelSpec, SeverityRule, YearPolicy } from '../libs/domain/index.js';

export interface RectificationInput {
  /** The project year that started this child and waits for its outcome by signal (child-outcome.ts). */
  reportTo?: ChildReport;
  itemId: string;
  findingId: string;
  projectId: string;
  projectTitle: string;
  unitId: string;
  description: string;
  partyOwnerId: string;
  businessOwnerId: string;
  /** The level that raised the finding verifies the fix (销号). */
  verifierLevel: LevelSpec;
  raisedById: string;
  dueAt: string;
  policy: YearPolicy['rectification'];
  /** The finding's severity rule, when the policy has them: the ladder, and working days again after a failed verification. */
  severityRule?: SeverityRule;
  /** The rule the first due date follows, in words. */
  rule?: string;
  /**
   * Set only by continue-as-new, at a failed verification: the round it opens, with that round's due date and rule,
   * and the verifier's comment the owners are told with. The new run records the reopening and tells the owners.
   * `dueAt` and `rule` above stay the first round's.
   */
  resume?: RectificationResume;
  /** Set when the year starts a failed item again after an admin's resume: the new run begins where the ledger stands. */
  restart?: RectificationRestart;
}

export interface RectificationRestart {
  /** 1 for the first restart; the audit step of each restart is its own. */
  attempt: number;
  /** The admin whose resume started it again. */
  actorId: string | null;
}

export interface RectificationResume {
  round: number;
  dueAt: string;
  rule?: string;
  comment: string | null;
}

export type RectificationStatus = 'open' | 'verifying' | 'closed';

export interface RectificationState {
  itemId: string;
  status: RectificationStatus;
  round: number;
  dueAt: string;
}

export interface SubmitEvidenceInput {
  actorId: string;
  text: string;
  /** Absent in updates sent before evidence took files. */
  files?: EvidenceFileRef[];
}

export const submitEvidenceUpdate = defineUpdate<RectificationState, [SubmitEvidenceInput]>('submitEvidence');
export const rectificationStateQuery = defineQuery<RectificationState>('rectificationState');
