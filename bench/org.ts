import { randomUUID } from 'node:crypto';
import type { Api } from './http.js';

export interface Person {
  id: string;
  token: string;
}

export interface BenchOrg {
  branchId: string;
  /** Owner of every project: submits. */
  chen: Person;
  /** 一车间党支部 secretary: the first launch level (the default template's owning branch), whose decisions are measured. */
  decider: Person;
  /** 生产党总支 secretary: the second level, whose tasks the measured decisions open. */
  next: Person;
}

/**
 * The smallest organisation whose ordinary projects have a two-level launch chain under the default templates, built through HTTP as an admin would
 * (test/support/api.ts builds the same one for the e2e tests): 集团党委 → 生产党总支 → 一车间党支部.
 */
export async function createBenchOrg(api: Api, admin: { email: string; password: string }): Promise<BenchOrg> {
  const adminToken = await api.login(admin.email, admin.password);
  const tag = randomUUID().slice(0, 6);
  const unit = async (name: string, kind: string, parentId?: string) =>
    (await api.ok('POST', '/org-units', { token: adminToken, body: { name: `${name}-${tag}`, kind, ...(parentId && { parentId }) } })).id as string;
  const committee = await unit('集团党委', 'committee');
  const general = await unit('生产党总支', 'general_branch', committee);
  const branchId = await unit('一车间党支部', 'branch', general);
  const person = async (key: string, name: string, role: string, orgUnitId: string): Promise<Person> => {
    const email = `${key}.${tag}@bench.tandem`;
    const password = `bench-${key}-1234`;
    const { id } = await api.ok('POST', '/people', { token: adminToken, body: { name, email, password } });
    await api.ok('POST', '/role-assignments', { token: adminToken, body: { personId: id, role, orgUnitId } });
    // An initial password is changed at first login before anything else, as a new person would.
    const first = await api.login(email, password);
    const changed = await api.ok('POST', '/me/password', { token: first, body: { currentPassword: password, newPassword: `${password}-own` } });
    return { id: id as string, token: changed.accessToken as string };
  };
  return {
    branchId,
    decider: await person('zhang', '张卫东', 'secretary', branchId),
    next: await person('li', '李红梅', 'secretary', general),
    chen: await person('chen', '陈晓峰', 'member', branchId),
  };
}

/** Drafts owned by chen, created ahead of any timed phase. */
export async function createDrafts(api: Api, org: BenchOrg, count: number, concurrency: number): Promise<string[]> {
  const ids: string[] = [];
  const year = new Date().getFullYear();
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const n = next++;
      const draft = await api.ok('POST', '/projects', {
        token: org.chen.token,
        body: { title: `基准项目 ${n + 1}`, kind: 'vanguard_post', year, orgUnitId: org.branchId, goals: [{ title: '隐患排查整改', target: '≥ 40 项' }] },
      });
      ids.push(draft.id as string);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return ids;
}
