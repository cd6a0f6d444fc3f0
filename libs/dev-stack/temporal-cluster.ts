import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import pg from 'pg';
import { ensureSearchAttributes, freePort, spawnServer, type SearchAttributeKey } from './temporal-dev-server.js';
import { searchAttributes as tandemSearchAttributes } from '../../libs/temporal/search-attributes.js';

/**
 * The production Temporal server (go.temporal.io/server v1.31.2, built by scripts/bootstrap.mjs) on Postgres: the
 * topology docker-compose.yml describes, run on this machine. Its two databases are created and migrated by
 * temporal-sql-tool from the schemas embedded in it, the server gets a config file of its own, and the namespace and
 * Tandem's search attributes are registered through the operator API, as docker-compose.yml's temporal-setup does.
 */
export interface TemporalClusterOptions {
  /** A superuser's URL on the Postgres server to keep Temporal's data in (its own databases, never Tandem's). */
  superUrl: string;
  /** Config file and log go here. */
  workDir: string;
  /** Frontend gRPC port; a free one when omitted. The other roles always take free ports. */
  port?: number;
  /** Names `<prefix>` and `<prefix>_visibility`; `temporal` by default, like docker-compose.yml. */
  databasePrefix?: string;
  namespace?: string;
  /**
   * Closed runs are kept this long (`90d` in docker-compose.yml). Below the server's floor of one day, the floor and
   * the retention timer's jitter (up to 30 minutes by default) are lowered to a second, so a test sees the deletion.
   */
  retentionMs?: number;
  searchAttributes?: readonly SearchAttributeKey[];
  readyTimeoutMs?: number;
  log?: (message: string) => void;
}

export interface TemporalCluster {
  address: string;
  namespace: string;
  databases: { main: string; visibility: string };
  /** From the first schema step until the namespace took the search attributes. */
  startedInMs: number;
  logFile: string;
  stop(): Promise<void>;
}

/** Set by scripts/bootstrap.mjs, which builds both binaries with `go install` into a cache outside the checkout. */
function binary(variable: 'TEMPORAL_SERVER_PATH' | 'TEMPORAL_SQL_TOOL_PATH'): string {
  const path = process.env[variable];
  if (!path) throw new Error(`${variable} is not set: run through npm (scripts/bootstrap.mjs builds the Temporal server and sets it)`);
  return path;
}

function runSqlTool(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(binary('TEMPORAL_SQL_TOOL_PATH'), args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`temporal-sql-tool ${args.join(' ')} exited with ${code}\n${output}`))));
  });
}

async function exists(superUrl: string, database: string): Promise<{ database: boolean; schema: boolean }> {
  const admin = new pg.Client({ connectionString: superUrl });
  await admin.connect();
  try {
    const found = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount === 1;
    if (!found) return { database: false, schema: false };
  } finally {
    await admin.end();
  }
  const inside = new pg.Client({ connectionString: Object.assign(new URL(superUrl), { pathname: `/${database}` }).toString() });
  await inside.connect();
  try {
    return { database: true, schema: (await inside.query(`SELECT to_regclass('schema_version') IS NOT NULL AS yes`)).rows[0].yes as boolean };
  } finally {
    await inside.end();
  }
}

/**
 * Creates (when absent) and upgrades one database with the schema embedded in temporal-sql-tool: the steps of
 * docker-compose.yml's temporal-schema, made idempotent here by looking first, since this runs at every start.
 */
async function migrateDatabase(superUrl: string, database: string, schemaName: string): Promise<void> {
  const url = new URL(superUrl);
  const env = {
    ...process.env,
    SQL_PLUGIN: 'postgres12',
    SQL_HOST: url.hostname,
    SQL_PORT: url.port || '5432',
    SQL_USER: decodeURIComponent(url.username),
    SQL_PASSWORD: decodeURIComponent(url.password),
  };
  const state = await exists(superUrl, database);
  if (!state.database) await runSqlTool(['--db', database, 'create-database'], env);
  if (!state.schema) await runSqlTool(['--db', database, 'setup-schema', '-v', '0.0'], env);
  await runSqlTool(['--db', database, 'update-schema', '--schema-name', schemaName], env);
}

/** The server's static config: config/development-postgres12.yaml of the module, on loopback and our ports. */
function serverConfig(superUrl: string, databases: TemporalCluster['databases'], ports: Record<'frontend' | 'http' | 'history' | 'matching' | 'worker', number>, membership: number[], dynamicConfigFile: string): string {
  const url = new URL(superUrl);
  const store = (database: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName: database,
      connectAddr: `${url.hostname}:${url.port || '5432'}`,
      connectProtocol: 'tcp',
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (grpcPort: number, membershipPort: number, extra: object = {}) => ({ rpc: { grpcPort, membershipPort, bindOnLocalHost: true, ...extra } });
  // JSON is YAML: no YAML writer needed.
  return JSON.stringify(
    {
      log: { stdout: true, level: 'warn' },
      persistence: {
        defaultStore: 'postgres-default',
        visibilityStore: 'postgres-visibility',
        // Fixed for the life of the cluster's databases; docker-compose.yml uses 512 for production.
        numHistoryShards: 4,
        datastores: { 'postgres-default': store(databases.main, 20), 'postgres-visibility': store(databases.visibility, 4) },
      },
      global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
      services: {
        frontend: rpc(ports.frontend, membership[0], { httpPort: ports.http }),
        history: rpc(ports.history, membership[1]),
        matching: rpc(ports.matching, membership[2]),
        worker: rpc(ports.worker, membership[3]),
      },
      clusterMetadata: {
        enableGlobalNamespace: false,
        failoverVersionIncrement: 10,
        masterClusterName: 'active',
        currentClusterName: 'active',
        clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${ports.frontend}` } },
      },
      dcRedirectionPolicy: { policy: 'noop' },
      dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
    },
    null,
    2,
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const day = 86_400_000;

/**
 * A free port below 32768: the server keeps its roles' ports in a smallint column (cluster_membership), so one from
 * the kernel's ephemeral range (32768 and up, where port 0 lands) stops it at start.
 */
async function untilTrue(what: string, deadline: number, probe: () => Promise<boolean>, gone: () => string | null = () => null): Promise<void> {
  let lastError: unknown;
  for (;;) {
    const fatal = gone();
    if (fatal) throw new Error(fatal);
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} not ready in time (last error: ${String(lastError)})`);
    await sleep(250);
  }
}

/** The namespace, created when absent (the server makes none), with Tandem's search attributes. */
async function ensureNamespace(connection: Connection, namespace: string, retentionMs: number, keys: readonly SearchAttributeKey[], deadline: number): Promise<void> {
  const known = await connection.workflowService.describeNamespace({ namespace }).then(
    () => true,
    () => false,
  );
  if (!known) {
    await connection.workflowService
      .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(retentionMs) })
      .catch((error: { code?: number }) => {
        if (error.code !== 6) throw error; // ALREADY_EXISTS: another start registered it first
      });
  }
  // A new namespace reaches the other roles' caches a few seconds later; until then its calls answer NotFound.
  await untilTrue(`namespace ${namespace}`, deadline, async () => (await ensureSearchAttributes(connection, keys, namespace), true));
  await untilTrue(`search attributes of ${namespace}`, deadline, async () => (await ensureSearchAttributes(connection, keys, namespace)).length === 0);
}

export async function startTemporalCluster(options: TemporalClusterOptions): Promise<TemporalCluster> {
  const started = Date.now();
  const deadline = started + (options.readyTimeoutMs ?? 180_000);
  const log = options.log ?? (() => undefined);
  const prefix = options.databasePrefix ?? 'temporal';
  const namespace = options.namespace ?? 'default';
  const databases = { main: prefix, visibility: `${prefix}_visibility` };
  const workDir = resolve(options.workDir);
  mkdirSync(join(workDir, 'config', 'dynamicconfig'), { recursive: true });

  log(`Temporal schema in ${databases.main} and ${databases.visibility} (temporal-sql-tool)`);
  await migrateDatabase(options.superUrl, databases.main, 'postgresql/v12/temporal');
  await migrateDatabase(options.superUrl, databases.visibility, 'postgresql/v12/visibility');

  const dynamicConfigFile = join(workDir, 'config', 'dynamicconfig', 'tandem.yaml');
  // Production's settings (deploy/temporal-dynamicconfig.yaml) plus an immediate search-attribute cache, so a
  // namespace registered a moment ago takes upserts at once.
  const retentionMs = options.retentionMs ?? 90 * day;
  const shortRetention = retentionMs < day ? 'system.namespaceMinRetentionLocal:\n  - value: 1s\nhistory.retentionTimerJitterDuration:\n  - value: 1s\n' : '';
  writeFileSync(dynamicConfigFile, `${readFileSync('deploy/temporal-dynamicconfig.yaml', 'utf8')}\nsystem.forceSearchAttributesCacheRefreshOnRead:\n  - value: true\n${shortRetention}`);
  const logFile = join(workDir, 'temporal-server.log');

  // A port found free can be taken by another process before the server binds it (parallel test runs on one machine):
  // the server then exits at once, and a start on other ports is tried.
  for (let attempt = 1; ; attempt++) {
    const ports = await serverPorts(options.port);
    writeFileSync(join(workDir, 'config', 'tandem.yaml'), serverConfig(options.superUrl, databases, ports, ports.membership, dynamicConfigFile));
    const server = launchServer(workDir, logFile);
    const address = `127.0.0.1:${ports.frontend}`;
    let connection: Connection | undefined;
    try {
      await untilTrue(
        `Temporal server at ${address} (log: ${logFile})`,
        deadline,
        async () => {
          connection = await Connection.connect({ address, connectTimeout: 1_000 });
          await connection.workflowService.getSystemInfo({});
          return true;
        },
        () => (server.exitCode() === null ? null : `the Temporal server exited with ${server.exitCode()}; see ${logFile}`),
      );
      await ensureNamespace(connection!, namespace, retentionMs, options.searchAttributes ?? tandemSearchAttributes, deadline);
    } catch (error) {
      await connection?.close();
      await server.stop();
      if (attempt < 3 && options.port === undefined && readFileSync(logFile, 'utf8').includes('address already in use')) {
        log(`a port was taken before the Temporal server bound it; starting again on others (attempt ${attempt + 1})`);
        continue;
      }
      throw error;
    }
    await connection!.close();
    const startedInMs = Date.now() - started;
    log(`Temporal server v1.31.2 on Postgres ready at ${address} in ${(startedInMs / 1000).toFixed(1)} s`);
    return { address, namespace, databases, startedInMs, logFile, stop: server.stop };
  }
}

/** Nine distinct ports: the frontend's (given or free), the other roles' and the membership ring's. */
async function serverPorts(frontendPort: number | undefined) {
  const taken = new Set<number>(frontendPort === undefined ? [] : [frontendPort]);
  while (taken.size < 9) taken.add(await freePort());
  const [frontend, http, history, matching, worker, ...membership] = frontendPort === undefined ? [...taken] : [frontendPort, ...[...taken].filter((p) => p !== frontendPort)];
  return { frontend, http, history, matching, worker, membership };
}

/** The server process, its output appended to the log; stop() ends it (SIGKILL to its group after 15 s). */
function launchServer(workDir: string, logFile: string) {
  const child = spawnServer(binary('TEMPORAL_SERVER_PATH'), ['--root', workDir, '--config', 'config', '--env', 'tandem', '--allow-no-auth', 'start'], 'pipe');
  const out = createWriteStream(logFile, { flags: 'a' });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    exitCode: () => child.exitCode,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      child.stdin?.destroy();
      await new Promise<void>((r) => out.end(r));
    },
  };
}
