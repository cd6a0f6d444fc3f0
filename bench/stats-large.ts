import pg from 'pg';
import { localRolePasswords, prepareDatabase } from '../libs/dev-stack/database-roles.js';
import { startPostgres, type RunningPostgres } from '../libs/dev-stack/postgres.js';
import { freePort } from '../libs/dev-stack/temporal-dev-server.js';
import { withDatabase } from './database.js';

/** The large statistics database: its own, beside (never in) the tests' and `up`'s databases. */
export const largeDatabase = 'tandem_stats_large';

export interface LargeDatabase {
  server: RunningPostgres;
  superUrl: string;
  appUrl: string;
  ownerUrl: string;
}

/** Opens (creating and migrating when missing) the large database on DATABASE_URL's server, else the bench's embedded one. */
export async function openLargeDatabase(log: (message: string) => void, { fresh = false } = {}): Promise<LargeDatabase> {
  const server = await startPostgres({ dataDir: '.data/bench-postgres', port: await freePort(), database: 'postgres', log });
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    if (fresh) await client.query(`DROP DATABASE IF EXISTS ${largeDatabase} WITH (FORCE)`);
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [largeDatabase]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${largeDatabase}`);
  } finally {
    await client.end();
  }
  const superUrl = withDatabase(server.url, largeDatabase);
  const { appUrl, ownerUrl, applied } = await prepareDatabase(superUrl, localRolePasswords());
  if (applied.length > 0) log(`migrations applied: ${applied.join(', ')}`);
  return { server, superUrl, appUrl, ownerUrl };
}
