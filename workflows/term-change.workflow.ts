import { sleep } from '@temporalio/workflow';
import { termChanges } from './activity-proxies.js';
import type { ScheduledTermChangeInput, ScheduledTermChangeResult } from './term-change.messages.js';

/**
 * 换届 scheduled ahead: a durable timer until the moment, then the change carried out as the schedule's row says
 * (the terms, the leaver's open steps and places in approval levels not yet opened). Cancelling before the moment is
 * the row's status (the activity then does nothing) and, to end the wait, this workflow's cancellation.
 */
export async function scheduledTermChange(input: ScheduledTermChangeInput): Promise<ScheduledTermChangeResult> {
  const wait = Date.parse(input.effectiveAt) - Date.now();
  if (wait > 0) await sleep(wait);
  return termChanges.carryOutTermChange({ scheduleId: input.scheduleId });
}
