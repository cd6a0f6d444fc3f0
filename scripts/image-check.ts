import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { copyDockerContext } from '../libs/dev-stack/docker-context.js';
import { appRole, ensureRoles, localRolePasswords, ownerRole, roleUrl } from '../libs/dev-stack/database-roles.js';
import { startMailSink } from '../libs/dev-stack/mail-sink.js';
import { startPostgres } from '../libs/dev-stack/postgres.js';
import { untilHealthy } from '../libs/dev-stack/tandem-cluster.js';
import { freePort, startTemporalDevServer } from '../libs/dev-stack/temporal-dev-server.js';

/**
 * `npm run image:check`: the Dockerfile's steps without a Docker engine. The build context is copied honouring
 * .dockerignore; the build stage runs there (npm ci, npm run build, npm prune --omit=dev); the runtime stage's four
 * copies (package.json, node_modules, dist, apps/web/dist) go to a folder of their own; from it the migration step,
 * the API and a worker start with docker-compose.yml's commands and production variables, against a Temporal dev
 * server, Postgres (DATABASE_URL's or an embedded one) and the mail sink, until both answer /health/ready.
 * The worker is given no API secret (JWT_SECRET, ADMIN_PASSWORD): it must start without them.
 */
const log = (message: string) => console.log(`[image:check] ${new Date().toISOString().slice(11, 19)} ${message}`);
const root = resolve('.');

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env, stdio: 'inherit' });
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${code}`))));
  });
}

/** The Dockerfile's FROM lines name a Node major; this machine's Node runs the check, so they must agree in kind. */
function dockerfileNode(): string {
  const from = readFileSync(join(root, 'Dockerfile'), 'utf8').match(/^FROM node:(\d+)/m);
  if (!from) throw new Error('Dockerfile: no `FROM node:<major>` line');
  return from[1];
}

async function main(): Promise<void> {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'tandem-image-'));
  // As root, the embedded cluster runs as the postgres OS user, which must be able to reach its folder inside.
  chmodSync(work, 0o755);
  const [build, app] = [join(work, 'build'), join(work, 'app')];
  const stops: (() => Promise<unknown> | void)[] = [];
  try {
    log(`Dockerfile builds on node:${dockerfileNode()}; this check runs on Node ${process.versions.node}`);
    log(`copying the build context into ${build} (.dockerignore honoured): ${copyDockerContext(root, build)} files`);
    await run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], build);
    await run('npm', ['run', 'build'], build);
    await run('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund'], build);
    for (const part of ['package.json', 'node_modules', 'dist', 'apps/web/dist']) cpSync(join(build, part), join(app, part), { recursive: true });
    log(`image built in ${((Date.now() - started) / 1000).toFixed(0)} s; starting it`);

    const temporal = await startTemporalDevServer({ dbFile: join(work, 'temporal.db'), log });
    stops.push(() => temporal.stop());
    const postgres = await startPostgres({ dataDir: join(work, 'postgres'), port: await freePort(), database: 'postgres', durable: false, log });
    stops.push(() => postgres.stop());
    const sink = await startMailSink({ smtpPort: 0 });
    stops.push(() => sink.stop());

    // docker-compose.yml's db-roles: the two roles, and a database the owner owns.
    const passwords = localRolePasswords();
    await ensureRoles(postgres.url, passwords);
    const database = `tandem_image_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database} OWNER ${ownerRole}`);
    await admin.end();
    stops.push(async () => {
      const c = new pg.Client({ connectionString: postgres.url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await c.end();
    });

    const [apiPort, healthPort] = [await freePort(), await freePort()];
    const common: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      WORKFLOW_BUNDLE_PATH: join(app, 'dist/workflow-bundle.js'),
      DATABASE_URL: roleUrl(postgres.url, appRole, passwords.app, database),
      TEMPORAL_ADDRESS: temporal.address,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(sink.smtpPort),
      MAIL_FROM: 'tandem@image-check.local',
    };
    const apiSecrets = { JWT_SECRET: randomBytes(48).toString('base64url'), ADMIN_EMAIL: 'admin@image-check.local', ADMIN_PASSWORD: randomBytes(18).toString('base64url') };
    await run('node', ['dist/scripts/migrate.js'], app, { ...common, MIGRATION_DATABASE_URL: roleUrl(postgres.url, ownerRole, passwords.owner, database) });

    const start = (name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess => {
      const child = spawn(process.execPath, [entry], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(`[${name}] ${chunk}`));
      child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${name}] ${chunk}`));
      stops.push(() => new Promise((done) => (child.exitCode !== null ? done(undefined) : (child.once('exit', done), child.kill('SIGTERM')))));
      return child;
    };
    start('api', 'dist/apps/api/main.js', { ...common, ...apiSecrets, API_PORT: String(apiPort) });
    start('worker', 'dist/apps/worker/main.js', { ...common, WORKER_HEALTH_PORT: String(healthPort) });
    await untilHealthy(`http://127.0.0.1:${apiPort}/api/health/ready`, 120_000);
    log(`API from the image ready: http://127.0.0.1:${apiPort}/api/health/ready answered 200`);
    await untilHealthy(`http://127.0.0.1:${healthPort}/health/ready`, 120_000);
    log(`worker from the image ready (no API secrets given): :${healthPort}/health/ready answered 200`);
    const page = await fetch(`http://127.0.0.1:${apiPort}/`);
    if (!page.ok || !(await page.text()).includes('<div id="root">')) throw new Error(`the console is not served from the image (GET / answered ${page.status})`);
    log(`image check passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    for (const stop of stops.reverse()) await stop();
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}
