import { randomUUID } from 'node:crypto';
import { createNoticesActivities } from '../../activities/notices.activities.js';
import { NoticeEntity } from '../../libs/db/entities/index.js';
import { defaultApprovalPolicy, defaultYearPolicy } from '../../libs/domain/index.js';
import { createMailer } from '../../libs/mail/mailer.js';
import type { noticeSweep } from '../../workflows/notice-sweep.workflow.js';
import { closeApiStack, startApiStack, type ApiStack } from '../support/api-stack.js';
import { castOf, draftBody, ok } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';

type Body = Record<string, unknown>;

/** Admins see every notice whose mail did not go out in time: refused, given up at the bound, or stuck pending. */
describe('GET /notices/undelivered', () => {
  let running: ApiStack;

  beforeAll(async () => {
    running = await startApiStack();
  });

  afterAll(() => closeApiStack(running ?? {}, 'notices'));

  const { person, as } = castOf(() => ({ api: running.api, org: running.org, extra: {} }));
  const undelivered = async () => ok(await running.api.as(running.adminToken).get('/notices/undelivered')) as Body[];

  it('lists a notice the server deferred until the bound, marked failed with the last answer', async () => {
    const { stack, org } = running;
    const zhou = org.people.zhou;
    stack.sink.setResponder((input) => (input.stage === 'RCPT' && input.recipient === zhou.email ? { code: 451, message: '4.7.1 try again later' } : null));
    const mailer = createMailer({ host: '127.0.0.1', port: stack.sink.smtpPort, secure: false, user: null, password: null, from: 'Tandem <tandem@test.local>' });
    try {
      const key = `test/${randomUUID()}`;
      const { sendNotice } = createNoticesActivities({ ds: stack.ds, mailer });
      expect(await sendNotice({ key, recipientId: zhou.id, kind: 'calendar_uncovered', projectId: null, data: { year: 2027, projectTitle: '先锋岗' } })).toBe('deferred');
      const listed = await pollUntil(
        async () => {
          await stack.temporal.client.workflow.execute<typeof noticeSweep>('noticeSweep', {
            taskQueue: stack.temporal.taskQueue,
            workflowId: `sweep-${randomUUID()}`,
            args: [{ delivery: { firstRetry: '1s', maxRetry: '1s', giveUpAfter: '2s' } }],
          });
          return (await undelivered()).find((n) => n.email === zhou.email);
        },
        (n) => n !== undefined,
        { timeoutMs: 20_000, what: 'the deferred notice listed for admins' },
      );
      expect([listed?.kind, listed?.mail]).toEqual(['calendar_uncovered', 'failed']);
      expect(listed?.lastError).toMatch(/^not delivered within 2s: .*451/);
    } finally {
      stack.sink.setResponder(null);
      mailer.close();
    }
  });

  it('lists a notice still pending past the bound, whose sender hangs on it', async () => {
    const { stack, org } = running;
    const repo = stack.ds.getRepository(NoticeEntity);
    const { id } = await repo.save({
      idempotencyKey: `test/${randomUUID()}`,
      recipientId: org.people.chen.id,
      email: org.people.chen.email,
      kind: 'reminder',
      projectId: null,
      subject: '【提醒】第1季度报告',
      body: '请按时提交',
      status: 'pending',
      attempts: 1,
      lastError: null,
      claimedBy: 'hung-worker:1:abcd',
      claimedUntil: new Date(Date.now() + 3_600_000),
      sentAt: null,
      readAt: null,
    });
    expect((await undelivered()).map((n) => n.id)).not.toContain(id);
    await stack.ds.query(`UPDATE notice SET created_at = now() - interval '2 hours' WHERE id = $1`, [id]);
    const listed = (await undelivered()).find((n) => n.id === id);
    expect([listed?.kind, listed?.mail, listed?.email]).toEqual(['reminder', 'pending', org.people.chen.email]);
  });

  it('answers a raised finding at once while the mail server defers, and mails its owners once it recovers', async () => {
    const { stack, api, adminToken, org } = running;
    const year = 2026;
    const base = defaultYearPolicy(year);
    // Quarterly reports far ahead and no level deadlines: only the finding's notices are mailed here.
    const quarterly = { ladder: base.quarterly.ladder, quarters: base.quarterly.quarters.map((q) => ({ ...q, dueAt: q.dueAt.replace(/^\d{4}/, '2099') })) };
    ok(await api.as(adminToken).put(`/policies/${year}`, { ...base, quarterly, version: `e2e-${randomUUID().slice(0, 8)}`, approval: { ...defaultApprovalPolicy, levelDeadline: null } }));
    const openTask = async (who: 'zhang' | 'li', projectId: string) =>
      (await pollUntil(async () => ok(await as(who).get('/tasks')) as Body[], (list) => list.some((t) => t.projectId === projectId), { timeoutMs: 20_000, what: `${who}'s task` })).find(
        (t) => t.projectId === projectId,
      ) as Body;
    const draft = ok(await as('chen').post('/projects', draftBody(org.units.branch, { title: `整改-${randomUUID().slice(0, 6)}` })));
    ok(await as('chen').post(`/projects/${draft.id}/submit`, {}, randomUUID()));
    ok(await as('zhang').post(`/tasks/${(await openTask('zhang', draft.id)).id}/decision`, { decision: 'approve' }));
    ok(await as('li').post(`/tasks/${(await openTask('li', draft.id)).id}/decision`, { decision: 'approve' }));
    await pollUntil(async () => ok(await as('chen').get(`/projects/${draft.id}`)).status, (s) => s === 'active', { timeoutMs: 20_000, what: 'the project active' });

    const owners = [person('chen').email, person('zhang').email];
    stack.sink.setResponder((input) => (input.stage === 'RCPT' && owners.includes(input.recipient) ? { code: 451, message: '4.7.1 try again later' } : null));
    const findingMails = (email: string) => stack.sink.messages.filter((m) => m.to.includes(email) && m.subject.startsWith('【整改】') && m.subject.includes(String(draft.title)));
    try {
      const started = Date.now();
      ok(await as('li').post(`/projects/${draft.id}/findings`, { description: '安全台账记录缺失', severity: 'general', measures: '补齐记录', partyOwnerId: person('chen').id, businessOwnerId: person('zhang').id }));
      // Before, the request waited for the mail server's deferrals (2 s, 4 s, 8 s … for an hour).
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(owners.map((email) => findingMails(email).length)).toEqual([0, 0]);
    } finally {
      stack.sink.setResponder(null);
    }
    await stack.sink.waitFor(() => owners.every((email) => findingMails(email).length > 0), 20_000);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(owners.map((email) => findingMails(email).length)).toEqual([1, 1]);
  });
});
