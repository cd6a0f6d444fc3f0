import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { createNoticesActivities, inDoubtReason, messageIdFor } from '../../activities/notices.activities.js';
import { createDataSource } from '../../libs/db/data-source.js';
import { DeadlineEntity, NoticeEntity, ProjectEntity, YearPolicyEntity } from '../../libs/db/entities/index.js';
import { approvalWorkflowId, deadlineWorkflowId, defaultYearPolicy, levelDueRef, type LevelSpec, type NoticeRequest } from '../../libs/domain/index.js';
import { createMailer, type Mailer } from '../../libs/mail/mailer.js';
import type { MailSink } from '../../libs/dev-stack/mail-sink.js';
import type { approvalChain } from '../../workflows/approval-chain.workflow.js';
import { chainStateQuery, decideUpdate, type ApprovalChainInput, type ChainView } from '../../workflows/approval-chain.messages.js';
import type { deadline } from '../../workflows/deadline.workflow.js';
import { satisfySignal, type DeadlineInput } from '../../workflows/deadline.messages.js';
import type { noticeSweep } from '../../workflows/notice-sweep.workflow.js';
import { createOrgFixture, createProjectRow, type OrgFixture } from '../support/org-fixture.js';
import { pollUntil } from '../support/poll-until.js';
import { createTestStack, noticeSweepIdOf, type TestStack } from '../support/stack.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import type { TemporalHarness } from '../support/temporal.js';

/**
 * Mail off the critical path: every attempt at a notice is claimed first, a deferring server holds no ladder and no
 * chain, the sweeper delivers when the server recovers, and gives up (for admins to see) at the bound.
 */
describe('notices', () => {
  let stack: TestStack;
  let ds: DataSource;
  let sink: MailSink;
  let temporal: TemporalHarness;
  let org: OrgFixture;
  let mailer: Mailer;

  beforeAll(async () => {
    stack = await createTestStack();
    ({ ds, sink, temporal } = stack);
    org = await createOrgFixture(ds);
    mailer = createMailer({ host: '127.0.0.1', port: sink.smtpPort, secure: false, user: null, password: null, from: 'Tandem <tandem@test.local>' });
  });

  afterEach(() => {
    sink.setResponder(null);
    sink.setLatency(0);
  });

  afterAll(async () => {
    mailer?.close();
    await stack?.close();
  });

  const emailOf = (id: string) => org.emailOf.get(id)!;
  /** The sink answers 451 (try again later) for these recipients, as a deferring server does. */
  const deferFor = (...ids: string[]) =>
    sink.setResponder((input) => {
      const to = input.stage === 'RCPT' ? [input.recipient] : input.recipients;
      return to.some((address) => ids.map(emailOf).includes(address)) ? { code: 451, message: '4.7.1 try again later' } : null;
    });
  const mailsWith = (key: string) => sink.messages.filter((m) => m.messageId === messageIdFor(key));

  it('mails a notice once when several attempts at its key run at once', async () => {
    const { sendNotice } = createNoticesActivities({ ds, mailer });
    const key = `calendar-uncovered/2027/${org.committeeSecretary}/${randomUUID()}`;
    const request: NoticeRequest = { key, recipientId: org.committeeSecretary, kind: 'calendar_uncovered', projectId: null, data: { year: 2027, projectTitle: '先锋岗' } };
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => sendNotice(request)));
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    await sink.waitFor(() => mailsWith(key).length > 0, 5_000);
    // A late copy would have arrived by now: the others returned without sending.
    await new Promise((r) => setTimeout(r, 500));
    expect(mailsWith(key)).toHaveLength(1);
    const row = await ds.getRepository(NoticeEntity).findOneByOrFail({ idempotencyKey: key });
    expect([row.status, row.attempts, row.claimedBy]).toEqual(['sent', 1, null]);
  });

  it('marks a mail the server accepted as sent once the database answers again, and never mails it a second time', async () => {
    // The sender reaches Postgres through a proxy that is cut the moment the sink accepts the message.
    const dbUrl = new URL(stack.databaseUrl);
    const proxy = await startTcpProxy({ host: dbUrl.hostname, port: Number(dbUrl.port || 5432) });
    dbUrl.host = proxy.address;
    const cutOff = await createDataSource(dbUrl.toString(), { poolSize: 2, connectTimeoutMs: 1_000 }).initialize();
    try {
      const { sendNotice } = createNoticesActivities({ ds: cutOff, mailer });
      const key = `test/${randomUUID()}`;
      sink.setResponder((input) => {
        if (input.stage === 'DATA' && input.mail.noticeKey === key) void proxy.cut('refuse');
        return null;
      });
      const outcome = await sendNotice({ key, recipientId: org.branchSecretary, kind: 'calendar_uncovered', projectId: null, data: { year: 2027, projectTitle: '先锋岗' } });
      // The answer could not be written within the workflow's quick wait; the sender goes on trying.
      expect(outcome).toBe('deferred');
      expect(mailsWith(key)).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 1_000));
      await proxy.restore();
      const row = await pollUntil(
        () => ds.getRepository(NoticeEntity).findOneByOrFail({ idempotencyKey: key }),
        (n) => n.status === 'sent',
        { timeoutMs: 10_000, what: 'the accepted mail marked sent' },
      );
      expect([row.attempts, row.claimedBy, row.sendingSince]).toEqual([1, null, null]);
      // The sweeper runs every 2 s meanwhile: nothing is left for it to mail again.
      await new Promise((r) => setTimeout(r, 4_000));
      expect(mailsWith(key)).toHaveLength(1);
    } finally {
      await cutOff.destroy();
      await proxy.close();
    }
  });

  it('fails a notice whose sender died inside the SMTP transaction, for admins to see, instead of mailing it again', async () => {
    const key = `test/${randomUUID()}`;
    // As a worker killed between starting the transaction and writing the answer leaves it: claimed, claim lapsed.
    await ds.query(
      `INSERT INTO notice (idempotency_key, recipient_id, email, kind, subject, body, status, attempts, claimed_by, claimed_until, sending_since)
       VALUES ($1, $2, $3, 'calendar_uncovered', '节假日安排未发布', '正文', 'pending', 1, 'killed-worker', now() - interval '1 second', now() - interval '5 seconds')`,
      [key, org.branchSecretary, emailOf(org.branchSecretary)],
    );
    const row = await pollUntil(
      () => ds.getRepository(NoticeEntity).findOneByOrFail({ idempotencyKey: key }),
      (n) => n.status !== 'pending',
      { timeoutMs: 15_000, what: 'the sweeper to settle the notice in doubt' },
    );
    expect([row.status, row.lastError]).toEqual(['failed', inDoubtReason]);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(mailsWith(key)).toHaveLength(0);
    // A sweep that finds a lapsed claim with no transaction begun mails it as before.
    const retried = `test/${randomUUID()}`;
    await ds.query(
      `INSERT INTO notice (idempotency_key, recipient_id, email, kind, subject, body, status, attempts, claimed_by, claimed_until)
       VALUES ($1, $2, $3, 'calendar_uncovered', '节假日安排未发布', '正文', 'pending', 1, 'killed-worker', now() - interval '1 second')`,
      [retried, org.branchSecretary, emailOf(org.branchSecretary)],
    );
    await sink.waitFor(() => mailsWith(retried).length > 0, 15_000);
    expect(mailsWith(retried)).toHaveLength(1);
  });

  it('lets the next rung of a ladder fall due on time while the server defers, and sends the deferred notice once it recovers', async () => {
    const projectTitle = `先锋岗-${randomUUID().slice(0, 8)}`;
    const projectId = await createProjectRow(ds, org, projectTitle);
    const ref = `test-${randomUUID()}`;
    const dueAt = new Date(Date.now() + 4_000);
    const input: DeadlineInput = {
      ref,
      projectId,
      projectTitle,
      title: '2026年第1季度报告',
      kind: 'report',
      ownerIds: [org.owner],
      unitId: org.branchId,
      dueAt: dueAt.toISOString(),
      ladder: { remindBefore: ['3s'], escalate: [{ after: '1s', to: 'parent_unit_secretary' }] },
    };
    deferFor(org.owner);
    const handle = await temporal.client.workflow.start<typeof deadline>('deadline', { taskQueue: temporal.taskQueue, workflowId: deadlineWorkflowId(ref), args: [input] });
    const mailsFor = (id: string) => sink.messages.filter((m) => m.to.includes(emailOf(id)) && m.subject.includes(projectTitle));

    await sink.waitFor(() => mailsFor(org.generalSecretary).length > 0, 15_000);
    const escalation = mailsFor(org.generalSecretary)[0];
    // Due at +4 s, escalated 1 s later: the deferred reminder before it held nothing up.
    expect(escalation.receivedAt.getTime()).toBeGreaterThanOrEqual(dueAt.getTime() + 1_000);
    expect(escalation.receivedAt.getTime()).toBeLessThan(dueAt.getTime() + 4_000);
    expect(mailsFor(org.owner)).toHaveLength(0);
    const deferred = await ds.getRepository(NoticeEntity).findOneByOrFail({ projectId, kind: 'reminder' });
    expect(deferred.status).toBe('pending');
    expect(deferred.lastError).toMatch(/451/);

    sink.setResponder(null);
    await sink.waitFor(() => mailsFor(org.owner).some((m) => m.subject.includes('【提醒】')), 15_000);
    const sent = await pollUntil(
      () => ds.getRepository(NoticeEntity).findOneByOrFail({ id: deferred.id }),
      (row) => row.status === 'sent',
      { timeoutMs: 5_000, what: 'the reminder marked sent' },
    );
    expect(sent.attempts).toBeGreaterThan(1);
    await handle.signal(satisfySignal, { at: new Date().toISOString() });
    await handle.result();
    expect(mailsFor(org.owner).filter((m) => m.subject.includes('【提醒】'))).toHaveLength(1);
  });

  it('marks a notice failed once it is still deferred at the bound', async () => {
    const { sendNotice } = createNoticesActivities({ ds, mailer });
    const key = `test/${randomUUID()}`;
    deferFor(org.branchSecretary);
    const outcome = await sendNotice({ key, recipientId: org.branchSecretary, kind: 'calendar_uncovered', projectId: null, data: { year: 2027, projectTitle: '先锋岗' } });
    expect(outcome).toBe('deferred');
    const sweep = () =>
      temporal.client.workflow.execute<typeof noticeSweep>('noticeSweep', {
        taskQueue: temporal.taskQueue,
        workflowId: `sweep-${randomUUID()}`,
        args: [{ delivery: { firstRetry: '1s', maxRetry: '1s', giveUpAfter: '3s' } }],
      });
    const row = await pollUntil(
      async () => {
        await sweep();
        return ds.getRepository(NoticeEntity).findOneByOrFail({ idempotencyKey: key });
      },
      (n) => n.status !== 'pending',
      { timeoutMs: 20_000, what: 'the deferred notice given up' },
    );
    expect(row.status).toBe('failed');
    expect(row.lastError).toMatch(/^not delivered within 3s: .*451/);
    expect([row.claimedBy, row.claimedUntil]).toEqual([null, null]);
    expect(mailsWith(key)).toHaveLength(0);
  });

  it('drains a backlog larger than one batch in a single sweep, each notice mailed once', async () => {
    const { sendNotice } = createNoticesActivities({ ds, mailer });
    const keys = Array.from({ length: 5 }, () => `test/${randomUUID()}`);
    deferFor(org.branchSecretary);
    for (const key of keys) {
      expect(await sendNotice({ key, recipientId: org.branchSecretary, kind: 'calendar_uncovered', projectId: null, data: { year: 2027, projectTitle: '先锋岗' } })).toBe('deferred');
    }
    // 'deferred' answers as soon as the first try is slow; that try then writes when to try again and lets go of its
    // claim. A notice still claimed is not the sweep's to take, so the backlog is complete once every claim is let go.
    await pollUntil(
      () => ds.getRepository(NoticeEntity).findBy({ idempotencyKey: In(keys) }),
      (rows) => rows.length === keys.length && rows.every((n) => n.claimedBy === null),
      { timeoutMs: 20_000, what: 'every first try over' },
    );
    sink.setResponder(null);
    // The stack's own sweeper, every 2 s, would take the backlog first on a busy machine: it waits meanwhile.
    const scheduled = temporal.client.schedule.getHandle(noticeSweepIdOf(temporal.taskQueue));
    await scheduled.pause();
    await pollUntil(() => scheduled.describe().then((d) => d.info.runningActions.length), (running) => running === 0, { timeoutMs: 30_000, what: 'no scheduled sweep running' });
    // The mail server is back and every retry is due now.
    await ds.getRepository(NoticeEntity).update({ idempotencyKey: In(keys) }, { nextAttemptAt: new Date(Date.now() - 1_000) });
    const result = await temporal.client.workflow
      .execute<typeof noticeSweep>('noticeSweep', { taskQueue: temporal.taskQueue, workflowId: `sweep-${randomUUID()}`, args: [{ batch: 2 }] })
      .finally(() => scheduled.unpause());
    expect(result.sent).toBeGreaterThanOrEqual(keys.length);
    expect((await ds.getRepository(NoticeEntity).findBy({ idempotencyKey: In(keys) })).map((n) => n.status)).toEqual(keys.map(() => 'sent'));
    expect(keys.map((key) => mailsWith(key).length)).toEqual(keys.map(() => 1));
  });

  /** A chain with a four-second level deadline; the first level's approver decides as soon as the task is open. */
  async function decideFirstLevelAtOnce() {
    const projectId = await createProjectRow(ds, org, `先锋岗-${randomUUID().slice(0, 8)}`);
    const ref = `test-${randomUUID()}`;
    const levels: LevelSpec[] = [
      { unitId: org.generalBranchId, unitName: '生产党总支', mode: 'sequential', approverIds: [org.generalSecretary] },
      { unitId: org.committeeId, unitName: '集团党委', mode: 'sequential', approverIds: [org.committeeSecretary] },
    ];
    const input: ApprovalChainInput = {
      ref,
      purpose: 'launch',
      projectId,
      subject: '安全生产党员先锋岗',
      submitterId: org.owner,
      levels,
      allowed: ['approve', 'reject', 'send_back'],
      levelDeadline: { dueIn: '4s', remindBefore: [], escalateAfter: [] },
    };
    const handle = await temporal.client.workflow.start<typeof approvalChain>('approvalChain', { taskQueue: temporal.taskQueue, workflowId: approvalWorkflowId(ref), args: [input] });
    const view = await pollUntil(() => handle.query(chainStateQuery), (v: ChainView) => v.openTasks.length > 0, { timeoutMs: 15_000, what: 'the first level open' });
    const decidedAt = Date.now();
    await handle.executeUpdate(decideUpdate, { args: [{ taskId: view.openTasks[0].taskId, actorId: org.generalSecretary, decision: 'approve' }] });
    const first = await pollUntil(
      () => ds.getRepository(DeadlineEntity).findOneBy({ ref: levelDueRef(ref, 0, 0) }),
      (row) => row !== null && row.status !== 'open',
      { timeoutMs: 20_000, what: 'the first level deadline closed' },
    );
    return { first: first!, decidedAt };
  }

  it('counts a level decided on time as met while the mail server defers', async () => {
    deferFor(org.owner, org.generalSecretary, org.committeeSecretary);
    const { first, decidedAt } = await decideFirstLevelAtOnce();
    expect(first.dueAt.getTime()).toBeGreaterThan(decidedAt);
    expect(first.status).toBe('met');
  });

  it('counts a level decided on time as met while a slow mail server still holds the chain on its notice', async () => {
    // Each recipient answered after 4.5 s: the chain is still mailing the level's task notice when its due time passes.
    sink.setLatency(4_500);
    const { first, decidedAt } = await decideFirstLevelAtOnce();
    expect(first.dueAt.getTime()).toBeGreaterThan(decidedAt);
    expect(first.status).toBe('met');
  });

  it("follows the digest mode of the project's year, not of the current one", async () => {
    const { sendNotice } = createNoticesActivities({ ds, mailer });
    const year = new Date().getUTCFullYear() + 1;
    const projectId = await createProjectRow(ds, org, `先锋岗-${randomUUID().slice(0, 8)}`);
    await ds.getRepository(ProjectEntity).update(projectId, { year });
    const policy = defaultYearPolicy(year);
    await ds.getRepository(YearPolicyEntity).save({ year, version: 'digest-instead', body: { ...policy, notices: { ...policy.notices, digest: 'instead' } }, updatedBy: null, updatedAt: new Date() });
    const key = `test/${randomUUID()}`;
    const outcome = await sendNotice({ key, recipientId: org.owner, kind: 'task_assigned', projectId, data: { projectTitle: '先锋岗', taskTitle: '立项审批', subject: '先锋岗', dueAt: null } });
    expect(outcome).toBe('in_digest');
    expect((await ds.getRepository(NoticeEntity).findOneByOrFail({ idempotencyKey: key })).status).toBe('in_digest');
    expect(mailsWith(key)).toHaveLength(0);
  });
});
