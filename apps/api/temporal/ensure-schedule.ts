import { ScheduleAlreadyRunning, type Client, type ScheduleOptions } from '@temporalio/client';

/**
 * Creates a schedule, or brings an existing one in line with this release (its task queue, times, input and
 * policies): every API instance calls this at start, and the one that comes second updates rather than fails.
 */
export async function ensureSchedule(client: Client, wanted: ScheduleOptions): Promise<void> {
  try {
    await client.schedule.create(wanted);
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(wanted.scheduleId).update((previous) => ({ ...previous, spec: wanted.spec, action: wanted.action, policies: wanted.policies }));
  }
}
