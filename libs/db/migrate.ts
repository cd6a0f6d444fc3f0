import { createDataSource } from './data-source.js';

/** Applies pending migrations, each in its own transaction; returns the names applied. */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const ds = await createDataSource(databaseUrl, { poolSize: 1, applicationName: 'tandem-migrate' }).initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
