import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Api } from './http.js';
import { closedLoop, type ClosedLoopResult } from './load.js';
import type { BenchOrg } from './org.js';
import { workflowsFinished, type Observer } from './settle.js';

export interface SubmitPlan {
  seconds: number;
  concurrency: number;
  /** No-op activities per bare workflow: as many as a submit runs before its answer (see the README). */
  bareActivities: number;
}

export interface ThroughputResult extends ClosedLoopResult {
  /** After the window: until the background work it started (chains, tasks, mail; or the no-op activities) was done. */
  drainMs: number;
  /**
   * completed / (window + drain): the rate at which the work was finished, not merely accepted. A bare start
   * answers before its activity runs, so this is the fairer baseline when the server cannot keep up.
   */
  sustainedPerSecond: number;
}

const withDrain = (result: ClosedLoopResult, drainMs: number): ThroughputResult => ({
  ...result,
  drainMs,
  sustainedPerSecond: Math.round((result.completed / (result.windowS + drainMs / 1000)) * 10) / 10,
});

/**
 * POST /projects/:id/submit on pre-created drafts, `concurrency` in flight, for `seconds`. `launchTasksBefore` is
 * the number of approval tasks that already exist, to know when this phase's launch work has drained.
 */
export async function measureSubmits(api: Api, org: BenchOrg, observer: Observer, drafts: string[], plan: SubmitPlan, launchTasksBefore: number): Promise<ThroughputResult> {
  let submitted = 0;
  const result = await closedLoop(plan.concurrency, plan.seconds, () => {
    const id = drafts.pop();
    if (!id) return undefined;
    submitted++;
    return async () => {
      await api.ok('POST', `/projects/${id}/submit`, { token: org.chen.token, idempotent: true });
    };
  });
  return withDrain(result, await observer.launchWorkSettled(launchTasksBefore + submitted - result.errors));
}

/** client.workflow.start of the baseline workflow, the same way: unique ids, `concurrency` starts in flight. */
export async function measureBareStarts(client: Client, taskQueue: string, plan: SubmitPlan): Promise<ThroughputResult> {
  const result = await closedLoop(plan.concurrency, plan.seconds, () => async () => {
    await client.workflow.start('noopActivities', { taskQueue, workflowId: `bench-start-${randomUUID()}`, args: [plan.bareActivities] });
  });
  return withDrain(result, await workflowsFinished(client, 'noopActivities', 900_000));
}
