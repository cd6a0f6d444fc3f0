import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { workflowInterceptorModules, workflowsPath } from '../libs/temporal/workflows-path.js';
import { localRolePasswords, prepareDatabase } from '../libs/dev-stack/database-roles.js';
import { startTandemCluster } from '../libs/dev-stack/tandem-cluster.js';
import { freePort, startTemporalDevServer } from '../libs/dev-stack/temporal-dev-server.js';
import { answers, firstMessage, outputContains, startChild, type ChildSpec } from './child.js';
import type { Cleanup } from './cleanup.js';
import { createBenchDatabase, dropDatabases } from './database.js';

export interface BenchStack {
  /** The JSON API's base, `/api` included (the first instance's on the cluster). */
  apiUrl: string;
  /** Every API instance's base: one on the dev stack, two on the cluster. */
  apiUrls: string[];
  temporalAddress: string;
  databaseUrl: string;
  /** Which Postgres and which Temporal, and how many APIs and workers, for the results. */
  postgres: string;
  temporal: string;
  processes: { apis: number; workers: number };
  /** Queue of the real worker (projectLifecycle, approvalChain, …). */
  taskQueue: string;
  /** Queue of the baseline worker (bench/workflows). */
  bareTaskQueue: string;
}

/** What both stacks run: tsc's output and the two workflow bundles. */
export interface BenchBuild {
  dist: string;
  tandemBundle: string;
  bareBundle: string;
}

/**
 * The API's signing secret, admin account and login limits for a bench or chaos run: random per run unless the environment names
 * them. The admin password is given explicitly, so the API does not ask for it to be changed before anything else.
 */
export const runAccounts = {
  JWT_SECRET: process.env.JWT_SECRET || randomBytes(32).toString('base64url'),
  ADMIN_EMAIL: process.env.ADMIN_EMAIL || 'admin@tandem.local',
  ADMIN_PASSWORD: process.env.ADMIN_PASSWORD || `Bench-${randomBytes(12).toString('base64url')}`,
  // A run logs its few accounts in from one address many times a minute (the chaos probe once a second): the login
  // limits would answer most of those 429 and the figures would measure the throttle, not the outage.
  LOGIN_ACCOUNT_LIMIT: '100000',
  LOGIN_ADDRESS_LIMIT: '100000',
};
export const runAdmin = { email: runAccounts.ADMIN_EMAIL, password: runAccounts.ADMIN_PASSWORD };

export const repoFile = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const tsx = (path: string) => ['--import', 'tsx', repoFile(path)];

/**
 * The API needs tsc's output: Nest's dependency injection reads the decorator metadata that tsc emits and tsx
 * (esbuild) does not. Into .data, not dist/, so the bench never overwrites `npm run up`'s build, and inside the
 * repository, so the compiled files still find node_modules.
 */
export async function compile(outDir = repoFile('.data/bench-dist')): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    const tsc = spawn(process.execPath, [repoFile('node_modules/typescript/bin/tsc'), '-p', repoFile('tsconfig.build.json'), '--outDir', outDir], { stdio: 'inherit' });
    tsc.once('error', reject);
    tsc.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tsc -p tsconfig.build.json exited with ${code}`))));
  });
  return outDir;
}

/** `interceptorModules`: Tandem's workflows are bundled with the interceptors production runs. */
export async function writeBundle(workflowsEntry: string, file: string, interceptorModules: string[] = []): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: workflowsEntry, workflowInterceptorModules: interceptorModules, logger: new DefaultLogger('WARN') });
  writeFileSync(file, code);
  return file;
}

/** Compiled once for a run, so a second stack (the cluster) starts from the same build. */
export async function prepareBuild(workDir: string, log: (message: string) => void): Promise<BenchBuild> {
  log('compiling (tsc -p tsconfig.build.json into .data/bench-dist)');
  const dist = await compile();
  log('bundling the workflows (Tandem and baseline)');
  const tandemBundle = await writeBundle(workflowsPath(), join(workDir, 'tandem-workflows.js'), workflowInterceptorModules());
  const bareBundle = await writeBundle(repoFile('bench/workflows/index.ts'), join(workDir, 'bare-workflows.js'));
  return { dist, tandemBundle, bareBundle };
}

const taskQueue = 'tandem-bench';
const bareTaskQueue = 'tandem-bench-bare';

/** Starts a service in a process of its own with its log in workDir, registered with `cleanup` once it serves. */
function childStarter(workDir: string, cleanup: Cleanup, log: (message: string) => void) {
  return async (spec: Omit<ChildSpec, 'logFile'>) => {
    const service = await startChild({ ...spec, logFile: join(workDir, `${spec.name}.log`) });
    cleanup.add(spec.name, () => service.stop());
    log(`${spec.name} ready (log: ${service.logFile})`);
    return service.readyValue;
  };
}

/** The baseline worker, polling the bench's own queue on the stack's Temporal. */
async function startBareWorker(child: ReturnType<typeof childStarter>, build: BenchBuild, env: NodeJS.ProcessEnv): Promise<void> {
  await child({
    name: 'bare-worker',
    nodeArgs: tsx('bench/processes/bare-worker.ts'),
    env: { ...env, BENCH_TASK_QUEUE: bareTaskQueue, BENCH_BUNDLE_PATH: build.bareBundle },
    ready: firstMessage,
  });
}

/**
 * Everything a request touches, as `npm run up` runs it but on free ports and throwaway storage: the Temporal dev
 * server (SQLite in WAL mode, in workDir), a database of the bench's own, the mail sink, the API and the worker
 * from their production entry points compiled as `npm run up` runs them (apps/api/main, apps/worker/main with a
 * prebuilt bundle), and the baseline worker. Each piece is registered with `cleanup` as soon as it runs.
 */
export async function startStack(build: BenchBuild, workDir: string, cleanup: Cleanup, log: (message: string) => void): Promise<BenchStack> {
  const temporal = await startTemporalDevServer({ dbFile: join(workDir, 'temporal.db'), log });
  cleanup.add('Temporal dev server', () => temporal.stop());

  const db = await createBenchDatabase(log);
  cleanup.add('Postgres', () => db.server.stop());
  cleanup.add(`database ${db.name}`, () => db.drop());
  log(`database ${db.name} on ${db.server.startedHere ? 'the embedded cluster' : 'DATABASE_URL'}; migrating as tandem_owner`);
  // As in production: the API and the worker connect as tandem_app, which owns nothing.
  const { appUrl } = await prepareDatabase(db.url, localRolePasswords());

  const child = childStarter(workDir, cleanup, log);
  const { smtpPort } = (await child({ name: 'mail-sink', nodeArgs: tsx('bench/processes/mail-sink.ts'), env: process.env, ready: firstMessage })) as { smtpPort: number };
  const apiPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: appUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    API_PORT: String(apiPort),
    WORKFLOW_BUNDLE_PATH: build.tandemBundle,
    ...runAccounts,
  };
  // The JSON API sits under /api (the console owns the rest); every path the bench sends is relative to it.
  const apiUrl = `http://127.0.0.1:${apiPort}/api`;
  await child({ name: 'api', nodeArgs: [join(build.dist, 'apps/api/main.js')], env, ready: (c) => answers(c, `${apiUrl}/health`) });
  await child({ name: 'worker', nodeArgs: [join(build.dist, 'apps/worker/main.js')], env, ready: (c, output) => outputContains(c, output, 'worker polling') });
  await startBareWorker(child, build, env);
  const postgres = db.server.startedHere ? 'embedded (durable, .data/bench-postgres)' : 'DATABASE_URL server';
  return {
    apiUrl,
    apiUrls: [apiUrl],
    temporalAddress: temporal.address,
    databaseUrl: appUrl,
    postgres,
    temporal: 'CLI dev server, SQLite in WAL mode',
    processes: { apis: 1, workers: 1 },
    taskQueue,
    bareTaskQueue,
  };
}

/**
 * The production topology (libs/dev-stack/tandem-cluster.ts): Temporal server v1.31.2 persisting to Postgres, two
 * API instances and two workers from the same build, the mail sink; plus the baseline worker on that server, in
 * databases of their own (`tandem_bench_cluster_<random>` and Temporal's two beside it).
 */
export async function startClusterStack(build: BenchBuild, workDir: string, cleanup: Cleanup, log: (message: string) => void): Promise<BenchStack> {
  const database = `tandem_bench_cluster_${randomBytes(4).toString('hex')}`;
  const cluster = await startTandemCluster({
    dist: build.dist,
    bundle: build.tandemBundle,
    workDir: join(workDir, 'cluster'),
    postgres: { dataDir: '.data/bench-postgres', port: await freePort() },
    database,
    secrets: { jwtSecret: runAccounts.JWT_SECRET, adminEmail: runAccounts.ADMIN_EMAIL, adminPassword: runAccounts.ADMIN_PASSWORD },
    env: { LOGIN_ACCOUNT_LIMIT: runAccounts.LOGIN_ACCOUNT_LIMIT, LOGIN_ADDRESS_LIMIT: runAccounts.LOGIN_ADDRESS_LIMIT },
    log,
  });
  // On DATABASE_URL's server they are dropped once the cluster has stopped; an embedded one stops with the cluster,
  // and the next run drops them there (createBenchDatabase: every `tandem_bench_` database left behind).
  if (process.env.DATABASE_URL) {
    cleanup.add(`databases of ${database}`, () => dropDatabases(cluster.superUrl, [database, cluster.temporal.databases.main, cluster.temporal.databases.visibility]));
  }
  cleanup.add('the cluster', () => cluster.stop());
  log(`cluster ready in ${(cluster.startedInMs / 1000).toFixed(1)} s (logs in ${cluster.logDir})`);
  const child = childStarter(workDir, cleanup, log);
  await startBareWorker(child, build, { ...process.env, TEMPORAL_ADDRESS: cluster.temporal.address });
  return {
    apiUrl: cluster.apiUrls[0],
    apiUrls: cluster.apiUrls,
    temporalAddress: cluster.temporal.address,
    databaseUrl: cluster.databaseUrl,
    postgres: process.env.DATABASE_URL ? 'DATABASE_URL server' : 'embedded (durable, .data/bench-postgres)',
    temporal: `Temporal server v1.31.2 on Postgres (${cluster.temporal.databases.main})`,
    processes: { apis: cluster.apis.length, workers: cluster.workers.length },
    taskQueue: cluster.taskQueue,
    bareTaskQueue,
  };
}
