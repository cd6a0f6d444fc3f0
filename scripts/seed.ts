/**
 * The demo organisation `npm run up` seeds once: a committee, two general branches, four branches, people
 * with roles and two draft projects. It goes through the HTTP API like a person would, so every row is
 * validated and audited the same way.
 */
export const demoPassword = 'demo1234';

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

/** Who does what in the demo, as shown in the README and printed by `npm run up`. */
export const demoLogins = [
  ['wang@demo.tandem', '集团党委书记 (committee secretary: final launch approval, year-end scoring)'],
  ['li@demo.tandem', '生产党总支书记 (general branch secretary: first approval, quarterly review, findings)'],
  ['chen@demo.tandem', '一车间党支部委员 (project owner: submits, reports, evidence, self-assessment)'],
  ['zhang@demo.tandem', '一车间党支部书记 (branch secretary: business owner of rectification items)'],
  ['audit@demo.tandem', '纪检审计 (auditor: reads everything, changes nothing)'],
] as const;

type Json = Record<string, unknown>;

async function call(baseUrl: string, token: string | null, method: string, path: string, body?: Json): Promise<Json> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text ? (JSON.parse(text) as Json) : {};
}

async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const answer = await call(baseUrl, null, 'POST', '/auth/login', { email, password });
  return answer.accessToken as string;
}

/** Seeds only an empty organisation; returns false when units already exist. */
export async function seedDemo(baseUrl: string, admin: { email: string; password: string }): Promise<boolean> {
  const adminToken = await login(baseUrl, admin.email, admin.password);
  const existing = (await call(baseUrl, adminToken, 'GET', '/org-units')) as unknown as unknown[];
  if (existing.length > 0) return false;

  const unit = async (name: string, kind: string, parentId?: string) =>
    (await call(baseUrl, adminToken, 'POST', '/org-units', { name, kind, ...(parentId && { parentId }) })).id as string;
  const committee = await unit('集团党委', 'committee');
  const production = await unit('生产党总支', 'general_branch', committee);
  const business = await unit('经营党总支', 'general_branch', committee);
  const workshop1 = await unit('一车间党支部', 'branch', production);
  const workshop2 = await unit('二车间党支部', 'branch', production);
  const market = await unit('市场部党支部', 'branch', business);
  await unit('财务部党支部', 'branch', business);

  const ids = new Map<string, string>();
  for (const p of people) {
    const created = await call(baseUrl, adminToken, 'POST', '/people', { name: p.name, email: p.email, password: demoPassword });
    ids.set(p.key, created.id as string);
  }
  const grant = (key: string, role: string, orgUnitId?: string) =>
    call(baseUrl, adminToken, 'POST', '/role-assignments', { personId: ids.get(key), role, ...(orgUnitId && { orgUnitId }) });
  await grant('wang', 'secretary', committee);
  await grant('li', 'secretary', production);
  await grant('zhao', 'secretary', business);
  await grant('zhang', 'secretary', workshop1);
  await grant('chen', 'member', workshop1);
  await grant('sun', 'secretary', workshop2);
  await grant('liu', 'secretary', market);
  await grant('zhou', 'member', market);
  await grant('audit', 'auditor');

  const year = new Date().getFullYear();
  const chen = await login(baseUrl, 'chen@demo.tandem', demoPassword);
  await call(baseUrl, chen, 'POST', '/projects', {
    title: '安全生产党员先锋岗',
    kind: 'vanguard_post',
    year,
    orgUnitId: workshop1,
    goals: [
      { title: '设备隐患排查整改', target: '≥ 40 项' },
      { title: '全年安全事故', target: '0 起' },
    ],
  });
  const zhou = await login(baseUrl, 'zhou@demo.tandem', demoPassword);
  await call(baseUrl, zhou, 'POST', '/projects', {
    title: '市场开拓党员服务队',
    kind: 'service_team',
    year,
    orgUnitId: market,
    goals: [{ title: '走访重点客户', target: '60 家' }],
  });
  return true;
}
