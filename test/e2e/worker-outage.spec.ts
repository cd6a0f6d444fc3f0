import { spawn, type ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { freePort } from '../../libs/dev-stack/temporal-dev-server.js';
import { createTestDatabase } from '../support/database.js';
import { pollUntil } from '../support/poll-until.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { temporalAddress } from '../support/temporal.js';
import { workflowBundlePath } from '../support/workflow-bundle.js';
import { stopWorker } from '../support/worker-process.js';

/**
 * The worker's own entry point (apps/worker/main.ts) as a process, reaching its database and the dev server through
 * proxies the test cuts: started while they are down it must wait, not exit, and its readiness endpoint must say what
 * it does.
 */
describe('worker started while Postgres and Temporal are down', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let postgres: TcpProxy;
  let temporal: TcpProxy;
  let client: Client;
  let worker: ChildProcess;
  let output = '';
  let healthPort: number;
  const taskQueue = `test-worker-outage-${process.pid}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    const dbUrl = new URL(db.url);
    postgres = await startTcpProxy({ host: dbUrl.hostname, port: Number(dbUrl.port || 5432) });
    dbUrl.host = postgres.address;
    const [host, port] = temporalAddress().split(':');
    temporal = await startTcpProxy({ host, port: Number(port) });
    client = new Client({ connection: await Connection.connect({ address: temporalAddress() }) });
    healthPort = await freePort();
    await postgres.cut('refuse');
    await temporal.cut('refuse');
    worker = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/main.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        DATABASE_URL: dbUrl.toString(),
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_TASK_QUEUE: taskQueue,
        WORKER_HEALTH_PORT: String(healthPort),
        // Its lines as a person reads them; the assertions below quote them (JSON would escape the quotes).
        LOG_FORMAT: 'pretty',
        // The run's bundle, so the process does not spend its start on webpack.
        WORKFLOW_BUNDLE_PATH: workflowBundlePath(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });

  afterAll(async () => {
    await stopWorker(worker);
    await client?.connection.close();
    await temporal?.close();
    await postgres?.close();
    await db?.drop();
  });

  const probe = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${healthPort}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const pollers = async () =>
    (await client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, taskQueueType: 1 })).pollers ?? [];

  it('waits and retries each connection with a log line, then polls once both are back, and its readiness follows', async () => {
    const attempt = (what: string, n: number) => new RegExp(`waiting for ${what}[^\\n]*\\(attempt ${n},`);
    await pollUntil(async () => output, (o) => attempt('Postgres', 3).test(o), { timeoutMs: 90_000, intervalMs: 250, what: 'a third attempt at Postgres' });
    expect(worker.exitCode).toBeNull();
    expect(await probe('/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await probe('/health/ready')).toEqual({ status: 503, body: { status: 'unavailable', worker: 'connecting', temporal: 'down', database: 'down' } });

    await postgres.restore();
    await pollUntil(async () => output, (o) => attempt(`Temporal at ${temporal.address}`, 3).test(o), { timeoutMs: 60_000, intervalMs: 250, what: 'a third attempt at Temporal' });
    expect(worker.exitCode).toBeNull();
    expect(await probe('/health/ready')).toEqual({ status: 503, body: { status: 'unavailable', worker: 'connecting', temporal: 'down', database: 'ok' } });
    expect(await pollers()).toEqual([]);

    await temporal.restore();
    await pollUntil(() => probe('/health/ready'), (r) => r.status === 200, { timeoutMs: 60_000, intervalMs: 250, what: 'the worker ready' });
    expect(await probe('/health/ready')).toEqual({ status: 200, body: { status: 'ok', worker: 'RUNNING', temporal: 'ok', database: 'ok' } });
    expect(output).toContain(`worker polling task queue "${taskQueue}"`);
    expect((await pollUntil(pollers, (p) => p.length > 0, { timeoutMs: 30_000, what: 'a poller on the queue' })).length).toBeGreaterThan(0);

    // Cut again while it runs: unready, still alive; back again: ready, without a restart.
    await temporal.cut('refuse');
    await pollUntil(() => probe('/health/ready'), (r) => r.status === 503, { timeoutMs: 10_000, what: 'the worker unready' });
    expect((await probe('/health/ready')).body).toEqual(expect.objectContaining({ temporal: 'down' }));
    await temporal.restore();
    await pollUntil(() => probe('/health/ready'), (r) => r.status === 200, { timeoutMs: 30_000, intervalMs: 250, what: 'the worker ready again' });
    expect(worker.exitCode).toBeNull();
  });
});
