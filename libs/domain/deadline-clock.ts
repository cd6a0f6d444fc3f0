import type { LevelTemplate } from './chain-routing.js';
import { DomainError } from './errors.js';

/**
 * What happened to a due date besides the ladder: the clock stopped and started again, and extensions (延期)
 * asked for and decided. Kept with the deadline, so a reader sees why a date moved.
 */
/**
 * closed_unmet: the campaign the work was due to closed before it came; the ladder stops there. rescheduled: a date
 * computed on a weekends-only year, computed again once that year's holidays were published.
 */
export type DeadlineEventKind =
  | 'paused'
  | 'resumed'
  | 'extension_requested'
  | 'extension_granted'
  | 'extension_refused'
  | 'extension_withdrawn'
  | 'closed_unmet'
  | 'rescheduled';

export interface DeadlineEvent {
  kind: DeadlineEventKind;
  at: string;
  /** The person who asked or decided; null when the workflow itself resumed the clock. */
  actorId: string | null;
  reason: string | null;
  /** The due date once the event took effect. */
  dueAt: string;
}

export interface ExtensionRequest {
  actorId: string;
  /** The new due date asked for. */
  until: string;
  reason: string;
}

export interface ClockView {
  dueAtMs: number;
  submitted: boolean;
  pending: boolean;
  /** Extensions asked for on this due date so far, whatever became of them. */
  asked: number;
  ownerIds: readonly string[];
}

/**
 * Each request stops the clock while it is decided, even a refused one; without a limit, asking again and again
 * would hold off escalation indefinitely.
 */
export const maxExtensionRequests = 3;

/** Who may ask for an extension (延期) and what they may ask for; the reason is what the approver decides on. */
export function checkExtension(clock: ClockView, request: ExtensionRequest, nowMs: number): void {
  if (!clock.ownerIds.includes(request.actorId)) throw new DomainError('FORBIDDEN', 'only the people who owe the work can ask for an extension');
  if (clock.submitted) throw new DomainError('WRONG_STAGE', 'the work has been submitted; there is nothing to extend');
  if (clock.pending) throw new DomainError('WRONG_STAGE', 'an extension is already being decided');
  if (clock.asked >= maxExtensionRequests) throw new DomainError('WRONG_STAGE', `at most ${maxExtensionRequests} extensions can be asked for one due date`);
  if (typeof request.reason !== 'string' || request.reason.trim() === '') throw new DomainError('INVALID_INPUT', 'an extension needs a reason');
  const untilMs = Date.parse(request.until);
  if (Number.isNaN(untilMs)) throw new DomainError('INVALID_INPUT', 'until must be an ISO date-time');
  if (untilMs <= Math.max(clock.dueAtMs, nowMs)) throw new DomainError('INVALID_INPUT', 'until must be later than both the current due date and now');
}

/**
 * The due date after the clock stood still: a pause that ends without a new date moves the due date (and every rung
 * still to come) on by exactly the time it lasted, so the owner loses nothing to the time others took to decide.
 */
export const dueAfterPause = (dueAtMs: number, pausedAtMs: number, resumedAtMs: number): number =>
  dueAtMs + Math.max(0, resumedAtMs - pausedAtMs);

/** A ladder that restarts for a new due date gets rung ids of its own, so its reminders are sent again, each once. */
export const rungId = (kind: string, index: number, extension: number): string =>
  extension === 0 ? `${kind}:${index}` : `${kind}:${index}:x${extension}`;

/**
 * 延期 is decided one level up from the people who owe the work: their unit's secretary, or, when that is the
 * asker, the next secretary above (never oneself).
 */
export const extensionTemplate: LevelTemplate[] = [{ scope: 'owning_unit', mode: 'sequential' }];

/** Open work whose due time has passed by `nowMs`. */
export const isOverdue = (dueAt: Date | null, open: boolean, nowMs: number): boolean => open && dueAt !== null && dueAt.getTime() < nowMs;
