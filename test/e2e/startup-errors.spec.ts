import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { temporalAddress } from '../support/temporal.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** An entry point as the image starts it, with JSON logs and the given variables; stdout and stderr apart. */
function start(entry: 'apps/api/main.ts' | 'apps/worker/main.ts', env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'development', LOG_FORMAT: 'json', LOG_LEVEL: 'info', WORKER_HEALTH_PORT: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every line of stdout must be a JSON object (what a log pipeline reading stdout parses); the last one is returned. */
function lastEvent(stdout: string): Record<string, unknown> {
  const lines = stdout.split('\n').filter((line) => line !== '');
  const events = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(events.length).toBeGreaterThan(0);
  return events.at(-1)!;
}

/**
 * An operator's log pipeline reads JSON from stdout: a process that cannot start must say why there, in one event
 * of level fatal naming the problem, and exit non-zero, not leave a stack trace on stderr that the pipeline drops.
 */
describe('a start that fails, logged as JSON', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('refuses a bad variable of the API or the worker with one fatal line naming it, and exits 1', async () => {
    // LOG_LEVEL itself refused too for the worker: the event still comes, at the default level, and names it.
    const [api, worker] = await Promise.all([
      start('apps/api/main.ts', { API_PORT: 'eighty' }),
      start('apps/worker/main.ts', { WORKER_HEALTH_PORT: '70000', LOG_LEVEL: 'loud' }),
    ]);
    expect(api.code).toBe(1);
    expect(api.stdout.trim().split('\n')).toHaveLength(1);
    expect(lastEvent(api.stdout)).toMatchObject({ level: 'fatal', service: 'api', msg: expect.stringContaining('the API did not start: Invalid environment: ') });
    expect(lastEvent(api.stdout).msg).toContain('API_PORT must be a port number, got "eighty"');
    expect(api.stderr).not.toMatch(/^\s+at /m);

    expect(worker.code).toBe(1);
    expect(worker.stdout.trim().split('\n')).toHaveLength(1);
    const event = lastEvent(worker.stdout);
    expect(event).toMatchObject({ level: 'fatal', service: 'worker', msg: expect.stringContaining('the worker did not start: Invalid environment: ') });
    expect(event.msg).toContain('WORKER_HEALTH_PORT must be a port number, got "70000"');
    expect(event.msg).toContain('LOG_LEVEL must be one of');
    expect(worker.stderr).not.toMatch(/^\s+at /m);
  });

  // Refused after the configuration was read, by what the process found: the database's role. (A port in use fails
  // the same way, but only after Nest resolves its providers, which needs tsc's decorator metadata, not tsx's.)
  it("ends a start refused by what it found (the schema owner's database role) with a fatal line as the last", async () => {
    const common = { DATABASE_URL: db.ownerUrl, TEMPORAL_ADDRESS: temporalAddress() };
    const [api, worker] = await Promise.all([
      start('apps/api/main.ts', { ...common, JWT_SECRET: randomBytes(32).toString('base64url') }),
      start('apps/worker/main.ts', common),
    ]);
    const refused = 'DATABASE_URL: the database role "tandem_owner" could switch off or rewrite the audit log';
    expect([api.code, worker.code]).toEqual([1, 1]);
    expect(lastEvent(api.stdout)).toMatchObject({ level: 'fatal', service: 'api', msg: expect.stringContaining(`the API did not start: ${refused}`) });
    expect(lastEvent(worker.stdout)).toMatchObject({ level: 'fatal', service: 'worker', msg: expect.stringContaining(`the worker did not start: ${refused}`) });
    for (const { stderr } of [api, worker]) expect(stderr).not.toMatch(/^\s+at /m);
  });
});
