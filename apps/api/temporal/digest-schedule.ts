import { ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { ensureSchedule } from './ensure-schedule.js';

export const digestScheduleId = 'tandem-daily-digest';

/**
 * 每日待办 at 09:00 Beijing time every day; the workflow itself passes over days off, on the working-day calendar as it
 * stands that morning (overrides included). A digest caught up more than three hours late is no longer a morning mail.
 */
export function digestScheduleOptions(taskQueue: string, scheduleId = digestScheduleId): ScheduleOptions {
  return {
    scheduleId,
    spec: { calendars: [{ hour: 9, minute: 0, comment: '每日待办 09:00' }], timezone: 'Asia/Shanghai' },
    action: { type: 'startWorkflow', workflowType: 'dailyDigest', taskQueue, workflowId: scheduleId, args: [] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '3h', pauseOnFailure: false },
    state: { note: 'daily digest of open work, mailed on working days' },
  };
}

/** Creates the schedule, or brings an existing one in line with this release. */
export const ensureDigestSchedule = (client: Client, taskQueue: string, scheduleId = digestScheduleId): Promise<void> =>
  ensureSchedule(client, digestScheduleOptions(taskQueue, scheduleId));
