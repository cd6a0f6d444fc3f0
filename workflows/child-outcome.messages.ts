import { defineSignal } from '@temporalio/workflow';

/**
 * Where a child started by a project year tells its outcome: the year's workflow id (no run id, so the signal
 * reaches whichever run of the year is current) and the name the year files it under. A year holds no handle on
 * its children, so it may continue as new while they run.
 */
export interface ChildReport {
  workflowId: string;
  ref: string;
}

export type ChildOutcome = { ref: string; status: 'completed'; result: unknown } | { ref: string; status: 'failed'; reason: string };

export const childOutcomeSignal = defineSignal<[ChildOutcome]>('childOutcome');
