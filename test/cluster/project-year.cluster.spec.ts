import { randomUUID } from 'node:crypto';
import { Client, Connection, type HistoryAndWorkflowId } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import pg from 'pg';
import { defaultApprovalPolicy, defaultYearPolicy, type YearPolicy } from '../../libs/domain/index.js';
import type { TandemCluster } from '../../libs/dev-stack/tandem-cluster.js';
import { ok, type ApiOrg, type PersonKey } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';
import { startClusterFixture, type ClusterFixture } from './cluster-fixture.js';
import type { RemoteApi } from './remote-api.js';

type Body = Record<string, any>;

/**
 * The production topology (Temporal server v1.31.2 on Postgres, two workers, two API instances) through a project's
 * whole year over HTTP, requests spread over both APIs; one worker is killed with SIGKILL mid-year and one API is
 * stopped, and the year still closes with every decision recorded once and every notice mailed once. Then every
 * history of the project, read back from the cluster, replays against the bundle the workers ran.
 * Run by `npm run test:cluster` (scripts/test-cluster.ts), which builds dist and the bundle first.
 */
describe('a project year on the cluster topology', () => {
  let fixture: ClusterFixture;
  let cluster: TandemCluster;
  let api: RemoteApi;
  let org: ApiOrg;
  let adminToken: string;
  const year = 2026;

  beforeAll(async () => {
    // A killed worker stays down: the year must finish on the other one.
    fixture = await startClusterFixture({ keepKilledDown: true });
    ({ cluster, api, org, adminToken } = fixture);
  }, 300_000);

  afterAll(() => fixture?.close(), 120_000);

  const as = (who: PersonKey | 'admin') => api.as(who === 'admin' ? adminToken : org.people[who].token);
  const openTask = async (who: PersonKey, match: (t: Body) => boolean, what: string) =>
    (await pollUntil(async () => ok(await as(who).get('/tasks?assignee=me&status=open')) as Body[], (list) => list.some(match), { timeoutMs: 60_000, what })).find(match)!;
  const waitForStatus = (projectId: string, status: string) =>
    pollUntil(async () => ok(await as('chen').get(`/projects/${projectId}`)).status as string, (s) => s === status, { timeoutMs: 60_000, what: `project ${status}` });

  it('closes the year through a worker killed and an API stopped, each decision recorded and each notice mailed once', async () => {
    const far = new Date(Date.now() + 3_600_000).toISOString();
    const base = defaultYearPolicy(year);
    const policy: YearPolicy = {
      ...base,
      version: 'cluster-seconds',
      quarterly: { quarters: [1, 2, 3, 4].map((quarter) => ({ quarter, dueAt: far })), ladder: { remindBefore: [], escalate: [] } },
      evaluation: { ...base.evaluation, selfAssessmentDueAt: far, scoringDueIn: '1h', ladder: { remindBefore: [], escalate: [] } },
      approval: { ...defaultApprovalPolicy, launch: [{ scope: 'parent_unit', mode: 'sequential' }, { scope: 'committee', mode: 'sequential' }] },
    };
    ok(await as('admin').put(`/policies/${year}`, policy));
    let decisions = 0;
    const decide = async (who: PersonKey, task: Body, body: Body) => {
      const key = randomUUID();
      ok(await as(who).post(`/tasks/${task.id}/decision`, body, { idempotencyKey: key }));
      // The same request again, as a client retries it (through the other instance while both run): recorded once.
      ok(await as(who).post(`/tasks/${task.id}/decision`, body, { idempotencyKey: key }));
      decisions += 1;
    };

    const draft = ok(await as('chen').post('/projects', { title: '集群先锋岗', kind: 'vanguard_post', year, orgUnitId: org.units.branch, goals: [{ title: '隐患排查整改', target: '≥ 40 项' }] }));
    const projectId = draft.id as string;
    ok(await as('chen').post(`/projects/${projectId}/submit`, {}, { idempotencyKey: randomUUID() }));
    await decide('li', await openTask('li', (t) => t.projectId === projectId && t.purpose === 'launch', 'launch task for li'), { decision: 'approve' });
    await decide('wang', await openTask('wang', (t) => t.projectId === projectId && t.purpose === 'launch', 'launch task for wang'), { decision: 'approve', comment: '同意' });
    await waitForStatus(projectId, 'active');

    const rated = { partyBuilding: 'good', business: 'fair' };
    for (const quarter of [1, 2, 3, 4]) {
      await openTask('chen', (t) => t.projectId === projectId && t.kind === 'report' && String(t.subjectId ?? t.quarter) === String(quarter), `Q${quarter} report task`);
      ok(await as('chen').post(`/projects/${projectId}/reports`, { quarter, content: `第${quarter}季度：排查隐患 ${quarter * 10} 项。` }));
      // Mid-year, with a review being opened: kill -9 one worker, as a crashed host would; it is not restarted.
      if (quarter === 1) expect(cluster.workers[0].signal('SIGKILL')).toBe(true);
      await decide('li', await openTask('li', (t) => t.projectId === projectId && t.purpose === 'report_review', `Q${quarter} review task`), { decision: 'approve', ratings: rated });
      // Then one API instance is stopped, as a rolling deploy does; the rotation sends everything to the other.
      if (quarter === 2) {
        api.retire(cluster.apiUrls[1]);
        await cluster.apis[1].stop();
      }
    }
    await waitForStatus(projectId, 'evaluating');
    await openTask('chen', (t) => t.projectId === projectId && t.kind === 'self_assessment', 'self-assessment task');
    ok(await as('chen').post(`/projects/${projectId}/self-assessment`, { summary: '全年排查隐患 100 项。' }));
    const scoreTask = await openTask('wang', (t) => t.projectId === projectId && t.kind === 'score', 'score task');
    ok(await as('wang').post(`/evaluations/${scoreTask.subjectId}/scores`, { politicalExecution: 22, organisationalDelivery: 23, fortressRole: 21, responsibility: 24, comment: '成效显著' }));
    await decide('wang', await openTask('wang', (t) => t.projectId === projectId && t.purpose === 'evaluation_publish', 'sign-off'), { decision: 'approve' });
    await waitForStatus(projectId, 'closed');

    expect([cluster.workers[0].current, cluster.apis[1].current]).toEqual([null, null]);
    expect([...api.served.values()].every((n) => n > 10)).toBe(true);

    const db = new pg.Client({ connectionString: cluster.databaseUrl });
    await db.connect();
    try {
      const perTask = (await db.query<{ task_id: string; n: number }>('SELECT task_id, count(*)::int AS n FROM decision WHERE project_id = $1 GROUP BY task_id', [projectId])).rows;
      expect([perTask.length, perTask.filter((r) => r.n !== 1)]).toEqual([decisions, []]);
      const notices = await pollUntil(
        async () => (await db.query<{ key: string; status: string }>('SELECT idempotency_key AS key, status FROM notice WHERE project_id = $1', [projectId])).rows,
        (rows) => rows.length > 0 && rows.every((n) => n.status === 'sent') && rows.every((n) => cluster.sink.messages.some((m) => m.noticeKey === n.key)),
        { timeoutMs: 60_000, what: 'every notice of the project sent and received' },
      );
      const keys = new Set(notices.map((n) => n.key));
      const mailed = cluster.sink.messages.filter((m) => m.noticeKey && keys.has(m.noticeKey)).map((m) => m.noticeKey);
      expect([mailed.length, new Set(mailed).size]).toEqual([notices.length, notices.length]);
    } finally {
      await db.end();
    }

    // Every history of the project as the auditors export it (the lifecycle, its chains and children, every run),
    // and the lifecycle found through the cluster's Postgres visibility store, replay against the workers' bundle.
    const exported = ok(await as('audit').get(`/audit/projects/${projectId}/histories`)).workflows as Body[];
    const histories: HistoryAndWorkflowId[] = exported.flatMap((w) => (w.runs as Body[]).map((run) => ({ workflowId: w.workflowId as string, history: historyFromJSON(run.history) })));
    const connection = await Connection.connect({ address: cluster.temporal.address });
    try {
      const client = new Client({ connection, namespace: cluster.temporal.namespace });
      for await (const found of client.workflow.list({ query: `ProjectId = "${projectId}"` }).intoHistories()) histories.push(found);
    } finally {
      await connection.close();
    }
    const replayed: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: process.env.CLUSTER_BUNDLE! } }, histories)) {
      expect([result.workflowId, result.error ?? null]).toEqual([result.workflowId, null]);
      replayed.push(result.workflowId);
    }
    expect(replayed).toEqual(expect.arrayContaining([`project-${projectId}`, `evaluation-${projectId}`, `approval-publish-${projectId}`]));
    expect(replayed.filter((id) => id === `project-${projectId}`).length).toBeGreaterThanOrEqual(2);
  }, 600_000);
});
