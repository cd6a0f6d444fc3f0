import { setTimeout as sleep } from 'node:timers/promises';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../libs/config/index.js';
import { assertAppRole } from '../../libs/db/app-role.js';
import { createDataSource } from '../../libs/db/data-source.js';
import { createMailer } from '../../libs/mail/mailer.js';
import { startHealthServer, type WorkerReadiness } from './health.js';
import { activitySlots, createTandemWorker } from './worker.js';

/** How long a readiness probe waits for Temporal or Postgres before it counts as down. */
const probeTimeoutMs = 2_000;
const firstRetryMs = 500;
const maxRetryMs = 10_000;

/**
 * Opens a connection, waiting and retrying with backoff while the dependency is unreachable: a worker started
 * during an outage (or before Temporal and Postgres in a deploy) joins once they are back instead of exiting.
 * Undefined when a shutdown signal came first.
 */
async function untilConnected<T>(what: string, connect: () => Promise<T>, stop: AbortSignal): Promise<T | undefined> {
  for (let attempt = 1, delay = firstRetryMs; !stop.aborted; attempt++, delay = Math.min(delay * 2, maxRetryMs)) {
    try {
      const connected = await connect();
      if (attempt > 1) console.log(`${what} reached after ${attempt} attempts`);
      return connected;
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      console.warn(`waiting for ${what} (attempt ${attempt}, next in ${delay / 1000} s): ${reason}`);
      await sleep(delay, undefined, { signal: stop }).catch(() => undefined);
    }
  }
  return undefined;
}

/** True when the probe settles well within the timeout; a hanging dependency counts as down. */
async function answers(probe: () => Promise<unknown>): Promise<'ok' | 'down'> {
  try {
    await Promise.race([probe(), sleep(probeTimeoutMs).then(() => Promise.reject(new Error('no answer in time')))]);
    return 'ok';
  } catch {
    return 'down';
  }
}

/**
 * Composition root: config → connections → activities → worker; SIGINT/SIGTERM drain it and close everything.
 * Connections are awaited with retries, and the readiness endpoint (WORKER_HEALTH_PORT) is up from the start.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env, { signsTokens: false });
  Runtime.install({ logger: new DefaultLogger('INFO'), shutdownSignals: ['SIGINT', 'SIGTERM'] });
  // The Runtime drains a running worker on these signals; before there is one, they end the waiting instead.
  const stopping = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stopping.abort());

  let ds: DataSource | undefined;
  let connection: NativeConnection | undefined;
  let worker: Worker | undefined;
  const health =
    config.worker.healthPort === null
      ? undefined
      : await startHealthServer(config.worker.healthPort, async (): Promise<WorkerReadiness> => {
          const [temporal, database] = await Promise.all([
            answers(async () => {
              if (!connection) throw new Error('not connected');
              const c = connection;
              await c.withDeadline(Date.now() + probeTimeoutMs, () => c.workflowService.getSystemInfo({}));
            }),
            answers(async () => {
              if (!ds) throw new Error('not connected');
              await ds.query('SELECT 1');
            }),
          ]);
          const state = worker?.getState() ?? 'connecting';
          return { status: state === 'RUNNING' && temporal === 'ok' && database === 'ok' ? 'ok' : 'unavailable', worker: state, temporal, database };
        });
  if (health) console.log(`worker readiness on :${config.worker.healthPort}/health/ready`);

  const mailer = createMailer(config.smtp);
  try {
    ds = await untilConnected(
      `Postgres`,
      () =>
        createDataSource(config.databaseUrl, {
          applicationName: 'tandem-worker',
          poolSize: activitySlots,
          connectTimeoutMs: config.deadlines.databaseConnectMs,
          queryTimeoutMs: config.deadlines.databaseQueryMs,
        }).initialize(),
      stopping.signal,
    );
    // Outside the retries: credentials that could rewrite the audit log are a mistake no wait will fix.
    if (ds) await assertAppRole(ds);
    connection = ds && (await untilConnected(`Temporal at ${config.temporal.address}`, () => NativeConnection.connect({ address: config.temporal.address }), stopping.signal));
    if (!ds || !connection) return;
    const bundlePath = process.env.WORKFLOW_BUNDLE_PATH;
    worker = await createTandemWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      deps: { ds, mailer, publicUrl: config.publicUrl },
      workflowBundle: bundlePath ? { codePath: bundlePath } : undefined,
    });
    console.log(`worker polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address}`);
    await worker.run();
  } finally {
    await connection?.close();
    mailer.close();
    await ds?.destroy();
    health?.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
