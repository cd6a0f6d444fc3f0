import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DeadlineLadder, TaskKind } from '../libs/domain/index.js';

export interface DeadlineInput {
  ref: string;
  projectId: string;
  projectTitle: string;
  /** The work that is due, as it appears in mail: "第1季度报告". */
  title: string;
  kind: TaskKind;
  /** People who owe the work; both owners for a rectification item (双责任). */
  ownerIds: string[];
  /** The unit whose secretaries and ancestors are escalated to. */
  unitId: string;
  dueAt: string;
  ladder: DeadlineLadder;
  /** Reminders at instants computed on the working-day calendar (T−k working days at 09:00), besides the ladder's. */
  remindAt?: string[];
  /** The rule that produced the due date, in words, shown with it. */
  rule?: string;
}

export type DeadlineStatus = 'open' | 'overdue' | 'met' | 'late';

export interface DeadlineState {
  ref: string;
  dueAt: string;
  status: DeadlineStatus;
  submittedAt: string | null;
  /** Rungs already fired, e.g. reminder:0, overdue:0, escalation:0. */
  fired: string[];
}

export const satisfySignal = defineSignal<[{ at: string }]>('satisfy');
export const deadlineStateQuery = defineQuery<DeadlineState>('deadlineState');
