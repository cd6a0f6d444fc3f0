import type { components } from '../../api/schema.js';

type Schemas = components['schemas'];
export type Task = Schemas['TaskResponseDto'];
export type Deadline = Schemas['DeadlineResponseDto'];
type DeadlineEvent = Schemas['DeadlineEventDto'];

/** At most three requests per due date (libs/domain maxExtensionRequests). */
const maxRequests = 3;
const decided = new Set(['extension_granted', 'extension_refused', 'extension_withdrawn']);

/**
 * The due date a task's work answers, by its ref (libs/domain ids.ts): a quarter's report `report-<project>-q<n>`,
 * a rectification item's current round `rectification-<item>-r<n>` (the latest one).
 */
export function deadlineOfTask(t: Task, deadlines: readonly Deadline[]): Deadline | undefined {
  if (!t.projectId || !t.subjectId) return undefined;
  if (t.kind === 'report') return deadlines.find((d) => d.ref === `report-${t.projectId}-q${t.subjectId}`);
  if (t.kind === 'evidence') return deadlines.filter((d) => d.ref.startsWith(`rectification-${t.subjectId}-r`)).sort((a, b) => b.ref.localeCompare(a.ref, 'en', { numeric: true }))[0];
  return undefined;
}

/** The due date an extension step decides on: its chain's ref is the deadline's ref and `-ext<n>`. */
export const deadlineOfExtension = (t: Task, deadlines: readonly Deadline[]): Deadline | undefined =>
  t.purpose === 'extension' && t.chain ? deadlines.find((d) => t.chain!.ref.startsWith(`${d.ref}-ext`)) : undefined;

/** The latest request for more time, and whether it still waits for its decision. */
export function lastRequest(d: Deadline): { event: DeadlineEvent; pending: boolean } | undefined {
  const i = d.events.map((e) => e.kind).lastIndexOf('extension_requested');
  if (i < 0) return undefined;
  return { event: d.events[i]!, pending: !d.events.slice(i + 1).some((e) => decided.has(e.kind)) };
}

/** Whether more time may still be asked: work not in, no request waiting, fewer than three asked. */
export const mayRequest = (d: Deadline): boolean =>
  (d.status === 'open' || d.status === 'overdue') && !lastRequest(d)?.pending && d.events.filter((e) => e.kind === 'extension_requested').length < maxRequests;

/** The new due date asked for: the chosen day at 17:30 Beijing time, the close of a working day as due rules use it. */
export const untilOf = (day: string): string => `${day}T17:30:00+08:00`;
