import type { CalendarDate } from './calendar.js';
import type { NoticeKind } from './notices.js';

/**
 * The 09:00 digest (每日待办) on working days: `also` mails it besides every single notice, `instead` keeps routine
 * notices in the in-app inbox and mails only the digest, `off` sends none.
 */
export const digestModes = ['off', 'also', 'instead'] as const;
export type DigestMode = (typeof digestModes)[number];

/** Routine notices a digest can stand in for; escalations, outcomes, findings and the rest are always mailed. */
export const digestibleKinds: readonly NoticeKind[] = ['task_assigned', 'reminder'];

export interface DigestItem {
  title: string;
  /** The project or campaign the work belongs to. */
  context: string | null;
  dueAt: string | null;
  overdue: boolean;
}

export interface PersonDigest {
  personId: string;
  items: DigestItem[];
}

/** One digest per person and day, however often the schedule fires or the workflow is retried. */
export const digestKey = (date: CalendarDate, personId: string): string => `digest/${date}/${personId}`;

/** "您有 3 项待办，其中 1 项已逾期". */
export function digestSummary(items: readonly DigestItem[]): string {
  const overdue = items.filter((i) => i.overdue).length;
  return `您有 ${items.length} 项待办${overdue > 0 ? `，其中 ${overdue} 项已逾期` : ''}`;
}

/** Overdue work first, then by due date (work with none last), so the top of the mail is what cannot wait. */
export function digestOrder(items: readonly DigestItem[]): DigestItem[] {
  const due = (i: DigestItem) => (i.dueAt === null ? Number.POSITIVE_INFINITY : Date.parse(i.dueAt));
  return [...items].sort((a, b) => Number(b.overdue) - Number(a.overdue) || due(a) - due(b) || a.title.localeCompare(b.title));
}
