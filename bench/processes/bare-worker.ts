import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createBareActivities } from './bare-activities.js';

/**
 * The baseline worker, in a process of its own like the Tandem worker, with the same cache and activity slots
 * (apps/worker/worker.ts), polling the bench's own task queue.
 */
const { TEMPORAL_ADDRESS: address, BENCH_TASK_QUEUE: taskQueue, BENCH_BUNDLE_PATH: bundlePath } = process.env;
if (!address || !taskQueue || !bundlePath) throw new Error('TEMPORAL_ADDRESS, BENCH_TASK_QUEUE and BENCH_BUNDLE_PATH are required');

Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: ['SIGINT', 'SIGTERM'] });
const connection = await NativeConnection.connect({ address });
try {
  const worker = await Worker.create({
    connection,
    taskQueue,
    activities: createBareActivities(),
    workflowBundle: { codePath: bundlePath },
    maxCachedWorkflows: 500,
    maxConcurrentActivityTaskExecutions: 20,
    shutdownGraceTime: '10s',
  });
  process.send?.({ ready: true });
  await worker.run();
} finally {
  await connection.close();
}
