import { stopTestServices, testServices } from './global-setup.js';

export default async function globalTeardown(): Promise<void> {
  const services = testServices();
  if (services) await stopTestServices(services);
}
