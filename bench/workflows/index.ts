import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { BareActivities } from '../processes/bare-activities.js';
import { pingUpdate } from './messages.js';

/**
 * The baselines Tandem's numbers are divided by: what the same Temporal server and the same kind of worker do
 * with no Postgres, no API and no business logic in the way.
 */

/**
 * Waits for updates as an approval chain waits for decisions, and answers each at once. It never ends by
 * itself: the dev server and its SQLite file are thrown away after the run.
 */
export async function updateTarget(): Promise<void> {
  setHandler(pingUpdate, (n) => n);
  await condition(() => false);
}

// The options of Tandem's database activities (workflows/activity-proxies.ts), so scheduling costs the same.
const { noop } = proxyActivities<BareActivities>({ startToCloseTimeout: '30s', retry: { initialInterval: '1s', maximumInterval: '30s' } });

/** As many sequential no-op activities as a real submit runs before its HTTP answer. */
export async function noopActivities(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await noop();
}
