import { grantAppPrivileges } from './app-role.js';
import { createDataSource } from './data-source.js';

/**
 * Applies pending migrations, each in its own transaction, connected as the schema's owner; then grants `appRole`
 * (the role of the API and the workers) what it needs on every table, new ones included. Returns the names applied.
 */
export async function runMigrations(ownerUrl: string, appRole: string): Promise<string[]> {
  const ds = await createDataSource(ownerUrl, { poolSize: 1, applicationName: 'tandem-migrate' }).initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    await ds.transaction((m) => grantAppPrivileges(m, appRole));
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
