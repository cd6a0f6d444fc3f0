import { randomBytes } from 'node:crypto';

/**
 * The demo organisation `npm run up` seeds once: a committee, two general branches, four branches, people
 * with roles and two draft projects. It goes through the HTTP API like a person would, so every row is
 * validated and audited the same way.
 */
/** A temporary password (it keeps the rules a reset's does): each demo person chooses their own at first login. */
export const demoPassword = 'demo-12345';

interface DemoPerson {
  key: string;
  name: string;
  email: string;
}

const people: DemoPerson[] = [
  { key: 'wang', name: '王建国', email: 'wang@demo.tandem' },
  { key: 'li', name: '李红梅', email: 'li@demo.tandem' },
  { key: 'zhao', name: '赵志强', email: 'zhao@demo.tandem' },
  { key: 'zhang', name: '张卫东', email: 'zhang@demo.tandem' },
  { key: 'chen', name: '陈晓峰', email: 'chen@demo.tandem' },
  { key: 'liu', name: '刘海燕', email: 'liu@demo.tandem' },
  { key: 'sun', name: '孙立新', email: 'sun@demo.tandem' },
  { key: 'zhou', name: '周明', email: 'zhou@demo.tandem' },
  { key: 'audit', name: '吴审计', email: 'audit@demo.tandem' },
];

/** The demo tree: each unit under its parent (listed first). */
export const demoUnits = [
  { key: 'committee', name: '集团党委', kind: 'committee', parent: null },
  { key: 'production', name: '生产党总支', kind: 'general_branch', parent: 'committee' },
  { key: 'business', name: '经营党总支', kind: 'general_branch', parent: 'committee' },
  { key: 'workshop1', name: '一车间党支部', kind: 'branch', parent: 'production' },
  { key: 'workshop2', name: '二车间党支部', kind: 'branch', parent: 'production' },
  { key: 'market', name: '市场部党支部', kind: 'branch', parent: 'business' },
  { key: 'finance', name: '财务部党支部', kind: 'branch', parent: 'business' },
] as const;

/** Person key, role, unit key (none: organisation-wide). */
export const demoRoles: readonly (readonly [string, string, (typeof demoUnits)[number]['key'] | null])[] = [
  ['wang', 'secretary', 'committee'],
  ['li', 'secretary', 'production'],
  ['zhao', 'secretary', 'business'],
  ['zhang', 'secretary', 'workshop1'],
  ['chen', 'member', 'workshop1'],
  ['sun', 'secretary', 'workshop2'],
  ['liu', 'secretary', 'market'],
  ['zhou', 'member', 'market'],
  ['audit', 'auditor', null],
];

/** The draft whose launch the banner and the README walk through: chen's, in 一车间党支部. */
export const demoDraft = {
  owner: 'chen',
  unit: 'workshop1',
  body: {
    title: '安全生产党员先锋岗',
    kind: 'vanguard_post',
    goals: [
      { title: '设备隐患排查整改', target: '≥ 40 项' },
      { title: '全年安全事故', target: '0 起' },
    ],
  },
} as const;

/** Who does what in the demo, as shown in the README and printed by `npm run up`. */
export const demoLogins = [
  ['chen@demo.tandem', '一车间党支部委员 (owner of the draft 安全生产党员先锋岗: submits, reports, evidence, self-assessment)'],
  ['zhang@demo.tandem', '一车间党支部书记 (branch secretary: first launch approval of that draft, business owner of rectification items)'],
  ['li@demo.tandem', '生产党总支书记 (general branch secretary: second and last launch approval of that draft, quarterly review, findings)'],
  ['wang@demo.tandem', '集团党委书记 (committee secretary: committee level of 书记项目 and 揭榜挂帅 only, year-end scoring)'],
  ['audit@demo.tandem', '纪检审计 (auditor: reads everything, changes nothing)'],
] as const;

type Json = Record<string, unknown>;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call(baseUrl: string, token: string | null, method: string, path: string, body?: Json): Promise<Json> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new HttpError(response.status, `${method} ${path} answered ${response.status}: ${text}`);
  return text ? (JSON.parse(text) as Json) : {};
}

async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const answer = await call(baseUrl, null, 'POST', '/auth/login', { email, password });
  return answer.accessToken as string;
}

/**
 * Seeds only an empty organisation; returns false when units already exist, or when the admin's password is no
 * longer the configured one (someone logged in and changed it, so this is not a first start).
 *
 * The default admin must change its password before doing anything else. The seeder does so with a throwaway
 * password, seeds, and then sets the default again as a temporary password (an admin reset, audited like any):
 * the first person to log in still has to choose their own.
 */
export async function seedDemo(baseUrl: string, admin: { email: string; password: string }): Promise<boolean> {
  let session: Json;
  try {
    session = await call(baseUrl, null, 'POST', '/auth/login', { email: admin.email, password: admin.password });
  } catch (error) {
    if (error instanceof HttpError && error.status === 401) return false;
    throw error;
  }
  if (session.mustChangePassword !== true) return seedAs(baseUrl, session.accessToken as string);
  const interim = `Seed-${randomBytes(18).toString('base64url')}`;
  const changed = await call(baseUrl, session.accessToken as string, 'POST', '/me/password', { currentPassword: admin.password, newPassword: interim });
  const token = changed.accessToken as string;
  try {
    return await seedAs(baseUrl, token);
  } finally {
    const me = await call(baseUrl, token, 'GET', '/me');
    await call(baseUrl, token, 'POST', `/people/${me.id as string}/password-reset`, { temporaryPassword: admin.password });
  }
}

async function seedAs(baseUrl: string, adminToken: string): Promise<boolean> {
  const existing = (await call(baseUrl, adminToken, 'GET', '/org-units')) as unknown as unknown[];
  if (existing.length > 0) return false;

  const units = new Map<string, string>();
  for (const { key, name, kind, parent } of demoUnits) {
    const parentId = parent && units.get(parent);
    units.set(key, (await call(baseUrl, adminToken, 'POST', '/org-units', { name, kind, ...(parentId && { parentId }) })).id as string);
  }

  const ids = new Map<string, string>();
  for (const p of people) {
    const created = await call(baseUrl, adminToken, 'POST', '/people', { name: p.name, email: p.email, password: demoPassword });
    ids.set(p.key, created.id as string);
  }
  for (const [key, role, unit] of demoRoles) {
    const orgUnitId = unit && units.get(unit);
    await call(baseUrl, adminToken, 'POST', '/role-assignments', { personId: ids.get(key), role, ...(orgUnitId && { orgUnitId }) });
  }

  const year = new Date().getFullYear();
  await asDemoPerson(baseUrl, adminToken, ids.get(demoDraft.owner) as string, `${demoDraft.owner}@demo.tandem`, (owner) =>
    call(baseUrl, owner, 'POST', '/projects', { ...demoDraft.body, year, orgUnitId: units.get(demoDraft.unit) }),
  );
  await asDemoPerson(baseUrl, adminToken, ids.get('zhou') as string, 'zhou@demo.tandem', (zhou) =>
    call(baseUrl, zhou, 'POST', '/projects', {
      title: '市场开拓党员服务队',
      kind: 'service_team',
      year,
      orgUnitId: units.get('market'),
      goals: [{ title: '走访重点客户', target: '60 家' }],
    }),
  );
  return true;
}

/**
 * Drafts are owned by whoever creates them, so the demo person does it: past the first-login change with a throwaway
 * password, and then given the demo password back as a temporary one (an admin reset, audited like any), so they
 * still choose their own at their first login.
 */
async function asDemoPerson(baseUrl: string, adminToken: string, personId: string, email: string, act: (token: string) => Promise<unknown>): Promise<void> {
  const first = await login(baseUrl, email, demoPassword);
  const interim = `Seed-${randomBytes(18).toString('base64url')}`;
  const changed = await call(baseUrl, first, 'POST', '/me/password', { currentPassword: demoPassword, newPassword: interim });
  try {
    await act(changed.accessToken as string);
  } finally {
    await call(baseUrl, adminToken, 'POST', `/people/${personId}/password-reset`, { temporaryPassword: demoPassword });
  }
}
