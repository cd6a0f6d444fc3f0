import type { ChildReport } from './child-outcome.messages.js';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DeadlineEvent, DeadlineLadder, ExtensionRequest, GuessedSchedule, TaskKind } from '../libs/domain/index.js';

export interface DeadlineInput {
  /** The project year that started this child and waits for its outcome by signal (child-outcome.ts). */
  reportTo?: ChildReport;
  ref: string;
  /** null for a unit's report in a reporting campaign, which belongs to the campaign instead. */
  projectId: string | null;
  campaignId?: string;
  /** In a campaign: the target unit's name, which its notices show where a project's show the project. */
  projectTitle: string;
  /** The work that is due, as it appears in mail: "第1季度报告". */
  title: string;
  kind: TaskKind;
  /** People who owe the work; both owners for a rectification item (双责任). */
  ownerIds: string[];
  /**
   * The subject the open tasks owing this work carry (a quarter, a rectification item, a unit), so an extension moves
   * exactly their due dates; absent for approval levels, whose tasks are found by their old due date.
   */
  subjectId?: string;
  /** The unit whose secretaries and ancestors are escalated to. */
  unitId: string;
  dueAt: string;
  ladder: DeadlineLadder;
  /** Reminders at instants computed on the working-day calendar (T−k working days at 09:00), besides the ladder's. */
  remindAt?: string[];
  /** The rule that produced the due date, in words, shown with it. */
  rule?: string;
  /** A campaign report's end: the campaign closes then, so the ladder stops and the work is recorded as never come. */
  closesAt?: string;
  /** Set when the date was computed on a weekends-only year: how, so it is computed again once that year is published. */
  guessed?: GuessedSchedule;
  /** What a run that continued as new hands on; `dueAt` and `remindAt` above are then the clock as it stood. */
  resume?: DeadlineResume;
}

export interface DeadlineResume {
  status: DeadlineStatus;
  fired: string[];
  events: DeadlineEvent[];
  extensions: number;
  granted: number;
  /** Reschedules applied so far (absent in runs continued before they existed). */
  rescheduled?: number;
}

export type DeadlineStatus = 'open' | 'overdue' | 'met' | 'late';

export interface DeadlineState {
  ref: string;
  dueAt: string;
  status: DeadlineStatus;
  submittedAt: string | null;
  /** Rungs already fired, e.g. reminder:0, overdue:0, escalation:0 (and reminder:0:x1 after the first extension). */
  fired: string[];
  /** Pauses, resumptions and extensions, oldest first; absent in executions begun before extensions existed. */
  events?: DeadlineEvent[];
}

/** A guessed date computed again on the calendar that now covers its years: the date and reminders that now stand. */
export interface Reschedule {
  dueAt: string;
  remindAt: string[];
  /** The years whose holiday arrangements became known. */
  years: number[];
}

export const satisfySignal = defineSignal<[{ at: string }]>('satisfy');
/** 延期: an owner asks for a later due date; the clock stands still while the owning unit decides. */
export const requestExtensionUpdate = defineUpdate<DeadlineState, [ExtensionRequest]>('requestExtension');
/** Sent by the API when admins' overrides (or newer data) cover the year a guessed date was computed on. */
export const rescheduleSignal = defineSignal<[Reschedule]>('reschedule');
export const deadlineStateQuery = defineQuery<DeadlineState>('deadlineState');
