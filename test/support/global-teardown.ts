import { adminQuery } from './database.js';
import type { TestServices } from './global-setup.js';

export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as { tandemTestServices?: TestServices }).tandemTestServices;
  if (!services) return;
  await adminQuery(services.adminUrl, `DROP DATABASE IF EXISTS ${services.template} WITH (FORCE)`);
  await services.stopTemporal();
  await services.stopPostgres();
}
