import { randomUUID } from 'node:crypto';
import { defaultApprovalPolicy, defaultYearPolicy, type YearPolicy } from '../../../libs/domain/index.js';
import { addPersonViaApi, draftBody, ok, type OrgPerson } from '../../support/api.js';
import type { ApiStack } from '../../support/api-stack.js';
import { pollUntil } from '../../support/poll-until.js';

export const yearEndTitle = '安全生产党员先锋岗（年终）';
export const meetingTitle = '书记项目：设备攻坚（党委会）';

/** What the year-end journey starts from: one project waiting for its self-assessment, one at its committee meeting. */
export interface YearEndSeed {
  yearEndProjectId: string;
  meetingProjectId: string;
  /** wang's step at the committee level of the meeting project, decided by a 党委会议. */
  meetingTaskId: string;
  /** Two committee members (委员) besides its secretary wang: they attend meetings, and score nothing. */
  members: OrgPerson[];
}

type Body = Record<string, unknown>;

/**
 * The year so far, through the API (as test/e2e/project-year.spec.ts walks it in full): chen's 党员先锋岗 launched
 * by zhang and li, its quarterly report accepted by li with both ratings (this year's policy has one check, to keep
 * the setup short), so it waits for chen's self-assessment; and chen's 书记项目, whose launch the policy sends to a
 * committee meeting. Wang alone scores (the panel is the committee's secretaries). The check fell due yesterday: the
 * meeting project, once active, shows it overdue.
 */
export async function seedYearEnd(running: ApiStack, year = 2026): Promise<YearEndSeed> {
  const { api, adminToken, org } = running;
  const as = (token: string) => ({
    get: async (path: string) => ok(await api.as(token).get(path)),
    post: async (path: string, body: Body = {}) => ok(await api.as(token).post(path, body, { idempotencyKey: randomUUID() })),
  });
  const [chen, zhang, li, wang] = (['chen', 'zhang', 'li', 'wang'] as const).map((key) => as(org.people[key].token));
  const tag = randomUUID().slice(0, 6);
  const members = [
    await addPersonViaApi(api, adminToken, { key: 'liu', name: '刘委员', role: 'member', orgUnitId: org.units.committee, tag }),
    await addPersonViaApi(api, adminToken, { key: 'zhao', name: '赵委员', role: 'member', orgUnitId: org.units.committee, tag }),
  ];

  const base = defaultYearPolicy(year);
  const day = 86_400_000;
  const policy: YearPolicy = {
    ...base,
    version: 'browser-year-end',
    quarterly: {
      quarters: [{ quarter: 1, dueAt: new Date(Date.now() - day).toISOString() }],
      ladder: { remindBefore: [], escalate: [] },
    },
    evaluation: { ...base.evaluation, panel: 'secretaries' },
    approval: { ...defaultApprovalPolicy, launchByKind: { ...defaultApprovalPolicy.launchByKind, secretary_project: [{ scope: 'committee', mode: 'sequential', meeting: true }] } },
  };
  ok(await api.as(adminToken).put(`/policies/${year}`, policy));

  const openTask = async (who: typeof chen, match: (t: Body) => boolean, what: string): Promise<Body> => {
    const list = await pollUntil(async () => (await who.get('/tasks')) as Body[], (tasks) => tasks.some(match), { timeoutMs: 30_000, what });
    return list.find(match)!;
  };
  const draft = async (overrides: Body) => {
    const { id } = (await chen.post('/projects', draftBody(org.units.branch, { year, ...overrides }))) as { id: string };
    await chen.post(`/projects/${id}/submit`);
    return id;
  };

  const [yearEndProjectId, meetingProjectId] = await Promise.all([
    draft({ title: yearEndTitle, goals: [{ title: '隐患排查整改', target: '每月 ≥ 4 项' }, { title: '党员带头攻关', target: '3 项技术难题' }] }),
    draft({ title: meetingTitle, kind: 'secretary_project', goals: [{ title: '关键设备故障率', target: '下降 20%' }] }),
  ]);
  const ofProject = (projectId: string, more: (t: Body) => boolean) => (t: Body) => t.projectId === projectId && more(t);
  const launch = (t: Body) => t.purpose === 'launch';

  for (const [who, name] of [[zhang, 'zhang'], [li, 'li']] as const) {
    const step = await openTask(who, ofProject(yearEndProjectId, launch), `${name}'s launch step`);
    await who.post(`/tasks/${step.id}/decision`, { decision: 'approve', comment: '同意立项' });
  }
  await openTask(chen, ofProject(yearEndProjectId, (t) => t.kind === 'report'), 'the report task');
  await chen.post(`/projects/${yearEndProjectId}/reports`, { quarter: 1, content: '第一季度：排查隐患 36 项，全部整改。' });
  const review = await openTask(li, ofProject(yearEndProjectId, (t) => t.purpose === 'report_review'), 'the review step');
  await li.post(`/tasks/${review.id}/decision`, { decision: 'approve', comment: '符合要求', ratings: { partyBuilding: 'good', business: 'fair' } });
  await openTask(chen, ofProject(yearEndProjectId, (t) => t.kind === 'self_assessment'), "chen's self-assessment task");
  const meetingTask = await openTask(wang, ofProject(meetingProjectId, launch), "wang's committee meeting step");
  return { yearEndProjectId, meetingProjectId, meetingTaskId: meetingTask.id as string, members };
}
