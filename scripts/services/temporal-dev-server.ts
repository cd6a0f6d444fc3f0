import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { searchAttributes } from '../../libs/temporal/search-attributes.js';

export interface DevServerOptions {
  /** SQLite file; created with its schema when absent. */
  dbFile: string;
  port?: number;
  /** Web UI port; omit for a headless server. */
  uiPort?: number;
  readyTimeoutMs?: number;
  log?: (message: string) => void;
}

export interface DevServer {
  address: string;
  startedInMs: number;
  stop(): Promise<void>;
}

export function temporalCliPath(): string {
  const path = process.env.TEMPORAL_CLI_PATH;
  if (!path) throw new Error('TEMPORAL_CLI_PATH is not set: run through npm (scripts/bootstrap.mjs installs the CLI and sets it)');
  return path;
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
  });

// @temporalio/proto is CommonJS: its namespaces come through the default export under ESM.
const IndexedValueType = proto.temporal.api.enums.v1.IndexedValueType;
const valueTypes = { KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD, INT: IndexedValueType.INDEXED_VALUE_TYPE_INT } as const;

/**
 * Search attributes given as flags only reach a SQLite file that is new; a persisted `.data/temporal.db`
 * from an older version needs them added through the operator service.
 */
async function registerSearchAttributes(connection: Connection): Promise<void> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
  const missing = searchAttributes.filter((key) => !(key.name in (customAttributes ?? {})));
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, valueTypes[key.type as keyof typeof valueTypes]])),
  });
}

/**
 * Starts `temporal server start-dev` and waits for it with our own deadline: the SDK's createLocal gives up
 * after 5 s, which a busy 2-core machine overshoots.
 */
export async function startTemporalDevServer(options: DevServerOptions): Promise<DevServer> {
  const started = Date.now();
  const port = options.port ?? (await freePort());
  const address = `127.0.0.1:${port}`;
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--db-filename', options.dbFile,
    '--sqlite-pragma', 'journal_mode=wal',
    '--sqlite-pragma', 'synchronous=normal',
    '--log-level', 'warn',
    ...(options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless']),
    ...searchAttributes.flatMap((key) => ['--search-attribute', `${key.name}=${key.type === 'INT' ? 'Int' : 'Keyword'}`]),
  ];
  const child = spawn(temporalCliPath(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = started + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`temporal dev server exited with ${child.exitCode}:\n${stderr}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        await registerSearchAttributes(connection);
      } finally {
        await connection.close();
      }
      const startedInMs = Date.now() - started;
      options.log?.(`Temporal dev server ready at ${address} after ${startedInMs} ms`);
      return { address, startedInMs, stop };
    } catch (error) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`temporal dev server not ready within ${options.readyTimeoutMs ?? 60_000} ms: ${String(error)}\n${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
