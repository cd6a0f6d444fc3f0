import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { workflowInterceptorModules, workflowsPath } from '../libs/temporal/workflows-path.js';
import { localRolePasswords, prepareDatabase } from '../libs/dev-stack/database-roles.js';
import { freePort, startTemporalDevServer } from '../libs/dev-stack/temporal-dev-server.js';
import { answers, firstMessage, outputContains, startChild, type ChildSpec } from './child.js';
import type { Cleanup } from './cleanup.js';
import { createBenchDatabase } from './database.js';

export interface BenchStack {
  /** The JSON API's base, `/api` included. */
  apiUrl: string;
  temporalAddress: string;
  databaseUrl: string;
  /** Which Postgres, for the results. */
  postgres: string;
  /** Queue of the real worker (projectLifecycle, approvalChain, …). */
  taskQueue: string;
  /** Queue of the baseline worker (bench/workflows). */
  bareTaskQueue: string;
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

/**
 * Everything a request touches, as `npm run up` runs it but on free ports and throwaway storage: the Temporal dev
 * server (SQLite in WAL mode, in workDir), a database of the bench's own, the mail sink, the API and the worker
 * from their production entry points compiled as `npm run up` runs them (apps/api/main, apps/worker/main with a
 * prebuilt bundle), and the baseline worker. Each piece is registered with `cleanup` as soon as it runs.
 */
export async function startStack(workDir: string, cleanup: Cleanup, log: (message: string) => void): Promise<BenchStack> {
  log('compiling (tsc -p tsconfig.build.json into .data/bench-dist)');
  const dist = await compile();
  const temporal = await startTemporalDevServer({ dbFile: join(workDir, 'temporal.db'), log });
  cleanup.add('Temporal dev server', () => temporal.stop());

  const db = await createBenchDatabase(log);
  cleanup.add('Postgres', () => db.server.stop());
  cleanup.add(`database ${db.name}`, () => db.drop());
  log(`database ${db.name} on ${db.server.startedHere ? 'the embedded cluster' : 'DATABASE_URL'}; migrating as tandem_owner`);
  // As in production: the API and the worker connect as tandem_app, which owns nothing.
  const { appUrl } = await prepareDatabase(db.url, localRolePasswords());

  log('bundling the workflows (Tandem and baseline)');
  const tandemBundle = await writeBundle(workflowsPath(), join(workDir, 'tandem-workflows.js'), workflowInterceptorModules());
  const bareBundle = await writeBundle(repoFile('bench/workflows/index.ts'), join(workDir, 'bare-workflows.js'));

  const child = async (spec: Omit<ChildSpec, 'logFile'>) => {
    const service = await startChild({ ...spec, logFile: join(workDir, `${spec.name}.log`) });
    cleanup.add(spec.name, () => service.stop());
    log(`${spec.name} ready (log: ${service.logFile})`);
    return service.readyValue;
  };

  const { smtpPort } = (await child({ name: 'mail-sink', nodeArgs: tsx('bench/processes/mail-sink.ts'), env: process.env, ready: firstMessage })) as { smtpPort: number };
  const taskQueue = 'tandem-bench';
  const bareTaskQueue = 'tandem-bench-bare';
  const apiPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: appUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    API_PORT: String(apiPort),
    WORKFLOW_BUNDLE_PATH: tandemBundle,
    ...runAccounts,
  };
  // The JSON API sits under /api (the console owns the rest); every path the bench sends is relative to it.
  const apiUrl = `http://127.0.0.1:${apiPort}/api`;
  await child({ name: 'api', nodeArgs: [join(dist, 'apps/api/main.js')], env, ready: (c) => answers(c, `${apiUrl}/health`) });
  await child({ name: 'worker', nodeArgs: [join(dist, 'apps/worker/main.js')], env, ready: (c, output) => outputContains(c, output, 'worker polling') });
  await child({
    name: 'bare-worker',
    nodeArgs: tsx('bench/processes/bare-worker.ts'),
    env: { ...env, BENCH_TASK_QUEUE: bareTaskQueue, BENCH_BUNDLE_PATH: bareBundle },
    ready: firstMessage,
  });
  const postgres = db.server.startedHere ? 'embedded (durable, .data/bench-postgres)' : 'DATABASE_URL server';
  return { apiUrl, temporalAddress: temporal.address, databaseUrl: appUrl, postgres, taskQueue, bareTaskQueue };
}
