import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMigrations } from '../../libs/db/migrate.js';
import { startPostgres } from '../../scripts/services/postgres.js';
import { startTemporalDevServer } from '../../scripts/services/temporal-dev-server.js';
import { adminQuery, withDatabase } from './database.js';

export interface TestServices {
  stopTemporal(): Promise<void>;
  stopPostgres(): Promise<void>;
  adminUrl: string;
  template: string;
}

const serverless = ['unit', 'replay'];

/**
 * Unit and replay tests need no servers. Jest has not parsed the path patterns into its config when global
 * setup runs, so this reads the command line: only such paths, or `--selectProjects` naming only such layers.
 */
function needsNoServers(argv: string[]): boolean {
  const selected = argv.indexOf('--selectProjects');
  if (selected >= 0) {
    const names: string[] = [];
    for (const arg of argv.slice(selected + 1)) {
      if (arg.startsWith('-')) break;
      names.push(arg);
    }
    if (names.length > 0 && names.every((n) => serverless.includes(n))) return true;
  }
  const paths = argv.slice(2).filter((a) => !a.startsWith('-') && a.includes('test/'));
  return paths.length > 0 && paths.every((p) => serverless.some((layer) => p.includes(`test/${layer}`)));
}

/**
 * Once per `npm test`: one Temporal dev server (temporary SQLite file with WAL) and one migrated template
 * database that every test file clones. Unit and replay runs need neither.
 */
export default async function globalSetup(): Promise<void> {
  if (needsNoServers(process.argv)) return;
  const log = (message: string) => console.log(`\n[global-setup] ${message}`);
  const dir = mkdtempSync(join(tmpdir(), 'tandem-test-'));
  const temporal = await startTemporalDevServer({ dbFile: join(dir, 'temporal.db'), log });
  const postgres = await startPostgres({ dataDir: '.data/postgres-test', log });
  const adminUrl = withDatabase(postgres.url, 'postgres');
  const template = `tandem_template_${process.pid}`;
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await adminQuery(adminUrl, `CREATE DATABASE ${template}`);
  await runMigrations(withDatabase(adminUrl, template));
  process.env.TEMPORAL_ADDRESS = temporal.address;
  process.env.TANDEM_TEST_PG_URL = adminUrl;
  process.env.TANDEM_TEST_DB_TEMPLATE = template;
  const services: TestServices = { stopTemporal: temporal.stop, stopPostgres: postgres.stop, adminUrl, template };
  (globalThis as { tandemTestServices?: TestServices }).tandemTestServices = services;
  log(`Temporal dev server ready in ${temporal.startedInMs} ms at ${temporal.address}; template database ${template}`);
}
