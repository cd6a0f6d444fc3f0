import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditEventEntity } from '../../libs/db/entities/index.js';
import { projectWorkflowId, rectificationWorkflowId } from '../../libs/domain/index.js';
import { lifecycleStateQuery } from '../../workflows/project-lifecycle.messages.js';
import type { MailSink } from '../../libs/dev-stack/mail-sink.js';
import { adminQuery } from '../support/database.js';
import { adminLogin, ok, type ApiHarness, type ApiOrg, type PersonKey } from '../support/api.js';
import { closeApiStack, startApiStack } from '../support/api-stack.js';
import { pollUntil } from '../support/poll-until.js';
import type { TestStack } from '../support/stack.js';

type Body = Record<string, any>;

/**
 * A step of a project's year that fails for good (here the database refuses the move to `active`, as a rule on the
 * project table would) no longer fails the year's workflow and leaves the project frozen with nobody told.
 */
describe('a project year that needs an administrator', () => {
  let stack: TestStack;
  let ds: DataSource;
  let sink: MailSink;
  let api: ApiHarness;
  let org: ApiOrg;
  let adminToken: string;

  beforeAll(async () => {
    ({ stack, api, adminToken, org } = await startApiStack());
    ({ ds, sink } = stack);
  });

  afterAll(() => closeApiStack({ stack, api }, 'resilience'));

  type Who = PersonKey | 'admin';
  const as = (who: Who) => api.as(who === 'admin' ? adminToken : org.people[who].token);

  async function decideOpenTask(who: PersonKey, projectId: string, decision: Body = { decision: 'approve' }): Promise<void> {
    const tasks = await pollUntil(
      async () => ok(await as(who).get('/tasks?assignee=me&status=open')) as Body[],
      (list) => list.some((t) => t.projectId === projectId),
      { timeoutMs: 20_000, what: `${who}'s launch step` },
    );
    const task = tasks.find((t) => t.projectId === projectId)!;
    ok(await as(who).post(`/tasks/${task.id}/decision`, decision, { idempotencyKey: randomUUID() }));
  }

  const createDraft = async (title: string) =>
    ok(
      await as('chen').post('/projects', { title, kind: 'vanguard_post', year: 2026, orgUnitId: org.units.branch, goals: [{ title: '隐患排查整改', target: '≥ 40 项' }] }),
    ) as Body;
  const waitForStatus = (projectId: string, status: string) =>
    pollUntil(async () => ok(await as('chen').get(`/projects/${projectId}`)) as Body, (p) => p.status === status, { timeoutMs: 30_000, what: `project ${status}` });

  it('marks the project, tells the admins, keeps the workflow running, and carries the year on when an admin resumes it', async () => {
    // A rule the database enforces and the workflow cannot mend by retrying: no project may become active. Put there by
    // the schema's owner: the app's own role may create no function and no trigger.
    await adminQuery(stack.ownerUrl, `CREATE FUNCTION refuse_activation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'projects cannot be activated today' USING ERRCODE = 'check_violation'; END $$`);
    await adminQuery(stack.ownerUrl, `CREATE TRIGGER refuse_activation BEFORE UPDATE ON project FOR EACH ROW
      WHEN (NEW.status = 'active' AND OLD.status IS DISTINCT FROM 'active') EXECUTE FUNCTION refuse_activation()`);

    const draft = await createDraft('安全生产党员先锋岗');
    const projectId = draft.id as string;
    expect(draft.attention).toBeNull();
    ok(await as('chen').post(`/projects/${projectId}/submit`, {}, { idempotencyKey: randomUUID() }));
    await decideOpenTask('zhang', projectId);
    await decideOpenTask('li', projectId);

    const stopped = await pollUntil(
      async () => ok(await as('chen').get(`/projects/${projectId}`)) as Body,
      (p) => p.attention !== null,
      { timeoutMs: 30_000, what: 'the project marked as needing attention' },
    );
    // The row stays at its last stage, and says which step stopped and why.
    expect(stopped.status).toBe('in_approval');
    expect(stopped.attention.step).toBe('launch decision');
    expect(stopped.attention.reason).toContain('this change conflicts with the data already stored');
    expect(stopped.attention.reason).toContain('projects cannot be activated today');
    const { status } = await stack.temporal.client.workflow.getHandle(projectWorkflowId(projectId)).describe();
    expect(status.name).toBe('RUNNING');

    const audited = async (action: string) => ds.getRepository(AuditEventEntity).countBy({ projectId, action });
    expect(await audited('attention_needed')).toBe(1);
    const toAdmin = () => sink.messages.filter((m) => m.to.includes(adminLogin.email) && m.subject === '【待处理】项目流程受阻：安全生产党员先锋岗');
    await sink.waitFor(() => toAdmin().length > 0, 15_000);
    expect(toAdmin()[0].text).toContain('projects cannot be activated today');

    // Admins find it with a filter; nobody else may use that filter or resume a year.
    const listed = ok(await as('admin').get('/projects?attention=true')) as Body[];
    expect(listed.map((p) => p.id)).toEqual([projectId]);
    expect((ok(await as('admin').get('/projects?attention=false')) as Body[]).some((p) => p.id === projectId)).toBe(false);
    expect((await as('chen').get('/projects?attention=true')).status).toBe(403);
    expect((await as('chen').post(`/projects/${projectId}/resume`, {}, { idempotencyKey: randomUUID() })).status).toBe(403);

    // The cause is removed; the admin resumes the year and the step that failed runs again.
    await adminQuery(stack.ownerUrl, `DROP TRIGGER refuse_activation ON project`);
    await adminQuery(stack.ownerUrl, `DROP FUNCTION refuse_activation()`);
    const resumed = ok(await as('admin').post(`/projects/${projectId}/resume`, {}, { idempotencyKey: randomUUID() }));
    expect(resumed.workflow.attention).toBeNull();
    const active = await waitForStatus(projectId, 'active');
    expect(active.attention).toBeNull();
    expect(await audited('attention_resumed')).toBe(1);

    // Nothing waits any more: a second resume is refused with the reason.
    const again = await as('admin').post(`/projects/${projectId}/resume`, {}, { idempotencyKey: randomUUID() });
    expect([again.status, again.body.message]).toEqual([409, 'this project is not waiting for an administrator']);
  });

  it('continues a long launch as new while it is sent back, and the next run carries the year on from there', async () => {
    const draft = await createDraft('党员先锋岗（多轮退回）');
    const projectId = draft.id as string;
    const handle = stack.temporal.client.workflow.getHandle(projectWorkflowId(projectId));
    ok(await as('chen').post(`/projects/${projectId}/submit`, {}, { idempotencyKey: randomUUID() }));
    const firstRunId = (await handle.describe()).runId;

    // Two rounds sent back: the history passes the 30 events at which the test server suggests continuing as new.
    for (let round = 1; round <= 2; round++) {
      await decideOpenTask('zhang', projectId, { decision: 'send_back', comment: `第${round}轮：目标需量化` });
      await waitForStatus(projectId, 'sent_back');
      if (round === 1) ok(await as('chen').post(`/projects/${projectId}/resubmit`, { title: '党员先锋岗（修改）' }, { idempotencyKey: randomUUID() }));
    }
    const continued = await pollUntil(() => handle.describe(), (d) => d.runId !== firstRunId, { timeoutMs: 20_000, what: 'a second run' });
    expect(continued.status.name).toBe('RUNNING');
    const first = await stack.temporal.client.workflow.getHandle(projectWorkflowId(projectId), firstRunId).describe();
    expect(first.status.name).toBe('CONTINUED_AS_NEW');

    // The new run waits for the resubmission with the year as it stood: round 2 sent back, the revised title.
    const resubmitted = ok(await as('chen').post(`/projects/${projectId}/resubmit`, {}, { idempotencyKey: randomUUID() }));
    expect([resubmitted.status, resubmitted.title, resubmitted.workflow.launchRound]).toEqual(['in_approval', '党员先锋岗（修改）', 3]);
    await decideOpenTask('zhang', projectId);
    await decideOpenTask('li', projectId);
    expect((await waitForStatus(projectId, 'active')).attention).toBeNull();
  });
  it('marks the project when a rectification item or a quarter’s due date fails, and the year carries on past them', async () => {
    const draft = await createDraft('党员先锋岗（子流程失败）');
    const projectId = draft.id as string;
    ok(await as('chen').post(`/projects/${projectId}/submit`, {}, { idempotencyKey: randomUUID() }));
    await decideOpenTask('zhang', projectId);
    await decideOpenTask('li', projectId);
    await waitForStatus(projectId, 'active');
    const attentions = () => ds.getRepository(AuditEventEntity).countBy({ projectId, action: 'attention_needed' });
    const waitForAttention = (step: string) =>
      pollUntil(async () => ok(await as('admin').get(`/projects/${projectId}`)) as Body, (p) => p.attention?.step === step, { timeoutMs: 60_000, what: `attention at ${step}` });
    const resume = async () => expect(ok(await as('admin').post(`/projects/${projectId}/resume`, {}, { idempotencyKey: randomUUID() })).workflow.attention).toBeNull();

    // An item whose closing the database refuses for good: its workflow fails, and the project says so.
    await adminQuery(stack.ownerUrl, `CREATE FUNCTION refuse_item_close() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'items cannot be closed today' USING ERRCODE = 'check_violation'; END $$`);
    await adminQuery(stack.ownerUrl, `CREATE TRIGGER refuse_item_close BEFORE UPDATE ON rectification_item FOR EACH ROW
      WHEN (NEW.status = 'closed') EXECUTE FUNCTION refuse_item_close()`);
    const { itemId } = ok(
      await as('li').post(`/projects/${projectId}/findings`, { description: '台账不全', severity: 'general', measures: '补齐台账', partyOwnerId: org.people.chen.id, businessOwnerId: org.people.zhang.id }),
    );
    ok(await as('chen').post(`/rectifications/${itemId}/evidence`, { text: '已补齐' }, { idempotencyKey: randomUUID() }));
    await decideOpenTask('li', projectId);
    const item = await waitForAttention('整改事项“台账不全”');
    expect(item.attention.reason).toContain('items cannot be closed today');
    expect(item.status).toBe('active');
    await adminQuery(stack.ownerUrl, `DROP TRIGGER refuse_item_close ON rectification_item`);
    await adminQuery(stack.ownerUrl, `DROP FUNCTION refuse_item_close()`);
    await resume();

    // The resume starts the item again, under its own id, where the ledger left it (evidence in): the verifier is asked
    // again and the item closes. The restart is audited under the admin who resumed.
    await decideOpenTask('li', projectId);
    await pollUntil(async () => ok(await as('li').get(`/rectifications/${itemId}`)) as Body, (i) => i.status === 'closed', { timeoutMs: 30_000, what: 'the restarted item closed' });
    const events = ds.getRepository(AuditEventEntity);
    const [restarted, resumedBy] = await Promise.all([events.findBy({ entityId: itemId, action: 'item_restarted' }), events.findBy({ projectId, action: 'attention_resumed' })]);
    expect(restarted.map((e) => [e.actorId, e.detail])).toEqual([[resumedBy[0].actorId, { attempt: 1, status: 'verifying', round: 1 }]]);
    const itemRuns = async () => {
      const runs: string[] = [];
      for await (const run of stack.temporal.client.workflow.list({ query: `WorkflowId = '${rectificationWorkflowId(itemId)}'` })) runs.push(run.status.name);
      return runs.sort();
    };
    expect(await pollUntil(itemRuns, (runs) => !runs.includes('RUNNING'), { timeoutMs: 10_000, what: 'the item runs listed' })).toEqual(['COMPLETED', 'FAILED']);

    // Q1's due date fails when the report arrives: the review still decides, and the resume carries the year past it.
    await adminQuery(stack.ownerUrl, `CREATE FUNCTION refuse_deadline_close() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'due dates cannot close today' USING ERRCODE = 'check_violation'; END $$`);
    await adminQuery(stack.ownerUrl, `CREATE TRIGGER refuse_deadline_close BEFORE UPDATE ON deadline FOR EACH ROW
      WHEN (NEW.kind = 'report' AND NEW.status IN ('met', 'late')) EXECUTE FUNCTION refuse_deadline_close()`);
    ok(await as('chen').post(`/projects/${projectId}/reports`, { quarter: 1, content: '第一季度报告' }, { idempotencyKey: randomUUID() }));
    await decideOpenTask('li', projectId, { decision: 'approve', ratings: { partyBuilding: 'good', business: 'good' } });
    const quarter = await waitForAttention('quarter 1 report');
    expect(quarter.attention.reason).toContain('due dates cannot close today');
    await adminQuery(stack.ownerUrl, `DROP TRIGGER refuse_deadline_close ON deadline`);
    await adminQuery(stack.ownerUrl, `DROP FUNCTION refuse_deadline_close()`);
    await resume();
    expect(await attentions()).toBe(2);

    // The year goes on: Q2 is reported and accepted, and the failed due date was not awaited again.
    ok(await as('chen').post(`/projects/${projectId}/reports`, { quarter: 2, content: '第二季度报告' }, { idempotencyKey: randomUUID() }));
    await decideOpenTask('li', projectId, { decision: 'approve', ratings: { partyBuilding: 'good', business: 'good' } });
    const year = stack.temporal.client.workflow.getHandle(projectWorkflowId(projectId));
    await pollUntil(
      async () => (await year.query(lifecycleStateQuery)).quarters.find((q) => q.quarter === 2)?.status,
      (status) => status === 'accepted',
      { timeoutMs: 30_000, what: 'Q2 accepted' },
    );
    expect(await attentions()).toBe(2);
    expect((ok(await as('admin').get(`/projects/${projectId}`)) as Body).attention).toBeNull();
    // Two failures, two resumes and two quarters through the workflows: about half a minute, longer on a loaded machine.
  }, 240_000);
});
