import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/bootstrap.js';
import { apiPrefix } from '../../apps/api/openapi.js';
import { loadConfig, type Config } from '../../libs/config/index.js';
import { createDataSource } from '../../libs/db/data-source.js';
import { createLogger } from '../../libs/observability/logger.js';
import { PersonEntity } from '../../libs/db/entities/index.js';
import { scryptNLimits } from '../../libs/domain/index.js';
import { createTestDatabase } from './database.js';
import { pollUntil } from './poll-until.js';
import { workflowBundlePath } from './workflow-bundle.js';

/**
 * The API in-process over its own fresh database and the run's Temporal dev server, driven through HTTP with
 * supertest, plus a data source on the same database for assertions on rows (audit events, drafts). No worker:
 * add one with test/support/stack.ts when a test needs updates to complete.
 */
export interface ApiHarness {
  app: INestApplication;
  config: Config;
  /** A separate data source on the API's database, for reading what the API wrote. */
  ds: DataSource;
  /** Requests to the JSON API: paths are given without the `/api` prefix, which is added here for every test. */
  http(): Http;
  /** Requests carrying a bearer token (or none, for the guard). */
  as(token: string | null): ApiAs;
  login(email: string, password: string): Promise<string>;
  adminToken(): Promise<string>;
  close(): Promise<void>;
}

export interface UploadFile {
  name: string;
  contentType: string;
  data: Buffer;
}

export interface ApiAs {
  get(path: string): request.Test;
  post(path: string, body?: object, options?: { idempotencyKey?: string }): request.Test;
  put(path: string, body: unknown): request.Test;
  /** multipart/form-data, as a browser form sends text fields and files. */
  /** Multipart: the files go under `field` (`files` unless named). */
  upload(path: string, fields: Record<string, string>, files: UploadFile[], options?: { idempotencyKey?: string; field?: string }): request.Test;
}

/** The JSON API's base path, put before every path a test names. */
export const apiBase = `/${apiPrefix}`;

export type Http = Pick<ReturnType<typeof request>, 'get' | 'post' | 'put'>;

/**
 * The admin account createApp ensures from config. Its password is given explicitly (as ADMIN_PASSWORD), so it need
 * not be changed at first login; a test of the default passes `ADMIN_PASSWORD: undefined`.
 */
export const adminLogin = { email: 'admin@tandem.local', password: 'tandem-admin' };

/**
 * `env` overrides config variables, e.g. { TEMPORAL_TASK_QUEUE } to match a worker; DATABASE_URL wins if given.
 * Each API gets a random signing secret of its own, as `npm run up` does: no secret is shared between stacks.
 */
export async function startApi(env: NodeJS.ProcessEnv = {}, options: { logDestination?: DestinationStream } = {}): Promise<ApiHarness> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set: run tests through `npm test` (jest globalSetup starts the dev server)');
  const db = env.DATABASE_URL ? null : await createTestDatabase();
  // PASSWORD_SCRYPT_N: the least cost a stored hash may name; production's costs ~0.1 s of CPU a hash or a login, and
  // the suite's stacks make and log in hundreds of people (test/unit/password.spec.ts checks production's cost).
  // LOG_LEVEL: a request line per call would bury a failing test's output; a test that reads the lines sets it.
  // WORKFLOW_BUNDLE_PATH: a replay runs this test run's bundle, as production's API runs the build's; bundling in the
  // API would hold its event loop for seconds, and every request beside the replay would wait.
  const defaults = {
    JWT_SECRET: randomBytes(32).toString('base64url'),
    ADMIN_PASSWORD: adminLogin.password,
    PASSWORD_SCRYPT_N: String(scryptNLimits.min),
    LOG_LEVEL: 'warn',
    WORKFLOW_BUNDLE_PATH: workflowBundlePath(),
  };
  const config = loadConfig({ DATABASE_URL: db?.url, TEMPORAL_ADDRESS: address, ...defaults, ...env });
  let app: INestApplication | undefined;
  let ds: DataSource | undefined;
  try {
    app = await createApp(config, options.logDestination && createLogger(config.log, 'api', options.logDestination));
    await app.init();
    ds = await createDataSource(config.databaseUrl, { poolSize: 2, applicationName: 'tandem-test' }).initialize();
  } catch (error) {
    await app?.close();
    await db?.drop();
    throw error;
  }
  const server = app.getHttpServer();
  const http = (): Http => {
    const agent = request(server);
    return { get: (path) => agent.get(apiBase + path), post: (path) => agent.post(apiBase + path), put: (path) => agent.put(apiBase + path) };
  };
  const withKey = (req: request.Test, key: string | undefined) => (key ? req.set('idempotency-key', key) : req);
  const as = (token: string | null): ApiAs => {
    const auth = <T extends request.Test>(req: T): T => (token ? (req.set('authorization', `Bearer ${token}`) as T) : req);
    return {
      get: (path) => auth(http().get(path)),
      post: (path, body = {}, options = {}) => withKey(auth(http().post(path)), options.idempotencyKey).send(body),
      upload: (path, fields, files, options = {}) => {
        let req = withKey(auth(http().post(path)), options.idempotencyKey);
        for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
        for (const f of files) req = req.attach(options.field ?? 'files', f.data, { filename: f.name, contentType: f.contentType });
        return req;
      },
      put: (path, body) => auth(http().put(path)).send(body as object),
    };
  };
  const login = async (email: string, password: string) => ok(await http().post('/auth/login').send({ email, password })).accessToken as string;
  const harness: ApiHarness = {
    app,
    config,
    ds,
    http,
    as,
    login,
    adminToken: () => login(adminLogin.email, adminLogin.password),
    async close() {
      await app?.close();
      await ds?.destroy();
      await db?.drop();
    },
  };
  return harness;
}

/** The body of a 2xx answer; anything else fails the test with the status and body, which say what went wrong. */
export function ok(res: request.Response): any {
  if (res.status >= 300) {
    const { method, url } = (res as unknown as { request?: { method?: string; url?: string } }).request ?? {};
    throw new Error(`${method ?? ''} ${url ?? ''} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return res.body;
}

export type UnitKey = 'committee' | 'general' | 'branch' | 'otherGeneral' | 'otherBranch';
export type PersonKey = 'wang' | 'li' | 'zhang' | 'chen' | 'zhou' | 'audit';

export interface OrgPerson {
  id: string;
  name: string;
  email: string;
  password: string;
  token: string;
}

export interface ApiOrg {
  units: Record<UnitKey, string>;
  people: Record<PersonKey, OrgPerson>;
}

/**
 * A small organisation built as an admin would, through HTTP:
 *
 *   集团党委 (committee: wang secretary)
 *   ├── 生产党总支 (general: li secretary) ── 一车间党支部 (branch: zhang secretary, chen member)
 *   └── 经营党总支 (otherGeneral)          ── 市场部党支部 (otherBranch: zhou member)
 *   audit: organisation-wide auditor
 *
 * Names and e-mails carry a tag, so several organisations can live in one database; every person can log in.
 */
export async function createOrgViaApi(api: Pick<ApiHarness, 'as' | 'login'> & Partial<Pick<ApiHarness, 'ds'>>, adminToken: string, tag = randomUUID().slice(0, 6)): Promise<ApiOrg> {
  const admin = api.as(adminToken);
  const unit = async (name: string, kind: string, parentId?: string) =>
    ok(await admin.post('/org-units', { name: `${name}-${tag}`, kind, ...(parentId && { parentId }) })).id as string;
  const committee = await unit('集团党委', 'committee');
  const general = await unit('生产党总支', 'general_branch', committee);
  const branch = await unit('一车间党支部', 'branch', general);
  const otherGeneral = await unit('经营党总支', 'general_branch', committee);
  const otherBranch = await unit('市场部党支部', 'branch', otherGeneral);
  const roster: [PersonKey, string, string, string | undefined][] = [
    ['wang', '王建国', 'secretary', committee],
    ['li', '李红梅', 'secretary', general],
    ['zhang', '张卫东', 'secretary', branch],
    ['chen', '陈晓峰', 'member', branch],
    ['zhou', '周明', 'member', otherBranch],
    ['audit', '吴审计', 'auditor', undefined],
  ];
  const people = {} as Record<PersonKey, OrgPerson>;
  for (const [key, name, role, orgUnitId] of roster) people[key] = await addPersonViaApi(api, adminToken, { key, name, role, orgUnitId, tag });
  return { units: { committee, general, branch, otherGeneral, otherBranch }, people };
}

/** A person's open task that `match` picks, once it is there (a workflow opens it a moment after the request). */
export function openTaskOf(api: Pick<ApiHarness, 'as'>, person: Pick<OrgPerson, 'token'>, match: (task: Record<string, any>) => boolean, what: string): Promise<Record<string, any>> {
  return pollUntil(
    async () => (ok(await api.as(person.token).get('/tasks?assignee=me&status=open')) as Record<string, any>[]).find(match),
    (task) => task !== undefined,
    { timeoutMs: 60_000, what },
  ) as Promise<Record<string, any>>;
}

/** A draft project body for `POST /projects`; override any field. */
export const draftBody = (orgUnitId: string, overrides: Record<string, unknown> = {}) => ({
  title: '安全生产党员先锋岗',
  kind: 'vanguard_post',
  year: 2026,
  orgUnitId,
  goals: [{ title: '隐患排查整改', target: '≥ 40 项' }],
  ...overrides,
});

/**
 * One person with one role, created as an admin would, logged in. `orgUnitId` absent: an organisation-wide grant.
 * An admin-set password must be changed at first login: with the database at hand the flag is cleared as if they had
 * (test/e2e/accounts.spec.ts walks that path), two scrypt hashes fewer for each of the hundreds of people the suite
 * creates; a stack reached over HTTP alone (the cluster) sees them change it.
 */
export async function addPersonViaApi(
  api: Pick<ApiHarness, 'as' | 'login'> & Partial<Pick<ApiHarness, 'ds'>>,
  adminToken: string,
  who: { key: string; name: string; role: string; orgUnitId?: string; tag: string },
): Promise<OrgPerson> {
  const email = `${who.key}.${who.tag}@api.tandem`;
  const initial = `pass-${who.key}-1234`;
  const person = ok(await api.as(adminToken).post('/people', { name: who.name, email, password: initial }));
  ok(await api.as(adminToken).post('/role-assignments', { personId: person.id, role: who.role, ...(who.orgUnitId && { orgUnitId: who.orgUnitId }) }));
  let password = initial;
  if (api.ds) {
    await api.ds.getRepository(PersonEntity).update({ id: person.id as string }, { mustChangePassword: false });
  } else {
    password = `${initial}-own`;
    ok(await api.as(await api.login(email, initial)).post('/me/password', { currentPassword: initial, newPassword: password }));
  }
  return { id: person.id as string, name: who.name, email, password, token: await api.login(email, password) };
}

/** Someone acting through the API with their own token; `post` takes the Idempotency-Key as its third argument. */
export interface Actor {
  get(path: string): request.Test;
  post(path: string, body?: object, idempotencyKey?: string): request.Test;
  upload: ApiAs['upload'];
}

/**
 * The standard org's people and a test file's own, by key. `current` is read at each call, because a file's API and
 * extra people come into being in its beforeAll.
 */
export function castOf<K extends string>(current: () => { api: ApiHarness; org: ApiOrg; extra: Record<K, OrgPerson> }) {
  const person = (who: PersonKey | K): OrgPerson => {
    const { org, extra } = current();
    return who in org.people ? org.people[who as PersonKey] : extra[who as K];
  };
  const as = (who: PersonKey | K): Actor => {
    const client = current().api.as(person(who).token);
    return { get: client.get, post: (path, body = {}, idempotencyKey) => client.post(path, body, { idempotencyKey }), upload: client.upload };
  };
  return { person, as };
}
