import { ensureConsoleBuilt } from './console-build.js';
import { seedDemo } from './seed.js';
import { localJwtSecret } from '../libs/dev-stack/local-secret.js';
import { buildForCluster, startTandemCluster } from '../libs/dev-stack/tandem-cluster.js';

/**
 * `npm run up -- --cluster`: the production topology on this machine (libs/dev-stack/tandem-cluster.ts) with the
 * demo data, on the ports `npm run up` uses, the second API instance beside the first. Ctrl-C stops everything.
 * Its data lives apart from the dev topology's: the database `tandem_cluster` and Temporal's two beside it.
 */
const log = (message: string) => console.log(`[up --cluster] ${message}`);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

const started = Date.now();
log('compiling and bundling the workflows into dist (as the image build does)…');
const built = await buildForCluster('dist');
log('building the console (only when missing or stale)…');
await ensureConsoleBuilt(log);
const admin = { email: process.env.ADMIN_EMAIL || 'admin@tandem.local', password: process.env.ADMIN_PASSWORD || 'tandem-admin-cluster' };
const cluster = await startTandemCluster({
  ...built,
  workDir: '.data/cluster',
  postgres: { dataDir: '.data/postgres' },
  database: 'tandem_cluster',
  ports: { temporal: 7233, apis: [3000, 3100], smtp: 1025, mailWeb: 1080 },
  secrets: { jwtSecret: process.env.JWT_SECRET || localJwtSecret('.data/jwt-secret', log), adminEmail: admin.email, adminPassword: admin.password },
  log,
});
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  await cluster.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
const seeded = await seedDemo(cluster.apiUrls[0], admin);
console.log(`
Tandem (cluster topology) is up in ${seconds(started)} (the processes themselves in ${(cluster.startedInMs / 1000).toFixed(1)} s).
  Console / API 1   ${cluster.apiUrls[0].replace(/\/api$/, '')}
  API 2             ${cluster.apiUrls[1].replace(/\/api$/, '')}
  Temporal          ${cluster.temporal.address} (server v1.31.2 on Postgres: ${cluster.temporal.databases.main}, ${cluster.temporal.databases.visibility}; no UI)
  Workers           ${cluster.workerHealthUrls.join('  ')}
  Mail (sent)       http://127.0.0.1:1080
  Admin login       ${admin.email}${process.env.ADMIN_PASSWORD ? '' : ` / ${admin.password}`}
  Demo data         ${seeded ? 'seeded' : 'already seeded earlier'}
  Logs              ${cluster.logDir}
Ctrl-C stops everything.`);
