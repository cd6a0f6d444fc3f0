/** Started by the API when an administrator schedules a 换届 ahead; its id names the schedule (termChangeWorkflowId). */
export interface ScheduledTermChangeInput {
  scheduleId: string;
  /** ISO instant the change takes effect. */
  effectiveAt: string;
}

export type ScheduledTermChangeResult = 'done' | 'cancelled' | 'failed';
