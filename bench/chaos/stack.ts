import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { localRolePasswords, prepareDatabase } from '../../libs/dev-stack/database-roles.js';
import { startMailSink, type MailSink } from '../../libs/dev-stack/mail-sink.js';
import { startPostgres, type RunningPostgres } from '../../libs/dev-stack/postgres.js';
import { supervise, type RestartDelay, type Supervised } from '../../libs/dev-stack/supervisor.js';
import { freePort, startTemporalDevServer, type DevServer } from '../../libs/dev-stack/temporal-dev-server.js';
import type { Cleanup } from '../cleanup.js';
import { compile, repoFile, runAccounts, writeBundle } from '../stack.js';
import { workflowInterceptorModules, workflowsPath } from '../../libs/temporal/workflows-path.js';

/** Everything the harness runs, with the switches its faults need. */
export interface ChaosStack {
  /** The JSON API's base, `/api` included. */
  apiUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  sink: MailSink;
  api: Supervised;
  worker: Supervised;
  /** Whether the running worker (started after the last kill) has said it polls its task queue. */
  workerPolling(): boolean;
  /** kill -9 of the Temporal server; `startTemporal` brings it back on the same port and SQLite file. */
  killTemporal(): Promise<void>;
  startTemporal(): Promise<void>;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  /** Services' output, one file each (appended across restarts). */
  logDir: string;
}

/**
 * The pieces `npm run up` runs, started here so they can be broken: an embedded Postgres cluster of the harness's
 * own (in workDir, on a free port: never DATABASE_URL's server, whose outage would hit everyone on it), a Temporal dev
 * server on a SQLite file (so a kill -9 loses nothing committed), the mail sink in this process (its faults are
 * switched by a function call), and the API and the worker, compiled and bundled as the bench runs them, each under
 * a supervisor that restarts it whenever it dies. Only loopback addresses.
 */
export async function startChaosStack(workDir: string, restartDelay: RestartDelay, cleanup: Cleanup, log: (message: string) => void): Promise<ChaosStack> {
  log('compiling (tsc -p tsconfig.build.json into .data/chaos-dist)');
  const dist = await compile(repoFile('.data/chaos-dist'));
  log('bundling the workflows');
  const bundle = await writeBundle(workflowsPath(), join(workDir, 'tandem-workflows.js'), workflowInterceptorModules());

  const temporalPort = await freePort();
  const dbFile = join(workDir, 'temporal.db');
  let temporal: DevServer | null = null;
  const startTemporal = async () => {
    temporal = await startTemporalDevServer({ dbFile, port: temporalPort, log });
  };
  await startTemporal();
  cleanup.add('Temporal dev server', () => temporal?.stop());

  const pgPort = await freePort();
  const pgDir = join(workDir, 'postgres');
  let postgres: RunningPostgres | null = null;
  const startPg = async () => {
    postgres = await startPostgres({ dataDir: pgDir, port: pgPort, database: 'tandem', log });
  };
  await startPg();
  cleanup.add('Postgres', () => postgres?.stop());
  log('migrating as tandem_owner');
  // The API and the worker connect as tandem_app, as everywhere; the URL survives the cluster's restarts (same port).
  const { appUrl: databaseUrl } = await prepareDatabase((postgres as RunningPostgres | null)?.url ?? '', localRolePasswords());

  const sink = await startMailSink({ smtpPort: 0 });
  cleanup.add('mail sink', () => sink.stop());

  const apiPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    TEMPORAL_TASK_QUEUE: 'tandem-chaos',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(sink.smtpPort),
    API_PORT: String(apiPort),
    WORKFLOW_BUNDLE_PATH: bundle,
    ...runAccounts,
  };
  // Set when the worker instance running now has printed that it polls; cleared when it is replaced.
  let polling = false;
  let latestWorker: ChildProcess | null = null;
  const service = (name: string, entry: string) => {
    const logFile = createWriteStream(join(workDir, `${name}.log`), { flags: 'a' });
    const supervised = supervise({
      name,
      spawn: () => {
        const child = spawn(process.execPath, [join(dist, entry)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        if (name === 'worker') {
          polling = false;
          // Cleared at its death too, not only at the next start: the kill loop waits for a worker that polls again,
          // and must not count the restart delay and the start-up of the next one as its time to poll.
          child.once('exit', () => {
            if (latestWorker === child) polling = false;
          });
          latestWorker = child;
        }
        child.stdout?.on('data', (chunk: Buffer) => {
          if (name === 'worker' && chunk.toString().includes('worker polling')) polling = true;
          logFile.write(chunk);
        });
        child.stderr?.on('data', (chunk: Buffer) => logFile.write(chunk));
        return child;
      },
      restartDelay,
      log,
    });
    cleanup.add(name, async () => {
      await supervised.stop();
      await new Promise((resolve) => logFile.end(resolve));
    });
    return supervised;
  };
  const api = service('api', 'apps/api/main.js');
  const worker = service('worker', 'apps/worker/main.js');

  return {
    apiUrl: `http://127.0.0.1:${apiPort}/api`,
    databaseUrl,
    temporalAddress: `127.0.0.1:${temporalPort}`,
    sink,
    api,
    worker,
    workerPolling: () => polling,
    killTemporal: async () => {
      await temporal?.kill();
      temporal = null;
    },
    startTemporal,
    stopPostgres: async () => {
      await postgres?.stop();
      postgres = null;
    },
    startPostgres: startPg,
    logDir: workDir,
  };
}
