import { ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { ensureSchedule } from './ensure-schedule.js';

export const archiveSweepScheduleId = 'tandem-archive-sweep';

/**
 * 归档巡检 at 03:00 Beijing time, when nobody works: a day is far within any retention a namespace may have (one day
 * at least), and a sweep missed while Temporal was down is caught up within six hours.
 */
export function archiveSweepScheduleOptions(taskQueue: string, scheduleId = archiveSweepScheduleId): ScheduleOptions {
  return {
    scheduleId,
    spec: { calendars: [{ hour: 3, minute: 0, comment: '归档巡检 03:00' }], timezone: 'Asia/Shanghai' },
    action: { type: 'startWorkflow', workflowType: 'archiveSweep', taskQueue, workflowId: scheduleId, args: [] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '6h', pauseOnFailure: false },
    state: { note: 'archives the closed runs of every year not yet wholly archived, before the retention drops them' },
  };
}

/** Creates the schedule, or brings an existing one in line with this release. */
export const ensureArchiveSweepSchedule = (client: Client, taskQueue: string, scheduleId = archiveSweepScheduleId): Promise<void> =>
  ensureSchedule(client, archiveSweepScheduleOptions(taskQueue, scheduleId));
