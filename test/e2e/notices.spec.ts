import { randomUUID } from 'node:crypto';
import { createNoticesActivities } from '../../activities/notices.activities.js';
import { NoticeEntity } from '../../libs/db/entities/index.js';
import { createMailer } from '../../libs/mail/mailer.js';
import type { noticeSweep } from '../../workflows/notice-sweep.workflow.js';
import { closeApiStack, startApiStack, type ApiStack } from '../support/api-stack.js';
import { ok } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';

type Body = Record<string, unknown>;

/** Admins see every notice whose mail did not go out in time: refused, given up at the bound, or stuck pending. */
describe('GET /notices/undelivered', () => {
  let running: ApiStack;

  beforeAll(async () => {
    running = await startApiStack();
  });

  afterAll(() => closeApiStack(running ?? {}, 'notices'));

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
});
