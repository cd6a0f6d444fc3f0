import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { pino } from 'pino';
import { createActivities, type ActivityDeps } from '../../activities/index.js';
import type { Logger } from '../../libs/observability/logger.js';
import { workflowInterceptorModules, workflowsPath } from '../../libs/temporal/workflows-path.js';
import type { WorkerMetrics } from './metrics.js';
import { activityObservers } from './observability.js';
import { workerShutdown } from './shutdown.js';

export interface TandemWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A prebuilt bundle (production) or one built once and shared by tests; otherwise bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Where activity lines go and what they count; tests that read neither leave it out (nothing is logged then). */
  observability?: { logger: Logger; metrics?: WorkerMetrics };
}

/** Activities running at once; the worker's database pool is sized to match, so none waits for a connection. */
export const activitySlots = 20;
/** Workflow tasks a worker holds at once (see below). */
export const workflowTaskSlots = 10;

export function createTandemWorker({ connection, namespace, taskQueue, deps, workflowBundle, observability }: TandemWorkerOptions): Promise<Worker> {
  const { logger = pino({ level: 'silent' }), metrics } = observability ?? {};
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    activities: createActivities(deps),
    // A prebuilt bundle already holds the workflow interceptors (every bundler adds workflowInterceptorModules()).
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: workflowsPath() }),
    interceptors: {
      activity: [activityObservers(logger, metrics)],
      ...(workflowBundle ? {} : { workflowModules: workflowInterceptorModules() }),
    },
    // Every project in approval keeps two executions open (its year and its chain), and more once children run:
    // a cache smaller than that evicts and replays a chain on each decision (seen in `npm run bench`). Cached runs
    // share one V8 context, so each costs little memory.
    maxCachedWorkflows: 4000,
    maxConcurrentActivityTaskExecutions: activitySlots,
    // A workflow task's 10 s timeout runs from when a worker takes it, and this worker runs workflow code on one
    // thread: with the SDK's 40 slots, a worker started (or restarted) beside many open runs took 40 tasks at once, each
    // replaying from scratch, and on a busy machine the last ones timed out before their turn came, were retried, and
    // timed out again. Tasks beyond these slots wait on the server, where no timeout runs, and go to whichever
    // worker is free. Ten keep the thread busy while tasks travel to and from the server (four slowed a 120-unit
    // campaign's fan-out past its test's bound on a loaded machine).
    maxConcurrentWorkflowTaskExecutions: workflowTaskSlots,
    // Work for a cached run goes to this worker's own (sticky) queue; if the worker was killed, it waits there this
    // long before any worker may take it from the shared queue. The SDK's 10 s stalled every run of a killed worker
    // for that long; 5 s (the Go SDK's default) still leaves a busy live worker time to take its own work.
    stickyQueueScheduleToStartTimeout: '5s',
    // Beats go out at least this often, so a heartbeat timeout of a few seconds (workflows/activity-proxies.ts)
    // never expires on an activity that is alive.
    maxHeartbeatThrottleInterval: '1s',
    shutdownGraceTime: `${workerShutdown.graceS}s`,
    shutdownForceTime: `${workerShutdown.forceS}s`,
  });
}
