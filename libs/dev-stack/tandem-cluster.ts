import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { localRolePasswords, prepareDatabase } from './database-roles.js';
import { startMailSink, type MailSink } from './mail-sink.js';
import { startPostgres } from './postgres.js';
import { supervise, type RestartDelay, type Supervised } from './supervisor.js';
import { freePort } from './temporal-dev-server.js';
import { startTemporalCluster, type TemporalCluster } from './temporal-cluster.js';

/**
 * The production topology on one machine: Temporal server v1.31.2 on Postgres, two workers and two API instances,
 * each a process of its own on its own ports, started from the compiled entry points (dist) with exactly the
 * variables docker-compose.yml gives them (NODE_ENV=production included), and the mail sink in place of the relay.
 */
export interface TandemClusterOptions {
  /** Compiled output (tsc -p tsconfig.build.json) and the prebuilt workflow bundle the workers load. */
  dist: string;
  bundle: string;
  /** Config file and logs. */
  workDir: string;
  /** The embedded Postgres's folder and port when DATABASE_URL is unset (`up` shares `.data/postgres` with the dev topology). */
  postgres: { dataDir: string; port?: number; durable?: boolean };
  /** Tandem's database; Temporal's are `<database>_temporal` and `<database>_temporal_visibility` beside it. */
  database: string;
  /** Fixed ports for `up`; free ones when omitted. */
  ports?: { temporal: number; apis: [number, number]; smtp: number; mailWeb?: number };
  /** How long after a death a process is started again; `up` restarts at once, the test keeps a killed one down. */
  restartDelay?: RestartDelay;
  /** ADMIN_PASSWORD and JWT_SECRET, which production requires. */
  secrets: { jwtSecret: string; adminEmail: string; adminPassword: string };
  /** The namespace's retention of closed runs; production's 90 days when omitted. */
  retentionMs?: number;
  /** Variables for every API and worker beside production's (a bench's login limits). */
  env?: NodeJS.ProcessEnv;
  log: (message: string) => void;
}

export interface TandemCluster {
  /** Each API instance's JSON base, `/api` included. */
  apiUrls: string[];
  apis: Supervised[];
  workers: Supervised[];
  /** Each worker's readiness endpoint. */
  workerHealthUrls: string[];
  temporal: TemporalCluster;
  /** As tandem_app, like the API and the workers. */
  databaseUrl: string;
  /** The superuser's, on the server holding Tandem's and Temporal's databases (a test drops them with it). */
  superUrl: string;
  sink: MailSink;
  taskQueue: string;
  logDir: string;
  startedInMs: number;
  /** Everything, in reverse order of start. */
  stop(): Promise<void>;
}

async function ensureDatabase(superUrl: string, database: string): Promise<string> {
  const client = new pg.Client({ connectionString: superUrl });
  await client.connect();
  try {
    const found = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount === 1;
    if (!found) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
  return Object.assign(new URL(superUrl), { pathname: `/${database}` }).toString();
}

/** Waits for an HTTP endpoint to answer 2xx. */
export async function untilHealthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fetch(url).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline) throw new Error(`${url} did not become healthy within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function startTandemCluster(options: TandemClusterOptions): Promise<TandemCluster> {
  const started = Date.now();
  const { log } = options;
  const workDir = resolve(options.workDir);
  mkdirSync(workDir, { recursive: true });
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step();
  };
  try {
    const postgres = await startPostgres({ ...options.postgres, database: 'postgres', log });
    stops.push(() => postgres.stop());
    const superUrl = await ensureDatabase(postgres.url, options.database);
    const { appUrl } = await prepareDatabase(superUrl, localRolePasswords());
    const temporal = await startTemporalCluster({
      superUrl: postgres.url,
      workDir: join(workDir, 'temporal'),
      port: options.ports?.temporal,
      databasePrefix: `${options.database}_temporal`,
      retentionMs: options.retentionMs,
      log,
    });
    stops.push(() => temporal.stop());
    const sink = await startMailSink({ smtpPort: options.ports?.smtp ?? 0, webPort: options.ports?.mailWeb });
    stops.push(() => sink.stop());

    const taskQueue = 'tandem';
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: appUrl,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(sink.smtpPort),
      MAIL_FROM: 'tandem@cluster.local',
      JWT_SECRET: options.secrets.jwtSecret,
      ADMIN_EMAIL: options.secrets.adminEmail,
      ADMIN_PASSWORD: options.secrets.adminPassword,
      WORKFLOW_BUNDLE_PATH: options.bundle,
      ...options.env,
    };
    const service = (name: string, entry: string, own: NodeJS.ProcessEnv) => {
      const logFile = createWriteStream(join(workDir, `${name}.log`), { flags: 'a' });
      const supervised = supervise({
        name,
        spawn: () => {
          const child = spawn(process.execPath, [join(options.dist, entry)], { env: { ...env, ...own }, stdio: ['ignore', 'pipe', 'pipe'] });
          child.stdout.pipe(logFile, { end: false });
          child.stderr.pipe(logFile, { end: false });
          return child;
        },
        restartDelay: options.restartDelay,
        log,
      });
      stops.push(async () => {
        await supervised.stop();
        logFile.end();
      });
      return supervised;
    };
    const apiPorts = options.ports?.apis ?? [await freePort(), await freePort()];
    const healthPorts = [await freePort(), await freePort()];
    const workers = healthPorts.map((port, i) => service(`worker-${i + 1}`, 'apps/worker/main.js', { WORKER_HEALTH_PORT: String(port) }));
    const apis = apiPorts.map((port, i) => service(`api-${i + 1}`, 'apps/api/main.js', { API_PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${apiPorts[0]}` }));
    const apiUrls = apiPorts.map((port) => `http://127.0.0.1:${port}/api`);
    const workerHealthUrls = healthPorts.map((port) => `http://127.0.0.1:${port}/health/ready`);
    await Promise.all([...apiUrls.map((url) => untilHealthy(`${url}/health/ready`, 120_000)), ...workerHealthUrls.map((url) => untilHealthy(url, 120_000))]);
    return { apiUrls, apis, workers, workerHealthUrls, temporal, databaseUrl: appUrl, superUrl: postgres.url, sink, taskQueue, logDir: workDir, startedInMs: Date.now() - started, stop };
  } catch (error) {
    await stop();
    throw new Error(`the cluster did not start (logs in ${workDir}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function node(args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit' });
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`node ${args.join(' ')} exited with ${code}`))));
  });
}

/**
 * What the image's build step makes (Dockerfile: `npm run build`), into `dist`: tsc's output, whose decorator metadata
 * Nest needs, and the workflow bundle the workers load instead of running webpack at every start.
 */
export async function buildForCluster(dist: string): Promise<{ dist: string; bundle: string }> {
  const out = resolve(dist);
  await node(['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', out]);
  const bundle = join(out, 'workflow-bundle.js');
  await node([join(out, 'scripts/build-workflow-bundle.js'), bundle]);
  return { dist: out, bundle };
}
