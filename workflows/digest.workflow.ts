import { workflowInfo } from '@temporalio/workflow';
import { beijingDateOf, digestKey } from '../libs/domain/index.js';
import { digests, notify } from './activity-proxies.js';

export interface DailyDigestResult {
  date: string;
  mailed: number;
}

/**
 * 每日待办: started by the 09:00 schedule every day; on a working day, each person with open work gets one mail that
 * lists it, overdue first. The key names the day, so a second run that day (a catch-up, a manual trigger) mails nobody twice.
 */
export async function dailyDigest(): Promise<DailyDigestResult> {
  const startedAt = workflowInfo().startTime;
  const date = beijingDateOf(startedAt.getTime());
  const plan = await digests.digestPlan({ date, at: startedAt.toISOString() });
  for (const { personId, items } of plan.digests) {
    await notify({ key: digestKey(date, personId), recipientId: personId, kind: 'digest', projectId: null, data: { items: JSON.stringify(items) } });
  }
  return { date, mailed: plan.digests.length };
}
