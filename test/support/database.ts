import { randomUUID } from 'node:crypto';
import pg from 'pg';

export const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, migrated database per test file, cloned from the template global setup migrated once
 * (immich's trick): cheap isolation without running migrations again.
 */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TANDEM_TEST_PG_URL;
  const template = process.env.TANDEM_TEST_DB_TEMPLATE;
  if (!adminUrl || !template) throw new Error('run tests through `npm test`: global setup prepares the template database');
  const name = `tandem_t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  return {
    url: withDatabase(adminUrl, name),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
