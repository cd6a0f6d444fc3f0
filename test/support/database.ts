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

export interface TestDatabase {
  /** As the app role (tandem_app), which the API and the workers use: owns nothing, may not change the audit log. */
  url: string;
  /** As the schema's owner (tandem_owner), which runs the migrations. */
  ownerUrl: string;
  /** As a superuser, for a test that tampers with the records on purpose, as an attacker with those rights would. */
  superuserUrl: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database per test file, cloned from the template global setup migrated once
 * (immich's trick): cheap isolation without running migrations again. The clone keeps the template's owner and grants.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TANDEM_TEST_PG_URL;
  const appUrl = process.env.TANDEM_TEST_APP_PG_URL;
  const ownerUrl = process.env.TANDEM_TEST_OWNER_PG_URL;
  const template = process.env.TANDEM_TEST_DB_TEMPLATE;
  if (!adminUrl || !appUrl || !ownerUrl || !template) throw new Error('run tests through `npm test`: global setup prepares the template database');
  const name = `tandem_t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  return {
    url: withDatabase(appUrl, name),
    ownerUrl: withDatabase(ownerUrl, name),
    superuserUrl: withDatabase(adminUrl, name),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
