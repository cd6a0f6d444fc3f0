import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import proto from '@temporalio/proto';
import { searchAttributes as tandemSearchAttributes } from '../temporal/search-attributes.js';

/** The shape of `defineSearchAttributeKey(name, type)` (the SDK does not export its type from the package root). */
export interface SearchAttributeKey {
  name: string;
  type: SearchAttributeType;
}

export interface DevServerOptions {
  /** SQLite file; created with its schema when absent (its folder must exist). */
  dbFile: string;
  /** Frontend gRPC port; a free one when omitted. */
  port?: number;
  /** Web UI port. Without it the server is headless, unless `headless: false` asks for the CLI's default (port + 1000). */
  uiPort?: number;
  headless?: boolean;
  /** Defaults to the ones Tandem registers everywhere (libs/temporal/search-attributes.ts). */
  searchAttributes?: readonly SearchAttributeKey[];
  /** Our own deadline: the SDK's createLocal gives up after 5 s, which a busy 2-core machine overshoots. */
  readyTimeoutMs?: number;
  /** Server settings beside the CLI's defaults (`--dynamic-config-value KEY=<JSON>`), e.g. limits tests need reached early. */
  dynamicConfig?: Record<string, unknown>;
  log?: (message: string) => void;
}

export interface DevServer {
  /** host:port of the frontend, for Connection/NativeConnection/Client. */
  address: string;
  /** From spawn until the frontend answered and the search attributes were in place. */
  startedInMs: number;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
  /** kill -9 of the server (and its watchdog), as a crash would; the SQLite file keeps what was committed. */
  kill(): Promise<void>;
}

export function temporalCliPath(): string {
  const path = process.env.TEMPORAL_CLI_PATH;
  if (!path) throw new Error('TEMPORAL_CLI_PATH is not set: run through npm (scripts/bootstrap.mjs installs the CLI and sets it)');
  return path;
}

/**
 * A port free now, for a server started a moment later. Drawn from 20000–31999, below Linux's ephemeral range
 * (32768–60999): a port the kernel hands out (listen on 0) is also what it gives the next outgoing connection, and with
 * test lanes, browsers and Temporal opening connections all the time one of them took such a port before the server
 * bound it (EADDRINUSE). Below that range only another listener can take it.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((done) => {
      const server = createServer()
        .once('error', () => done(false))
        .listen(port, '127.0.0.1', () => server.close(() => done(true)));
    });
    if (free) return port;
  }
}

// The CLI's flag spelling of each type (`--search-attribute Name=Keyword`).
const flagType: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

// @temporalio/proto is CommonJS: under ESM its namespaces come through the default export.
const { IndexedValueType } = proto.temporal.api.enums.v1;
const indexedType = (type: SearchAttributeType) => IndexedValueType[`INDEXED_VALUE_TYPE_${type}`];

/**
 * The CLI writes `--search-attribute`s only into a namespace it creates, so a SQLite file kept from an earlier
 * version (`.data/temporal.db` of `npm run up`) lacks the ones added since: add them through the operator API.
 */
export async function ensureSearchAttributes(connection: Connection, keys: readonly SearchAttributeKey[], namespace = 'default'): Promise<string[]> {
  const { customAttributes = {} } = await connection.operatorService.listSearchAttributes({ namespace });
  const wrongType = keys.filter((key) => key.name in customAttributes && customAttributes[key.name] !== indexedType(key.type));
  if (wrongType.length > 0) {
    throw new Error(
      `search attributes registered with another type: ${wrongType.map((k) => k.name).join(', ')} (a type cannot change; use a new SQLite file)`,
    );
  }
  const missing = keys.filter((key) => !(key.name in customAttributes));
  if (missing.length > 0) {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, indexedType(key.type)])),
    });
  }
  return missing.map((key) => key.name);
}

/**
 * Runs the server under a small sh watchdog. The Go server does not notice when its parent dies, so a killed
 * jest or `npm run up` used to leave it running, holding its port and SQLite file. The watchdog reads a pipe
 * from us: end of file means we are gone, and it stops the server. SIGTERM to the watchdog is passed on,
 * and it exits with the server's status once the server has exited.
 */
const watchdog = `
exec 3<&0
"$@" </dev/null 3<&- &
server=$!
trap 'kill -TERM $server 2>/dev/null' TERM INT HUP
(while read -r _ <&3; do :; done; kill -TERM $server 2>/dev/null) &
watcher=$!
exec 3<&-
while :; do
  wait $server; status=$?
  kill -0 $server 2>/dev/null || break
done
kill $watcher 2>/dev/null
exit $status`;

/** `output: 'pipe'` keeps the server's stdout too (the Go server logs there), else only stderr is read. */
export function spawnServer(binary: string, args: string[], output: 'ignore' | 'pipe' = 'ignore') {
  if (process.platform === 'win32') return spawn(binary, args, { stdio: ['ignore', output, 'pipe'] });
  // detached: its own process group, so a terminal's Ctrl-C reaches only us (we stop it in order) and a final
  // SIGKILL can take the watchdog and the server together.
  return spawn('sh', ['-c', watchdog, 'temporal-watchdog', binary, ...args], { stdio: ['pipe', output, 'pipe'], detached: true });
}

/** Starts `temporal server start-dev` on 127.0.0.1 and resolves once it serves requests. */
export async function startTemporalDevServer(options: DevServerOptions): Promise<DevServer> {
  const started = Date.now();
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const keys = options.searchAttributes ?? tandemSearchAttributes;
  const port = options.port ?? (await freePort());
  const address = `127.0.0.1:${port}`;
  const headless = options.headless ?? options.uiPort === undefined;
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--db-filename', options.dbFile,
    // WAL: readers (visibility queries) no longer block the writer; NORMAL sync is safe with WAL and far
    // cheaper than FULL on a slow CI disk. A crash can lose the last transactions, never corrupt the file.
    '--sqlite-pragma', 'journal_mode=wal',
    '--sqlite-pragma', 'synchronous=normal',
    '--log-level', 'warn',
    ...(headless ? ['--headless'] : options.uiPort !== undefined ? ['--ui-ip', '127.0.0.1', '--ui-port', String(options.uiPort)] : ['--ui-ip', '127.0.0.1']),
    ...keys.flatMap((key) => ['--search-attribute', `${key.name}=${flagType[key.type]}`]),
    ...Object.entries(options.dynamicConfig ?? {}).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]),
  ];
  const child = spawnServer(temporalCliPath(), args);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killAll = (signal: NodeJS.Signals) => {
    try {
      if (child.pid && process.platform !== 'win32') process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      // already gone
    }
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => killAll('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    child.stdin?.destroy();
  };
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    killAll('SIGKILL');
    await exited;
    child.stdin?.destroy();
  };
  const fail = async (message: string): Promise<never> => {
    await stop();
    throw new Error(`${message}\n--- temporal server stderr (tail) ---\n${stderr || '(empty)'}`);
  };
  child.once('error', (error) => {
    stderr += `\nspawn failed: ${error.message}`;
  });

  let connection: Connection | undefined;
  let lastError: unknown;
  while (!connection) {
    if (child.exitCode !== null) return fail(`temporal dev server exited with ${child.exitCode} before it was ready`);
    if (Date.now() - started > readyTimeoutMs) return fail(`temporal dev server not ready within ${readyTimeoutMs} ms (last error: ${String(lastError)})`);
    try {
      const candidate = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await candidate.workflowService.getSystemInfo({});
        connection = candidate;
      } catch (error) {
        await candidate.close();
        throw error;
      }
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    const added = await ensureSearchAttributes(connection, keys);
    if (added.length > 0) options.log?.(`registered search attributes on an existing namespace: ${added.join(', ')}`);
  } catch (error) {
    return fail(`could not register search attributes: ${String(error)}`);
  } finally {
    await connection.close();
  }
  const startedInMs = Date.now() - started;
  options.log?.(`Temporal dev server ready at ${address} in ${startedInMs} ms`);
  return { address, startedInMs, stop, kill };
}
