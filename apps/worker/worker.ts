import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities/index.js';
import { workflowsPath } from '../../libs/temporal/workflows-path.js';

export interface TandemWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A prebuilt bundle (production) or one built once and shared by tests; otherwise bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

/** Activities running at once; the worker's database pool is sized to match, so none waits for a connection. */
export const activitySlots = 20;

export function createTandemWorker({ connection, namespace, taskQueue, deps, workflowBundle }: TandemWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    activities: createActivities(deps),
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: workflowsPath() }),
    // Every project in approval keeps two executions open (its year and its chain), and more once children run:
    // a cache smaller than that evicts and replays a chain on each decision (seen in `npm run bench`). Cached runs
    // share one V8 context, so each costs little memory.
    maxCachedWorkflows: 4000,
    maxConcurrentActivityTaskExecutions: activitySlots,
    shutdownGraceTime: '10s',
  });
}
