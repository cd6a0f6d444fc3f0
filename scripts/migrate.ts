import { loadMigrationConfig } from '../libs/config/index.js';
import { runMigrations } from '../libs/db/migrate.js';
import { localRolePasswords, prepareDatabase } from '../libs/dev-stack/database-roles.js';
import { startPostgres } from '../libs/dev-stack/postgres.js';

/**
 * `npm run db:migrate`. Production: connected as MIGRATION_DATABASE_URL (the schema owner), granting DATABASE_URL's
 * role what the app needs. A local start: DATABASE_URL (a superuser's) or the embedded Postgres of `up`, from which
 * the owner and app roles are made (README.md "Database roles").
 */
const { ownerUrl, appRole } = loadMigrationConfig();
const say = (applied: string[]) => console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'schema up to date');
if (ownerUrl) {
  say(await runMigrations(ownerUrl, appRole));
} else {
  const postgres = await startPostgres({ dataDir: '.data/postgres', log: console.log });
  try {
    say((await prepareDatabase(postgres.url, localRolePasswords())).applied);
  } finally {
    await postgres.stop();
  }
}
