import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/bootstrap.js';
import { loadConfig } from '../../libs/config/index.js';
import { appRoleProblem } from '../../libs/db/app-role.js';
import { createDataSource } from '../../libs/db/data-source.js';
import { runMigrations } from '../../libs/db/migrate.js';
import { migrations } from '../../libs/db/migrations/index.js';
import { appendAudit } from '../../libs/db/repositories/audit.repository.js';
import { adminQuery, createTestDatabase, withDatabase, type TestDatabase } from '../support/database.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A script of the repository as `npm run` runs it (bootstrap.mjs → tsx), with the given environment. */
function runScript(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const connect = (url: string) => createDataSource(url, { poolSize: 1, applicationName: 'tandem-test' }).initialize();

/**
 * Issue 13, item 8: the API and the workers connect as tandem_app, which owns nothing, so the audit log's append-only
 * rule holds against the app's own credentials; migrations run as tandem_owner.
 */
describe('the app connects as a role that cannot switch off or rewrite the audit log', () => {
  let db: TestDatabase;
  let app: DataSource;
  let projectId: string;
  const auditRows = async () => Number(((await app.query('SELECT count(*)::int AS n FROM audit_event')) as { n: number }[])[0].n);

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await connect(db.url);
    projectId = randomUUID();
    await app.transaction((m) => appendAudit(m, { projectId, actorId: null, action: 'draft_created', entity: 'project', entityId: projectId }));
  });

  afterAll(async () => {
    await app?.destroy();
    await db?.drop();
  });

  it('writes and reads records and appends to the audit log, as the API and the workers do', async () => {
    const [{ id }] = (await app.query(`INSERT INTO org_unit (name, kind) VALUES ('一车间党支部', 'branch') RETURNING id`)) as { id: string }[];
    await app.query(`UPDATE org_unit SET name = '二车间党支部' WHERE id = $1`, [id]);
    await app.query('DELETE FROM org_unit WHERE id = $1', [id]);
    expect(await app.transaction((m) => appendAudit(m, { projectId, actorId: null, action: 'submitted', entity: 'project', entityId: projectId }))).toBe(true);
    expect(await auditRows()).toBe(2);
    expect(await appRoleProblem(app)).toBeNull();
  });

  it('may not switch the append-only triggers off, nor change, empty, drop or replace the audit log', async () => {
    const refusals: [string, string | RegExp][] = [
      ['ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete', 'must be owner of table audit_event'],
      ['ALTER TABLE audit_event DISABLE TRIGGER ALL', 'must be owner of table audit_event'],
      ['DROP TRIGGER audit_event_no_truncate ON audit_event', 'must be owner of'],
      ['SET session_replication_role = replica', 'permission denied to set parameter "session_replication_role"'],
      [`UPDATE audit_event SET action = 'approved' WHERE chain_key = '${projectId}'`, 'permission denied for table audit_event'],
      ['DELETE FROM audit_event', 'permission denied for table audit_event'],
      ['TRUNCATE audit_event', 'permission denied for table audit_event'],
      ['DROP TABLE audit_event', 'must be owner of table audit_event'],
      ['ALTER TABLE audit_event RENAME TO audit_event_old', 'must be owner of table audit_event'],
      ['CREATE TABLE audit_event_copy (LIKE audit_event)', 'permission denied for schema public'],
      ['CREATE FUNCTION nothing() RETURNS void LANGUAGE sql AS $$ SELECT $$', 'permission denied for schema public'],
      ['SET ROLE tandem_owner', 'permission denied to set role "tandem_owner"'],
      ['ALTER ROLE tandem_app SUPERUSER', /permission denied to alter role|must be superuser/],
      [`INSERT INTO migrations (timestamp, name) VALUES (1, 'Forged1')`, 'permission denied for table migrations'],
    ];
    for (const [sql, refusal] of refusals) {
      await expect(app.query(sql)).rejects.toThrow(refusal);
    }
    expect(await auditRows()).toBe(2);
  });

  it('keeps new tables within the grants: a later migration run grants the app role what it needs on them', async () => {
    const owner = await connect(db.ownerUrl);
    try {
      await owner.query('CREATE TABLE later_table (id int PRIMARY KEY GENERATED ALWAYS AS IDENTITY, note text)');
      await expect(app.query(`INSERT INTO later_table (note) VALUES ('x')`)).rejects.toThrow('permission denied for table later_table');
    } finally {
      await owner.destroy();
    }
    expect(await runMigrations(db.ownerUrl, 'tandem_app')).toEqual([]);
    await app.query(`INSERT INTO later_table (note) VALUES ('x')`);
    expect(await app.query('SELECT note FROM later_table')).toEqual([{ note: 'x' }]);
    await expect(app.query('TRUNCATE later_table')).rejects.toThrow('permission denied for table later_table');
  });

  it('refuses to start the API or a worker with credentials that could rewrite the audit log', async () => {
    for (const url of [db.superuserUrl, db.ownerUrl]) {
      const ds = await connect(url);
      try {
        expect(await appRoleProblem(ds)).toMatch(/could switch off or rewrite the audit log/);
      } finally {
        await ds.destroy();
      }
    }
    const config = loadConfig({ DATABASE_URL: db.ownerUrl, TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS, JWT_SECRET: randomBytes(32).toString('hex') });
    await expect(createApp(config)).rejects.toThrow(/DATABASE_URL: the database role "tandem_owner" could switch off or rewrite the audit log \(it owns/);
    const worker = await runScript('apps/worker/main.ts', { DATABASE_URL: db.superuserUrl, TEMPORAL_ADDRESS: '127.0.0.1:1', WORKER_HEALTH_PORT: '' });
    expect(worker.code).toBe(1);
    expect(worker.output).toMatch(/could switch off or rewrite the audit log \(it is a superuser/);
  });
});

describe('npm run db:migrate on a database one superuser migrated before the roles existed (an older `npm run up`)', () => {
  const name = `tandem_t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const adminUrl = () => process.env.TANDEM_TEST_PG_URL ?? '';

  beforeAll(() => adminQuery(adminUrl(), `CREATE DATABASE ${name}`));
  afterAll(() => adminQuery(adminUrl(), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

  it('hands every table and the trigger function to tandem_owner, applies what is pending as the owner, and lets the app in as tandem_app', async () => {
    const superuserUrl = withDatabase(adminUrl(), name);
    const legacy = await connect(superuserUrl);
    try {
      await legacy.runMigrations({ transaction: 'each' });
      await legacy.undoLastMigration({ transaction: 'each' });
    } finally {
      await legacy.destroy();
    }
    const migrated = await runScript('scripts/migrate.ts', { DATABASE_URL: superuserUrl, MIGRATION_DATABASE_URL: '' });
    expect([migrated.code, migrated.output]).toEqual([0, expect.stringContaining(`applied: ${migrations.at(-1)?.name}`)]);
    const superuser = await connect(superuserUrl);
    const app = await connect(withDatabase(process.env.TANDEM_TEST_APP_PG_URL ?? '', name));
    try {
      const owners = (await superuser.query(`
        SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace = 'public'::regnamespace
        UNION SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE pronamespace = 'public'::regnamespace`)) as { owner: string }[];
      expect(owners).toEqual([{ owner: 'tandem_owner' }]);
      expect(await appRoleProblem(app)).toBeNull();
      await app.transaction((m) => appendAudit(m, { projectId: null, actorId: null, action: 'person_added', entity: 'person' }));
      await expect(app.query('ALTER TABLE audit_event DISABLE TRIGGER ALL')).rejects.toThrow('must be owner of table audit_event');
    } finally {
      await Promise.all([superuser.destroy(), app.destroy()]);
    }
  });
});

describe('npm run db:migrate in production: the owner migrates, the app role is granted', () => {
  const name = `tandem_t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let db: Pick<TestDatabase, 'url' | 'ownerUrl'>;
  const superuserUrl = () => withDatabase(process.env.TANDEM_TEST_PG_URL ?? '', name);

  beforeAll(async () => {
    // As a DBA would: an empty database owned by the owner role, the two login roles already there (global setup).
    await adminQuery(process.env.TANDEM_TEST_PG_URL ?? '', `CREATE DATABASE ${name} OWNER tandem_owner`);
    db = { url: withDatabase(process.env.TANDEM_TEST_APP_PG_URL ?? '', name), ownerUrl: withDatabase(process.env.TANDEM_TEST_OWNER_PG_URL ?? '', name) };
  });

  afterAll(async () => {
    await adminQuery(process.env.TANDEM_TEST_PG_URL ?? '', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('refuses one URL for both, then migrates as MIGRATION_DATABASE_URL and leaves DATABASE_URL a role that owns nothing', async () => {
    const production = { NODE_ENV: 'production' };
    const same = await runScript('scripts/migrate.ts', { ...production, MIGRATION_DATABASE_URL: db.ownerUrl, DATABASE_URL: db.ownerUrl });
    expect([same.code, same.output]).toEqual([1, expect.stringContaining('both connect as "tandem_owner"')]);
    const missing = await runScript('scripts/migrate.ts', { ...production, MIGRATION_DATABASE_URL: '', DATABASE_URL: db.url });
    expect([missing.code, missing.output]).toEqual([1, expect.stringContaining('MIGRATION_DATABASE_URL is required')]);

    const migrated = await runScript('scripts/migrate.ts', { ...production, MIGRATION_DATABASE_URL: db.ownerUrl, DATABASE_URL: db.url });
    expect([migrated.code, migrated.output]).toEqual([0, expect.stringContaining(`applied: ${migrations.map((m) => m.name).join(', ')}`)]);
    const superuser = await connect(superuserUrl());
    const app = await connect(db.url);
    try {
      const owners = (await superuser.query(
        `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace = 'public'::regnamespace`,
      )) as { owner: string }[];
      expect(owners).toEqual([{ owner: 'tandem_owner' }]);
      expect(await appRoleProblem(app)).toBeNull();
      await app.transaction((m) => appendAudit(m, { projectId: null, actorId: null, action: 'person_added', entity: 'person' }));
      await expect(app.query('DELETE FROM audit_event')).rejects.toThrow('permission denied for table audit_event');
    } finally {
      await Promise.all([superuser.destroy(), app.destroy()]);
    }
  });
});
