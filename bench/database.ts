import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startPostgres, type RunningPostgres } from '../libs/dev-stack/postgres.js';
import { freePort } from '../libs/dev-stack/temporal-dev-server.js';

export interface BenchDatabase {
  url: string;
  name: string;
  /** The server the database lives on (for the embedded one, the cluster the bench started). */
  server: RunningPostgres;
  drop(): Promise<void>;
}

const prefix = 'tandem_bench_';

export const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A database of the bench's own: created on DATABASE_URL's server when it is set (never touching the database it
 * names), else on an embedded cluster under .data/bench-postgres. Durable like `npm run up`'s, because commit
 * flushes are part of what a decision costs in production.
 */
export async function createBenchDatabase(log: (message: string) => void): Promise<BenchDatabase> {
  const server = await startPostgres({ dataDir: '.data/bench-postgres', port: await freePort(), database: 'postgres', log });
  // DATABASE_URL itself when set: CREATE DATABASE works from any database of the server.
  const adminUrl = server.url;
  const name = `${prefix}${randomBytes(4).toString('hex')}`;
  await admin(adminUrl, async (client) => {
    if (server.startedHere) {
      // The cluster is the bench's alone: databases of runs stopped with SIGKILL go now.
      const stale = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix}%`]);
      for (const { datname } of stale.rows) await client.query(`DROP DATABASE ${client.escapeIdentifier(datname)} WITH (FORCE)`);
    }
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  });
  return { url: withDatabase(adminUrl, name), name, server, drop: () => dropDatabases(adminUrl, [name]) };
}

/** Drops the named databases of a run, connections and all; absent ones are skipped. */
export async function dropDatabases(adminUrl: string, names: string[]): Promise<void> {
  await admin(adminUrl, async (client) => {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  });
}
