import { ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import type { NoticeSweepInput } from '../../../workflows/notice-sweep.messages.js';
import { ensureSchedule } from './ensure-schedule.js';

export const noticeSweepScheduleId = 'tandem-notice-sweep';

export interface NoticeSweepSchedule {
  scheduleId?: string;
  /** How often deferred mail is looked at: the shortest wait between two attempts at one notice. */
  every?: Duration;
  input?: NoticeSweepInput;
}

/** Every minute, one sweep of deferred mail; a sweep still sending when the next falls due lets that one pass. */
export function noticeSweepScheduleOptions(taskQueue: string, { scheduleId = noticeSweepScheduleId, every = '1m', input = {} }: NoticeSweepSchedule = {}): ScheduleOptions {
  return {
    scheduleId,
    spec: { intervals: [{ every }] },
    action: { type: 'startWorkflow', workflowType: 'noticeSweep', taskQueue, workflowId: scheduleId, args: [input] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1m', pauseOnFailure: false },
    state: { note: 'retries deferred notices; fails them, for admins to see, once undelivered past the bound' },
  };
}

/** Creates the schedule, or brings an existing one in line with this release. */
export const ensureNoticeSweepSchedule = (client: Client, taskQueue: string, options: NoticeSweepSchedule = {}): Promise<void> =>
  ensureSchedule(client, noticeSweepScheduleOptions(taskQueue, options));
