import { runMigrations } from '../libs/db/migrate.js';
import { startPostgres } from './services/postgres.js';

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded Postgres of `up`. */
const postgres = await startPostgres({ dataDir: '.data/postgres', log: console.log });
try {
  const applied = await runMigrations(postgres.url);
  console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'schema up to date');
} finally {
  await postgres.stop();
}
