import { ContinueAsNew, getExternalWorkflowHandle, isCancellation } from '@temporalio/workflow';
import { childOutcomeSignal, type ChildOutcome, type ChildReport } from './child-outcome.messages.js';
import { reasonOf } from './failure-reason.js';

/**
 * Runs a child's course and, when it was started with `reportTo`, signals its outcome to the year. Children started
 * before the year reported (old histories) carry no `reportTo` and send nothing. A run that continues as new reports
 * nothing: its next run does. A refusal is ignored: the year may have closed (an item outlives it).
 */
export async function reportingTo<T>(reportTo: ChildReport | undefined, run: () => Promise<T>): Promise<T> {
  if (!reportTo) return run();
  let outcome: ChildOutcome | null = null;
  try {
    const result = await run();
    outcome = { ref: reportTo.ref, status: 'completed', result };
    return result;
  } catch (error) {
    if (!(error instanceof ContinueAsNew) && !isCancellation(error)) outcome = { ref: reportTo.ref, status: 'failed', reason: reasonOf(error) };
    throw error;
  } finally {
    if (outcome) await getExternalWorkflowHandle(reportTo.workflowId).signal(childOutcomeSignal, outcome).catch(() => undefined);
  }
}
