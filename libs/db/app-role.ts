import type { DataSource, EntityManager } from 'typeorm';

/**
 * The API and the workers connect as a role that owns nothing, so that the audit log's append-only triggers hold
 * against the app's own credentials: only a table's owner (or a superuser) may ALTER TABLE … DISABLE TRIGGER, drop the
 * table or switch triggers off for a session. The owner runs the migrations and grants the app role what follows.
 */

/** Rows written once and never changed: the app may add and read them, nothing more. */
const appendOnlyTables = ['audit_event', 'history_archive'];
/** The migrations' own bookkeeping (TypeORM): readable, so nothing but a migration run changes it. */
const readOnlyTables = ['migrations'];

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Run by the owner after every migration run, in one transaction: the app role gets SELECT, INSERT, UPDATE and
 * DELETE on every table of the schema (so a table added by a later migration is covered the moment it exists) and
 * the sequences behind them, except the tables above. Revoking everything first makes the grants exactly these,
 * whatever was granted by hand before; never TRUNCATE, REFERENCES or TRIGGER.
 */
export async function grantAppPrivileges(m: EntityManager, appRole: string): Promise<void> {
  const [{ schema }] = (await m.query('SELECT current_schema() AS schema')) as { schema: string }[];
  const [app, inSchema] = [ident(appRole), `IN SCHEMA ${ident(schema)}`];
  await m.query(`REVOKE ALL ON ALL TABLES ${inSchema} FROM ${app}`);
  await m.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES ${inSchema} TO ${app}`);
  await m.query(`REVOKE ALL ON ALL SEQUENCES ${inSchema} FROM ${app}`);
  await m.query(`GRANT USAGE, SELECT ON ALL SEQUENCES ${inSchema} TO ${app}`);
  const present: { name: string }[] = await m.query(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = ANY($2)`,
    [schema, [...appendOnlyTables, ...readOnlyTables]],
  );
  for (const { name } of present) {
    const refused = appendOnlyTables.includes(name) ? 'UPDATE, DELETE' : 'INSERT, UPDATE, DELETE';
    await m.query(`REVOKE ${refused} ON ${ident(name)} FROM ${app}`);
  }
}

interface RoleFacts {
  role: string;
  superuser: boolean;
  owned: string | null;
  canCreate: boolean;
  auditWritable: boolean;
}

/**
 * Why the connection's role could rewrite the records' history, or null when it cannot: a superuser, a member of a
 * table's owner (who may SET ROLE to it), a role that may create tables in the schema, or one that may change or
 * empty the audit log.
 */
export async function appRoleProblem(ds: DataSource): Promise<string | null> {
  const [facts] = (await ds.query(`
    SELECT current_user AS role,
      (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
      (SELECT string_agg(c.relname, ', ' ORDER BY c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND pg_has_role(current_user, c.relowner, 'MEMBER')) AS owned,
      has_schema_privilege(current_user, current_schema(), 'CREATE') AS "canCreate",
      coalesce(to_regclass('audit_event') IS NOT NULL
        AND has_table_privilege(current_user, 'audit_event', 'UPDATE, DELETE, TRUNCATE, TRIGGER'), false) AS "auditWritable"`)) as RoleFacts[];
  const reasons = [
    facts.superuser && 'it is a superuser',
    facts.owned && `it owns (or may act as the owner of) ${facts.owned.length > 200 ? `${facts.owned.slice(0, 200)}…` : facts.owned}`,
    facts.canCreate && 'it may create tables in the schema',
    facts.auditWritable && 'it may UPDATE, DELETE or TRUNCATE audit_event',
  ].filter(Boolean);
  if (reasons.length === 0) return null;
  return (
    `the database role "${facts.role}" could switch off or rewrite the audit log (${reasons.join('; ')}). ` +
    'The API and the workers must connect as a role that owns nothing, with migrations run by the owner role: see "Database roles" in README.md'
  );
}

/** At start, before anything is served: credentials that could rewrite history are a deployment mistake, not a warning. */
export async function assertAppRole(ds: DataSource): Promise<void> {
  const problem = await appRoleProblem(ds);
  if (problem) throw new Error(`DATABASE_URL: ${problem}`);
}
