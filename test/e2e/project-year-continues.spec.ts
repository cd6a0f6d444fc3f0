import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditEventEntity } from '../../libs/db/entities/index.js';
import { approvalWorkflowId, defaultYearPolicy, projectWorkflowId, rectificationWorkflowId, reviewRef, type YearPolicy } from '../../libs/domain/index.js';
import { lifecycleStateQuery } from '../../workflows/project-lifecycle.messages.js';
import { adminQuery } from '../support/database.js';
import { ok, type ApiHarness, type ApiOrg, type PersonKey } from '../support/api.js';
import { closeApiStack, startApiStack } from '../support/api-stack.js';
import { pollUntil } from '../support/poll-until.js';
import type { TestStack } from '../support/stack.js';

type Body = Record<string, any>;

/**
 * An active year's history grows with every report, finding and nudge: since `year-continues-with-children` it
 * continues as new when Temporal suggests it (the test server does from 30 events), while its children run. The
 * children report their outcome to whichever run of the year is current.
 */
describe('an active project year that continues as new while its children run', () => {
  let stack: TestStack;
  let ds: DataSource;
  let api: ApiHarness;
  let org: ApiOrg;
  let adminToken: string;
  const year = 2026;

  beforeAll(async () => {
    ({ stack, api, adminToken, org } = await startApiStack());
    ({ ds } = stack);
  });

  afterAll(() => closeApiStack({ stack, api }, 'year-can'));

  type Who = PersonKey | 'admin';
  const as = (who: Who) => api.as(who === 'admin' ? adminToken : org.people[who].token);
  const post = async (who: Who, path: string, body: Body = {}) => ok(await as(who).post(path, body, { idempotencyKey: randomUUID() }));

  async function openTask(who: PersonKey, match: (t: Body) => boolean, what: string): Promise<Body> {
    const tasks = await pollUntil(async () => ok(await as(who).get('/tasks?assignee=me&status=open')) as Body[], (list) => list.some(match), { timeoutMs: 30_000, what });
    return tasks.find(match)!;
  }
  const project = async (projectId: string) => ok(await as('admin').get(`/projects/${projectId}`)) as Body;
  const waitForProject = (projectId: string, what: string, done: (p: Body) => boolean) => pollUntil(() => project(projectId), done, { timeoutMs: 60_000, what });

  it('runs Q1’s review and an item across the new run, marks the project when the item fails, and closes after the evaluation', async () => {
    // One quarter, due long after the test: the year's course is Q1's review, then the evaluation.
    const t0 = Date.now();
    const base = defaultYearPolicy(year);
    const policy: YearPolicy = {
      ...base,
      version: 'e2e-continues',
      quarterly: { quarters: [{ quarter: 1, dueAt: new Date(t0 + 3_600_000).toISOString() }], ladder: { remindBefore: [], escalate: [] } },
      rectification: { dueIn: '3600s', reopenDueIn: '3600s', ladder: { remindBefore: [], escalate: [] } },
      evaluation: { ...base.evaluation, selfAssessmentDueAt: new Date(t0 + 3_600_000).toISOString(), scoringDueIn: '3600s', ladder: { remindBefore: [], escalate: [] } },
    };
    ok(await as('admin').put(`/policies/${year}`, policy));
    const draft = ok(
      await as('chen').post('/projects', { title: '安全生产党员先锋岗（跨运行）', kind: 'vanguard_post', year, orgUnitId: org.units.branch, goals: [{ title: '隐患排查整改', target: '≥ 40 项' }] }),
    ) as Body;
    const projectId = draft.id as string;
    const yearHandle = stack.temporal.client.workflow.getHandle(projectWorkflowId(projectId));
    await post('chen', `/projects/${projectId}/submit`);
    for (const who of ['zhang', 'li'] as const) {
      const launch = await openTask(who, (t) => t.projectId === projectId && t.purpose === 'launch', `${who}'s launch step`);
      await post(who, `/tasks/${launch.id}/decision`, { decision: 'approve' });
    }
    await waitForProject(projectId, 'the project active', (p) => p.status === 'active');

    // An item whose closing the database refuses for good: it fails once it is verified, in whichever run is current.
    await adminQuery(stack.ownerUrl, `CREATE FUNCTION refuse_item_close() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'items cannot be closed today' USING ERRCODE = 'check_violation'; END $$`);
    await adminQuery(stack.ownerUrl, `CREATE TRIGGER refuse_item_close BEFORE UPDATE ON rectification_item FOR EACH ROW
      WHEN (NEW.status = 'closed') EXECUTE FUNCTION refuse_item_close()`);

    // Q1's report starts its review chain, and a finding its item; each command adds events to the year's history.
    await openTask('chen', (t) => t.projectId === projectId && t.kind === 'report', 'the Q1 report task');
    await post('chen', `/projects/${projectId}/reports`, { quarter: 1, content: '第一季度：排查隐患 12 项。' });
    const chain = stack.temporal.client.workflow.getHandle(approvalWorkflowId(reviewRef(projectId, 1, 1)));
    const chainStarted = (await pollUntil(() => chain.describe().catch(() => null), (d) => d !== null, { timeoutMs: 30_000, what: 'the Q1 review chain' }))!.startTime;
    const { itemId } = await post('li', `/projects/${projectId}/findings`, { description: '台账不全', severity: 'general', measures: '补齐台账', partyOwnerId: org.people.chen.id, businessOwnerId: org.people.zhang.id });
    const item = stack.temporal.client.workflow.getHandle(rectificationWorkflowId(itemId));
    const itemStarted = (await pollUntil(() => item.describe().catch(() => null), (d) => d !== null, { timeoutMs: 30_000, what: 'the item' }))!.startTime;
    await post('chen', `/rectifications/${itemId}/evidence`, { text: '已补齐' });

    // A run of the year starts after both children did, while both still run: the year continued as new with them.
    const since = Math.max(chainStarted.getTime(), itemStarted.getTime());
    const current = await pollUntil(() => yearHandle.describe(), (d) => d.startTime.getTime() > since, { timeoutMs: 30_000, what: 'a run of the year started after its children' });
    expect([(await chain.describe()).status.name, (await item.describe()).status.name]).toEqual(['RUNNING', 'RUNNING']);
    const runs = async () => {
      const found: string[] = [];
      for await (const run of stack.temporal.client.workflow.list({ query: `WorkflowId = '${projectWorkflowId(projectId)}'` })) found.push(run.status.name);
      return found;
    };
    expect((await runs()).filter((s) => s === 'CONTINUED_AS_NEW').length).toBeGreaterThanOrEqual(1);

    // The chain is decided in the new run: its outcome reaches that run by signal, and the quarter is accepted there.
    const review = await openTask('li', (t) => t.projectId === projectId && t.purpose === 'report_review', 'the Q1 review task');
    await post('li', `/tasks/${review.id}/decision`, { decision: 'approve', ratings: { partyBuilding: 'good', business: 'good' } });
    await pollUntil(async () => (await yearHandle.query(lifecycleStateQuery)).quarters[0].status, (s) => s === 'accepted', { timeoutMs: 30_000, what: 'Q1 accepted' });
    const signalled = (await stack.temporal.client.workflow.getHandle(projectWorkflowId(projectId), current.runId).fetchHistory()).events ?? [];
    expect(signalled.some((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'childOutcome')).toBe(true);

    // The item fails when verified: the project is marked, as in a run that never continued; the resume restarts it.
    const verification = await openTask('li', (t) => t.projectId === projectId && t.purpose === 'verification', 'the verification task');
    await post('li', `/tasks/${verification.id}/decision`, { decision: 'approve' });
    const marked = await waitForProject(projectId, 'the project marked for the item', (p) => p.attention?.step === '整改事项“台账不全”');
    expect(marked.attention.reason).toContain('items cannot be closed today');
    await adminQuery(stack.ownerUrl, `DROP TRIGGER refuse_item_close ON rectification_item`);
    await adminQuery(stack.ownerUrl, `DROP FUNCTION refuse_item_close()`);
    expect((await post('admin', `/projects/${projectId}/resume`)).workflow.attention).toBeNull();
    const again = await openTask('li', (t) => t.projectId === projectId && t.purpose === 'verification', 'the verification task, once more');
    await post('li', `/tasks/${again.id}/decision`, { decision: 'approve' });
    await pollUntil(async () => ok(await as('li').get(`/rectifications/${itemId}`)) as Body, (i) => i.status === 'closed', { timeoutMs: 30_000, what: 'the restarted item closed' });

    // The evaluation, then the year closes.
    await waitForProject(projectId, 'the project evaluating', (p) => p.status === 'evaluating');
    await openTask('chen', (t) => t.projectId === projectId && t.kind === 'self_assessment', 'the self-assessment task');
    await post('chen', `/projects/${projectId}/self-assessment`, { summary: '全年排查隐患 52 项，零事故。' });
    const scoreTask = await openTask('wang', (t) => t.projectId === projectId && t.kind === 'score', 'the score task');
    await post('wang', `/evaluations/${scoreTask.subjectId}/scores`, { politicalExecution: 22, organisationalDelivery: 23, fortressRole: 21, responsibility: 24, comment: '成效显著' });
    const signOff = await openTask('wang', (t) => t.projectId === projectId && t.purpose === 'evaluation_publish', 'the sign-off step');
    await post('wang', `/tasks/${signOff.id}/decision`, { decision: 'approve', comment: '同意发布' });
    const closed = await waitForProject(projectId, 'the project closed', (p) => p.status === 'closed');
    expect(closed.attention).toBeNull();
    // The closing run returns once the archive is started.
    await pollUntil(async () => (await yearHandle.describe()).status.name, (s) => s === 'COMPLETED', { timeoutMs: 15_000, what: 'the year completed' });

    // Each run continued only once its own history grew past the suggestion: a few runs, the last one completed.
    const all = await runs();
    expect([all.filter((s) => s === 'COMPLETED').length, all.filter((s) => s !== 'COMPLETED' && s !== 'CONTINUED_AS_NEW').length]).toEqual([1, 0]);
    expect(all.length).toBeLessThan(10);
    // One mark and one resume over all the runs: the carried counters kept the step and notice keys apart.
    const audited = (action: string) => ds.getRepository(AuditEventEntity).countBy({ projectId, action });
    expect([await audited('attention_needed'), await audited('attention_resumed'), await audited('project_closed')]).toEqual([1, 1, 1]);
  }, 300_000);
});
