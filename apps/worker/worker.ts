import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities/index.js';

/** The workflows entry next to this file's tree: .ts under tsx/jest, .js once compiled to dist/. */
export function workflowsPath(): string {
  const base = new URL('../../workflows/index', import.meta.url);
  const ts = fileURLToPath(`${base.href}.ts`);
  return existsSync(ts) ? ts : fileURLToPath(`${base.href}.js`);
}

export interface TandemWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A prebuilt bundle (production) or one built once and shared by tests; otherwise bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export function createTandemWorker({ connection, namespace, taskQueue, deps, workflowBundle }: TandemWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    activities: createActivities(deps),
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: workflowsPath() }),
    // Approvals idle for days: a modest sticky cache is plenty, evicted runs simply replay.
    maxCachedWorkflows: 500,
    maxConcurrentActivityTaskExecutions: 20,
    shutdownGraceTime: '10s',
  });
}
