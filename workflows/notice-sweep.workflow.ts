import type { SweepResult } from '../activities/notices.activities.js';
import { defaultNoticeDelivery } from '../libs/domain/index.js';
import { mailSweeper } from './activity-proxies.js';
import type { NoticeSweepInput } from './notice-sweep.messages.js';

/**
 * 补发: started by the sweep schedule; retries the notices whose mail was deferred (or whose sender died) when their
 * next attempt falls due, and marks failed, for admins to see, those still undelivered at the bound.
 */
export async function noticeSweep(input: NoticeSweepInput = {}): Promise<SweepResult> {
  return mailSweeper.retryDueNotices({ delivery: { ...defaultNoticeDelivery, ...input.delivery }, batch: input.batch ?? 100 });
}
