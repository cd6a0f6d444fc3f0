import { beijingDateOf, durationMs, type DueSpec } from '../libs/domain/index.js';
import { calendar } from './activity-proxies.js';

/**
 * A due date from now by a policy's spec: natural time is counted here; working days by the calendar activity, so
 * the date is in the history and a replay or a later calendar change never moves it. `start` names the day counted
 * from, in the rule's words (提出, 重开 …).
 */
export async function dueFrom(spec: DueSpec, start: string): Promise<{ dueAt: string; rule?: string }> {
  if (typeof spec !== 'object') return { dueAt: new Date(Date.now() + durationMs(spec)).toISOString() };
  const { dueAt, rule } = await calendar.scheduleDue({ periodEnd: beijingDateOf(Date.now()), rule: spec, reminders: [], start });
  return { dueAt, rule };
}
