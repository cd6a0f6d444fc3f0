import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { ensureArchiveSweepSchedule } from './archive-sweep-schedule.js';
import { ensureDigestSchedule } from './digest-schedule.js';
import { ensureNoticeSweepSchedule } from './notice-sweep-schedule.js';

const firstRetryMs = 1_000;
const maxRetryMs = 30_000;

/**
 * Makes sure the schedules exist (the daily digest, the mail sweeper, the archive sweep), trying again with backoff
 * while Temporal is unreachable: the API listens at once, and the schedules are in place soon after Temporal comes up.
 * Resolves when all are in place, or when `stop` fires (shutdown).
 */
export async function keepEnsuringSchedules(client: Client, taskQueue: string, stop: AbortSignal, log: (message: string) => void): Promise<void> {
  for (let attempt = 1, delay = firstRetryMs; !stop.aborted; attempt++, delay = Math.min(delay * 2, maxRetryMs)) {
    try {
      await ensureDigestSchedule(client, taskQueue);
      await ensureNoticeSweepSchedule(client, taskQueue);
      await ensureArchiveSweepSchedule(client, taskQueue);
      if (attempt > 1) log(`schedules in place after ${attempt} attempts`);
      return;
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      log(`schedules not yet in place (attempt ${attempt}, next in ${delay / 1000} s): ${reason}`);
      await sleep(delay, undefined, { signal: stop }).catch(() => undefined);
    }
  }
}
