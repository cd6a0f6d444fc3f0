import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditEventEntity } from '../../libs/db/entities/index.js';
import { projectWorkflowId } from '../../libs/domain/index.js';
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
});
