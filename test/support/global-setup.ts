import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { localRolePasswords, prepareDatabase } from '../../libs/dev-stack/database-roles.js';
import { startPostgres, type RunningPostgres } from '../../libs/dev-stack/postgres.js';
import { freePort, startTemporalDevServer, type DevServer } from '../../libs/dev-stack/temporal-dev-server.js';
import { adminQuery, withDatabase } from './database.js';
import { buildWorkflowBundle } from './workflow-bundle.js';

/** Kept on globalThis for global-teardown, which jest runs in this same process. */
export interface TestServices {
  temporal?: DevServer;
  postgres?: RunningPostgres;
  adminUrl?: string;
  template?: string;
  tempDir: string;
}

const log = (message: string) => console.log(`[global-setup] ${message}`);

/**
 * Temporal suggests continue-as-new at 4 Ki events, which no test comes near, so the rectification item's
 * continued-as-new path would never run (nor be captured for the replay gate). A first round reaches the reopening
 * of a failed verification at event 45 (test/replay/histories/rectification/v6-rectification.json; about 51 when a
 * working-day rule asks the calendar first) and, however its workflow tasks batch, not before event 35 or so: at 30,
 * every item reopened in a test continues as new there. Rectification reads the suggestion, and so does a project's
 * year waiting for a resubmission once its history is that long; elsewhere it is a flag and nothing more.
 */
const dynamicConfig = { 'limit.historyCount.suggestContinueAsNew': 30 };

export const testServices = (): TestServices | undefined => (globalThis as { tandemTestServices?: TestServices }).tandemTestServices;

/** Stops whatever part of the services is up; used by teardown and by a setup that failed half-way. */
export async function stopTestServices(services: TestServices): Promise<void> {
  const { temporal, postgres, adminUrl, template } = services;
  if (adminUrl && template) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => undefined);
  await Promise.allSettled([temporal?.stop(), postgres?.stop()]);
  rmSync(services.tempDir, { recursive: true, force: true });
}

/**
 * The run's Postgres: DATABASE_URL when set, else an embedded cluster on a free port, so a running `npm run up`
 * (54329) never collides with tests. `npm test` starts it once for both of its lanes and hands it to them as
 * DATABASE_URL; a jest run started alone starts its own.
 */
export async function startTestPostgres(log: (message: string) => void): Promise<RunningPostgres> {
  const postgres = await startPostgres({ dataDir: '.data/postgres-test', port: await freePort(), database: 'postgres', durable: false, log });
  try {
    if (postgres.startedHere) await dropLeftovers(withDatabase(postgres.url, 'postgres'), log);
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  return postgres;
}

/** Databases left by runs that were killed before their teardown; only in a cluster no other run can be using. */
async function dropLeftovers(adminUrl: string, log: (message: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^tandem_(t|template)_'`);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`);
    if (rows.length > 0) log(`dropped ${rows.length} databases left by interrupted runs`);
  } finally {
    await client.end();
  }
}

/**
 * Once per jest run that includes workflow or e2e tests (jest.config.js attaches it to those projects only):
 * one Temporal dev server on a temporary SQLite file, one migrated template database that each test file
 * clones (test/support/database.ts), and the workflow bundle every worker loads (test/support/workflow-bundle.ts).
 * Tests find them through TEMPORAL_ADDRESS, TANDEM_TEST_PG_URL (a superuser's), TANDEM_TEST_OWNER_PG_URL and
 * TANDEM_TEST_APP_PG_URL (the two roles'), TANDEM_TEST_DB_TEMPLATE and TANDEM_TEST_WORKFLOW_BUNDLE.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const services: TestServices = { tempDir: mkdtempSync(join(tmpdir(), 'tandem-test-')) };
  (globalThis as { tandemTestServices?: TestServices }).tandemTestServices = services;
  console.log('');
  try {
    // In parallel: each server mostly waits on its own start-up (SQLite schema and services; initdb or start +
    // migrations), while webpack bundles the workflows on the CPU they leave.
    const bundleStarted = Date.now();
    const [temporal, postgres, bundle] = await Promise.allSettled([
      startTemporalDevServer({ dbFile: join(services.tempDir, 'temporal.db'), dynamicConfig, log }),
      startTestPostgres(log),
      buildWorkflowBundle(services.tempDir).then((path) => path && log(`workflow bundle in ${Date.now() - bundleStarted} ms`)),
    ]);
    if (temporal.status === 'fulfilled') services.temporal = temporal.value;
    if (postgres.status === 'fulfilled') services.postgres = postgres.value;
    if (temporal.status === 'rejected') throw temporal.reason;
    if (postgres.status === 'rejected') throw postgres.reason;
    if (bundle.status === 'rejected') throw bundle.reason;

    const adminUrl = withDatabase(postgres.value.url, 'postgres');
    // The pid keeps two runs sharing one server (DATABASE_URL in CI) from dropping each other's template.
    const template = `tandem_template_${process.pid}`;
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await adminQuery(adminUrl, `CREATE DATABASE ${template}`);
    Object.assign(services, { adminUrl, template });
    const migrationsStarted = Date.now();
    // As in production: migrated by tandem_owner, used by the tests' API and workers as tandem_app.
    const { applied, appUrl, ownerUrl } = await prepareDatabase(withDatabase(adminUrl, template), localRolePasswords());
    log(`template database ${template}: ${applied.length} migrations in ${Date.now() - migrationsStarted} ms`);

    process.env.TEMPORAL_ADDRESS = temporal.value.address;
    process.env.TANDEM_TEST_PG_URL = adminUrl;
    process.env.TANDEM_TEST_APP_PG_URL = appUrl;
    process.env.TANDEM_TEST_OWNER_PG_URL = ownerUrl;
    process.env.TANDEM_TEST_DB_TEMPLATE = template;
    log(`ready in ${Date.now() - started} ms (Temporal dev server at ${temporal.value.address} took ${temporal.value.startedInMs} ms)`);
  } catch (error) {
    await stopTestServices(services);
    throw error;
  }
}
