import { defaultApprovalPolicy, defaultYearPolicy, type YearPolicy } from '../../libs/domain/index.js';
import { draftBody, ok, openTaskOf, type ApiHarness, type ApiOrg } from './api.js';
import { pollUntil } from './poll-until.js';

type Body = Record<string, any>;

/** A year whose quarters and evaluation fall due an hour from now, with no reminders: it runs as fast as people act. */
export function shortYearPolicy(year: number, version: string): YearPolicy {
  const far = new Date(Date.now() + 3_600_000).toISOString();
  const base = defaultYearPolicy(year);
  const quiet = { remindBefore: [], escalate: [] };
  return {
    ...base,
    version,
    quarterly: { quarters: [1, 2, 3, 4].map((quarter) => ({ quarter, dueAt: far })), ladder: quiet },
    evaluation: { ...base.evaluation, selfAssessmentDueAt: far, scoringDueIn: '3600s', ladder: quiet },
    approval: { ...defaultApprovalPolicy, levelDeadline: null },
  };
}

/** The people of the org of test/support/api.ts acting through one API (in-process or a cluster's). */
export interface YearActors {
  api: Pick<ApiHarness, 'as'>;
  org: ApiOrg;
}

export const waitForProjectStatus = ({ api, org }: YearActors, projectId: string, status: string) =>
  pollUntil(async () => ok(await api.as(org.people.chen.token).get(`/projects/${projectId}`)).status as string, (s) => s === status, {
    timeoutMs: 60_000,
    what: `project ${status}`,
  });

/** chen's project of the branch, submitted and approved at both launch levels: its year is active. */
export async function launchShortYear(actors: YearActors, title: string, year: number): Promise<string> {
  const { api, org } = actors;
  const chen = api.as(org.people.chen.token);
  const projectId = ok(await chen.post('/projects', draftBody(org.units.branch, { title, year }))).id as string;
  ok(await chen.post(`/projects/${projectId}/submit`, {}));
  for (const who of ['zhang', 'li'] as const) {
    const task = await openTaskOf(api, org.people[who], (t) => t.projectId === projectId && t.purpose === 'launch', `launch task for ${who}`);
    ok(await api.as(org.people[who].token).post(`/tasks/${task.id}/decision`, { decision: 'approve' }));
  }
  await waitForProjectStatus(actors, projectId, 'active');
  return projectId;
}

/** An active year of launchShortYear through its four quarters and its evaluation to its close. */
export async function finishShortYear(actors: YearActors, projectId: string): Promise<void> {
  const { api, org } = actors;
  const as = (who: 'chen' | 'li' | 'wang') => api.as(org.people[who].token);
  const openTask = (who: 'chen' | 'li' | 'wang', match: (t: Body) => boolean, what: string) => openTaskOf(api, org.people[who], match, what);
  for (const quarter of [1, 2, 3, 4]) {
    await openTask('chen', (t) => t.projectId === projectId && t.kind === 'report' && String(t.subjectId) === String(quarter), `Q${quarter} report task`);
    ok(await as('chen').post(`/projects/${projectId}/reports`, { quarter, content: `第${quarter}季度：按计划完成。` }));
  }
  // The four reviews run at once; a step just decided may still be listed for a moment.
  const reviewed = new Set<string>();
  for (const quarter of [1, 2, 3, 4]) {
    const review = await openTask('li', (t) => t.projectId === projectId && t.purpose === 'report_review' && !reviewed.has(t.id), `review ${quarter}`);
    reviewed.add(review.id);
    ok(await as('li').post(`/tasks/${review.id}/decision`, { decision: 'approve', ratings: { partyBuilding: 'good', business: 'good' } }));
  }
  await waitForProjectStatus(actors, projectId, 'evaluating');
  await openTask('chen', (t) => t.projectId === projectId && t.kind === 'self_assessment', 'self-assessment task');
  ok(await as('chen').post(`/projects/${projectId}/self-assessment`, { summary: '全年目标完成。' }));
  const scoreTask = await openTask('wang', (t) => t.projectId === projectId && t.kind === 'score', 'score task');
  ok(await as('wang').post(`/evaluations/${scoreTask.subjectId}/scores`, { politicalExecution: 22, organisationalDelivery: 23, fortressRole: 21, responsibility: 24, comment: '成效显著' }));
  const signOff = await openTask('wang', (t) => t.projectId === projectId && t.purpose === 'evaluation_publish', 'the sign-off step');
  ok(await as('wang').post(`/tasks/${signOff.id}/decision`, { decision: 'approve' }));
  await waitForProjectStatus(actors, projectId, 'closed');
}
