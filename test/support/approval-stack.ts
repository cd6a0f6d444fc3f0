import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { defaultApprovalPolicy, defaultYearPolicy, type ApprovalPolicy } from '../../libs/domain/index.js';
import type { MailSink } from '../../libs/dev-stack/mail-sink.js';
import { closeApiStack, startApiStack, type ApiStack } from './api-stack.js';
import { addPersonViaApi, castOf, draftBody, ok, type ApiHarness, type ApiOrg, type OrgPerson, type PersonKey } from './api.js';
import { pollUntil } from './poll-until.js';

export type Body = Record<string, any>;
/** Beside the standard org: two committee members (委员) and the secretary of the other branch. */
type Extra = Record<'m1' | 'm2' | 'sun', OrgPerson>;
export type Who = PersonKey | keyof Extra;

/**
 * A test file's whole Tandem for approval chains through HTTP (started before its tests, stopped after them), the
 * standard org with the extra people, and the steps those tests take: set the year's approval policy, submit a
 * project, find a person's open step, wait for a project's status. `label` names the file's captured histories.
 */
export function approvalStack(label: string) {
  const year = 2026;
  let running: ApiStack & { extra: Extra };

  beforeAll(async () => {
    const started = await startApiStack();
    const { api, adminToken, org } = started;
    const tag = randomUUID().slice(0, 6);
    const add = (key: string, name: string, role: string, orgUnitId: string) => addPersonViaApi(api, adminToken, { key, name, role, orgUnitId, tag });
    const extra = {
      m1: await add('m1', '赵委员', 'member', org.units.committee),
      m2: await add('m2', '钱委员', 'member', org.units.committee),
      sun: await add('sun', '孙书记', 'secretary', org.units.otherBranch),
    };
    running = { ...started, extra };
  });

  afterAll(() => closeApiStack(running ?? {}, label));

  const { person, as } = castOf(() => running);
  const mailTo = (who: Who, fragment: string) => running.stack.sink.messages.filter((m) => m.to.includes(person(who).email) && m.subject.includes(fragment));

  /** Sets this year's approval policy (it travels with each project from its submission on). */
  async function approvalPolicy(overrides: Partial<ApprovalPolicy>): Promise<void> {
    const base = defaultYearPolicy(year);
    // Reports fall due long after the test: approved projects stay quiet while chains are asserted.
    const quarterly = { ladder: base.quarterly.ladder, quarters: base.quarterly.quarters.map((q) => ({ ...q, dueAt: q.dueAt.replace(/^\d{4}/, '2099') })) };
    const approval = { ...defaultApprovalPolicy, levelDeadline: null, ...overrides };
    ok(await running.api.as(running.adminToken).put(`/policies/${year}`, { ...base, quarterly, version: `e2e-${randomUUID().slice(0, 8)}`, approval }));
  }

  async function submitted(owner: Who, overrides: Body = {}, submitBody: Body = {}): Promise<string> {
    const draft = ok(await as(owner).post('/projects', draftBody(overrides.orgUnitId ?? running.org.units.branch, { title: `项目-${randomUUID().slice(0, 6)}`, ...overrides })));
    ok(await as(owner).post(`/projects/${draft.id}/submit`, submitBody, randomUUID()));
    return draft.id as string;
  }

  async function openTask(who: Who, projectId: string, what: string, match: (t: Body) => boolean = () => true): Promise<Body> {
    const tasks = await pollUntil(
      async () => ok(await as(who).get('/tasks?assignee=me&status=open')) as Body[],
      (list) => list.some((t) => t.projectId === projectId && match(t)),
      { timeoutMs: 20_000, what },
    );
    return tasks.find((t) => t.projectId === projectId && match(t)) as Body;
  }

  const noOpenTask = (who: Who, projectId: string, what: string) =>
    pollUntil(async () => ok(await as(who).get('/tasks?assignee=me&status=open')) as Body[], (list) => !list.some((t) => t.projectId === projectId), { timeoutMs: 20_000, what });

  const status = async (projectId: string) => ok(await as('chen').get(`/projects/${projectId}`)).status as string;
  const waitForStatus = (projectId: string, wanted: string) => pollUntil(() => status(projectId), (s) => s === wanted, { timeoutMs: 30_000, what: `project ${wanted}` });
  const refusal = (res: { status: number; body: Body }) => [res.status, res.body.code];

  return {
    year,
    get ds(): DataSource {
      return running.stack.ds;
    },
    get sink(): MailSink {
      return running.stack.sink;
    },
    get api(): ApiHarness {
      return running.api;
    },
    get adminToken(): string {
      return running.adminToken;
    },
    get org(): ApiOrg {
      return running.org;
    },
    person,
    as,
    mailTo,
    approvalPolicy,
    submitted,
    openTask,
    noOpenTask,
    waitForStatus,
    refusal,
  };
}
