import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../libs/config/index.js';
import { assertAppRole } from '../../libs/db/app-role.js';
import { createDataSource } from '../../libs/db/data-source.js';
import { createMailer } from '../../libs/mail/mailer.js';
import { createLogger, exitOnFatal, type Logger } from '../../libs/observability/logger.js';
import { securityOptions } from '../../libs/temporal/client.js';
import { startHealthServer, type WorkerReadiness } from './health.js';
import { createWorkerMetrics } from './metrics.js';
import { temporalLogger } from './observability.js';
import { activitySlots, createTandemWorker } from './worker.js';

/** How long a readiness probe waits for Temporal or Postgres before it counts as down. */
const probeTimeoutMs = 2_000;
const firstRetryMs = 500;
const maxRetryMs = 10_000;
/** Set once the worker polls, so a failure after that is not reported as a failed start. */
let polling = false;

/**
 * Opens a connection, waiting and retrying with backoff while the dependency is unreachable: a worker started
 * during an outage (or before Temporal and Postgres in a deploy) joins once they are back instead of exiting.
 * Undefined when a shutdown signal came first.
 */
async function untilConnected<T>(what: string, connect: () => Promise<T>, stop: AbortSignal, logger: Logger): Promise<T | undefined> {
  for (let attempt = 1, delay = firstRetryMs; !stop.aborted; attempt++, delay = Math.min(delay * 2, maxRetryMs)) {
    try {
      const connected = await connect();
      if (attempt > 1) logger.info(`${what} reached after ${attempt} attempts`);
      return connected;
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      logger.warn(`waiting for ${what} (attempt ${attempt}, next in ${delay / 1000} s): ${reason}`);
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

/** A port on loopback free now, for the SDK's Prometheus exporter, which /metrics on the health port reads from. */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The SDK's metrics as its exporter serves them; a comment instead when it does not answer, so a scrape still succeeds. */
async function sdkMetrics(port: number): Promise<string> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(probeTimeoutMs) });
    return await res.text();
  } catch (error) {
    return `# Temporal SDK metrics unavailable: ${error instanceof Error ? error.message : String(error)}\n`;
  }
}

/**
 * Composition root: config → connections → activities → worker; SIGINT/SIGTERM drain it and close everything.
 * Connections are awaited with retries, and the readiness endpoint (WORKER_HEALTH_PORT) is up from the start.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env, { signsTokens: false });
  const logger = createLogger(config.log, 'worker');
  // The SDK's metrics (task latencies, slots, polls) go to an exporter on loopback only; /metrics on the health port
  // serves them with Tandem's own, behind the same access rule.
  const sdkMetricsPort = config.worker.healthPort === null ? null : await freeLoopbackPort();
  Runtime.install({
    logger: temporalLogger(logger),
    shutdownSignals: ['SIGINT', 'SIGTERM'],
    telemetryOptions: {
      logging: { forward: {}, filter: { core: 'WARN', other: 'ERROR' } },
      ...(sdkMetricsPort !== null && { metrics: { prometheus: { bindAddress: `127.0.0.1:${sdkMetricsPort}` } } }),
    },
  });
  // The Runtime drains a running worker on these signals; before there is one, they end the waiting instead.
  const stopping = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stopping.abort());

  let ds: DataSource | undefined;
  let connection: NativeConnection | undefined;
  let worker: Worker | undefined;
  const metrics = createWorkerMetrics(async () => {
    if (!ds) return Number.NaN;
    const [{ n }] = (await ds.query(`SELECT count(DISTINCT chain_ref)::int AS n FROM task WHERE status = 'open' AND chain_ref IS NOT NULL`)) as { n: number }[];
    return n;
  });
  const health =
    config.worker.healthPort === null || sdkMetricsPort === null
      ? undefined
      : await startHealthServer(config.worker.healthPort, {
          metricsToken: config.metrics.token,
          metrics: async () => (await metrics.registry.metrics()) + (await sdkMetrics(sdkMetricsPort)),
          readiness: async (): Promise<WorkerReadiness> => {
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
          },
        });
  if (health) logger.info(`worker readiness on :${config.worker.healthPort}/health/ready, metrics on /metrics`);

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
      logger,
    );
    // Outside the retries: credentials that could rewrite the audit log are a mistake no wait will fix.
    if (ds) await assertAppRole(ds);
    const temporalOptions = { address: config.temporal.address, ...securityOptions(config.temporal) };
    connection = ds && (await untilConnected(`Temporal at ${config.temporal.address}`, () => NativeConnection.connect(temporalOptions), stopping.signal, logger));
    if (!ds || !connection) return;
    worker = await createTandemWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      deps: { ds, mailer, publicUrl: config.publicUrl },
      workflowBundle: config.workflowBundlePath ? { codePath: config.workflowBundlePath } : undefined,
      observability: { logger, metrics },
    });
    polling = true;
    logger.info(`worker polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address} (namespace ${config.temporal.namespace})`);
    await worker.run();
  } finally {
    await connection?.close();
    mailer.close();
    await ds?.destroy();
    health?.close();
  }
}

main().catch((error: unknown) => exitOnFatal('worker', polling ? 'the worker stopped' : 'the worker did not start', error));
