import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { runMigrations } from '../db/migrate.js';

/**
 * The two roles of a local start, a test run or a bench, made from a superuser's URL (an embedded cluster's, or
 * DATABASE_URL when it names a superuser): `tandem_owner` owns the schema and runs the migrations, `tandem_app` is
 * what the API and the workers connect as. Production creates its roles itself and passes both URLs (README).
 *
 * Roles belong to the whole cluster, which many test databases and several test runs (other checkouts among them)
 * share at once: they are created under a lock, never dropped, and their passwords are only changed when ours do
 * not work (a new checkout, or a deleted .data folder, against a server that checks passwords).
 */
export const ownerRole = 'tandem_owner';
export const appRole = 'tandem_app';

export interface RolePasswords {
  owner: string;
  app: string;
}

/** Kept with the local data, readable by its user only, like the other generated local secrets. */
const passwordFile = '.data/postgres-roles.json';

/**
 * This checkout's role passwords, generated on first use. The file appears whole or not at all (linked into place
 * from a complete temporary file), so two runs starting together agree on one pair.
 */
export function localRolePasswords(file = passwordFile): RolePasswords {
  const read = () => JSON.parse(readFileSync(file, 'utf8')) as RolePasswords;
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const fresh: RolePasswords = { owner: randomBytes(24).toString('base64url'), app: randomBytes(24).toString('base64url') };
  writeFileSync(draft, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600 });
  chmodSync(draft, 0o600); // the umask may have taken bits away, never added them; this makes the mode exact
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(draft, { force: true });
  }
  return read();
}

/** `url` with another user, password and (optionally) database: the server and its options stay. */
export function roleUrl(url: string, role: string, password: string, database?: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(role);
  parsed.password = encodeURIComponent(password);
  if (database !== undefined) parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function connected<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'tandem-roles' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Whether `url` lets us in; only a refused password (28P01) is a no, anything else is a real failure. */
async function logsIn(url: string): Promise<boolean> {
  try {
    await connected(url, async () => undefined);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '28P01') return false;
    throw error;
  }
}

/** One key for every run on the server, so two runs never create or re-key a role at the same moment. */
const rolesLock = 'tandem:database-roles';
/** Another run created the role first (42710 once committed, 23505 when both inserted at once). */
const alreadyThere = (error: unknown) => ['42710', '23505'].includes((error as { code?: string }).code ?? '');

/**
 * Creates the two roles when missing, from a superuser's (or CREATEROLE) connection; idempotent and safe beside
 * other runs. The app role gets no attribute beyond LOGIN: no superuser, no CREATEDB, no CREATEROLE, no BYPASSRLS.
 */
export async function ensureRoles(superUrl: string, passwords: RolePasswords): Promise<void> {
  const wanted = [
    [ownerRole, passwords.owner],
    [appRole, passwords.app],
  ] as const;
  const work = async (client: pg.Client) => {
    const [me] = (await client.query<{ name: string; allowed: boolean }>(
      'SELECT rolname AS name, rolsuper OR rolcreaterole AS allowed FROM pg_roles WHERE rolname = current_user',
    )).rows;
    if (!me.allowed) {
      throw new Error(
        `${me.name} (DATABASE_URL) may not create roles, so the owner and app roles cannot be made from it: give a superuser's URL ` +
          'for a local start, or in production MIGRATION_DATABASE_URL (the owner) and DATABASE_URL (the app) as README.md "Database roles" says',
      );
    }
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [rolesLock]);
    try {
      for (const [role, password] of wanted) {
        const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount === 1;
        if (exists) {
          if (!(await logsIn(roleUrl(superUrl, role, password)))) {
            await client.query(`ALTER ROLE ${client.escapeIdentifier(role)} PASSWORD ${client.escapeLiteral(password)}`);
          }
          continue;
        }
        await client.query(`CREATE ROLE ${client.escapeIdentifier(role)} LOGIN PASSWORD ${client.escapeLiteral(password)}`).catch((error: unknown) => {
          if (!alreadyThere(error)) throw error;
        });
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [rolesLock]);
    }
  };
  // Advisory locks belong to one database: every run takes this one in the maintenance database, whichever database
  // its URL names. A server without one falls back to the URL's, where a lost race still ends in a duplicate error.
  const maintenance = new URL(superUrl);
  maintenance.pathname = '/postgres';
  await connected(maintenance.toString(), work).catch((error: unknown) => {
    if ((error as { code?: string }).code !== '3D000') throw error;
    return connected(superUrl, work);
  });
}

/**
 * Lets the owner role build in the database `superUrl` names: CREATE on its schema, and ownership of what the
 * superuser created there (a database migrated before roles were split). The schema's CREATE is taken from
 * PUBLIC, which PostgreSQL 14 and older still grant, so the app role cannot create tables of its own.
 */
async function handOverSchema(superUrl: string): Promise<void> {
  await connected(superUrl, async (client) => {
    const schema = client.escapeIdentifier((await client.query<{ s: string }>('SELECT current_schema() AS s')).rows[0].s);
    await client.query(`REVOKE CREATE ON SCHEMA ${schema} FROM PUBLIC`);
    await client.query(`GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${ownerRole}`);
    const { rows } = await client.query<{ statement: string }>(
      `SELECT format('ALTER %s %s OWNER TO ${ownerRole}', CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, c.oid::regclass) AS statement
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
          AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
       UNION ALL
       SELECT format('ALTER FUNCTION %s OWNER TO ${ownerRole}', p.oid::regprocedure)
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = current_schema() AND p.proowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)`,
    );
    for (const { statement } of rows) await client.query(statement);
  });
}

export interface PreparedDatabase {
  /** What the API and the workers connect with. */
  appUrl: string;
  /** The schema owner's: migrations, and tests that tamper with the audit log on purpose. */
  ownerUrl: string;
  applied: string[];
}

/** From a superuser's URL of an existing database: the roles, the schema handed to the owner, migrations and grants. */
export async function prepareDatabase(superUrl: string, passwords: RolePasswords): Promise<PreparedDatabase> {
  await ensureRoles(superUrl, passwords);
  await handOverSchema(superUrl);
  const ownerUrl = roleUrl(superUrl, ownerRole, passwords.owner);
  const applied = await runMigrations(ownerUrl, appRole);
  return { appUrl: roleUrl(superUrl, appRole, passwords.app), ownerUrl, applied };
}
