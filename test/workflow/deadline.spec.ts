import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditEventEntity, DeadlineEntity, NoticeEntity, TaskEntity } from '../../libs/db/entities/index.js';
import { approvalWorkflowId, deadlineWorkflowId, extensionRef, type DeadlineLadder, type Decision } from '../../libs/domain/index.js';
import { chainStateQuery, decideUpdate } from '../../workflows/approval-chain.messages.js';
import type { deadline } from '../../workflows/deadline.workflow.js';
import { requestExtensionUpdate, satisfySignal, type DeadlineInput } from '../../workflows/deadline.messages.js';
import type { MailSink } from '../../libs/dev-stack/mail-sink.js';
import { createOrgFixture, createProjectRow, type OrgFixture } from '../support/org-fixture.js';
import { pollUntil } from '../support/poll-until.js';
import { updateRefusalCode } from '../support/refusal-code.js';
import { createTestStack, type TestStack } from '../support/stack.js';
import type { TemporalHarness } from '../support/temporal.js';

/**
 * The ladder with second-scale policies on a real server: reminders before the due time and never early,
 * the overdue mark, escalation up the tree, each rung once, also across a worker restart.
 */
describe('deadline', () => {
  let stack: TestStack;
  let ds: DataSource;
  let sink: MailSink;
  let temporal: TemporalHarness;
  let org: OrgFixture;

  beforeAll(async () => {
    stack = await createTestStack();
    ({ ds, sink, temporal } = stack);
    org = await createOrgFixture(ds);
  });

  /** How late each reminder arrived in the mailbox after its moment: reported once per run, for the record. */
  const lateness: number[] = [];
  const noteLateness = (receivedMs: number, dueMs: number) => lateness.push(receivedMs - dueMs);

  afterAll(async () => {
    if (lateness.length > 0) {
      const sorted = [...lateness].sort((a, b) => a - b);
      const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
      console.log(`reminder lateness over ${sorted.length} reminders: p50 ${rank(0.5)} ms, p99 ${rank(0.99)} ms, max ${sorted[sorted.length - 1]} ms`);
    }
    await stack?.close();
  });

  const ladder: DeadlineLadder = { remindBefore: ['3s'], escalate: [{ after: '2s', to: 'parent_unit_secretary' }] };

  async function startDeadline(dueInMs: number, extra: (dueAt: Date) => Partial<DeadlineInput> = () => ({})) {
    const projectTitle = `先锋岗-${randomUUID().slice(0, 8)}`;
    const projectId = await createProjectRow(ds, org, projectTitle);
    const ref = `test-${randomUUID()}`;
    const dueAt = new Date(Date.now() + dueInMs);
    const input: DeadlineInput = {
      ref,
      projectId,
      projectTitle,
      title: '2026年第1季度报告',
      kind: 'report',
      ownerIds: [org.owner],
      unitId: org.branchId,
      dueAt: dueAt.toISOString(),
      ladder,
      ...extra(dueAt),
    };
    const handle = await temporal.client.workflow.start<typeof deadline>('deadline', { taskQueue: temporal.taskQueue, workflowId: deadlineWorkflowId(ref), args: [input] });
    // Each test has its own project title, so mail from other tests in this file never counts here.
    const mailsFor = (id: string) => sink.messages.filter((m) => m.to.includes(org.emailOf.get(id)!) && m.subject.includes(projectTitle));
    return { handle, projectId, dueAt, ref, mailsFor };
  }

  it('reminds before the due time, marks it overdue, escalates to the parent unit secretary once, and closes late', async () => {
    const { handle, projectId, dueAt, ref, mailsFor } = await startDeadline(5_000);
    const escalated = await sink.waitFor(() => mailsFor(org.generalSecretary).length > 0, 20_000);
    expect(escalated).toBeTruthy();

    const reminder = mailsFor(org.owner);
    expect(reminder).toHaveLength(1);
    expect(reminder[0].subject).toContain('【提醒】');
    const remindAt = dueAt.getTime() - 3_000;
    const escalateAt = dueAt.getTime() + 2_000;
    expect(reminder[0].receivedAt.getTime()).toBeGreaterThanOrEqual(remindAt);
    noteLateness(reminder[0].receivedAt.getTime(), remindAt);
    expect(reminder[0].receivedAt.getTime()).toBeLessThan(dueAt.getTime());
    const escalation = mailsFor(org.generalSecretary);
    expect(escalation).toHaveLength(1);
    expect(escalation[0].subject).toContain('【督办】');
    expect(escalation[0].receivedAt.getTime()).toBeGreaterThanOrEqual(escalateAt);

    const row = await ds.getRepository(DeadlineEntity).findOneByOrFail({ ref });
    expect(row.status).toBe('overdue');
    await handle.signal(satisfySignal, { at: new Date().toISOString() });
    expect((await handle.result()).status).toBe('late');
    expect((await ds.getRepository(DeadlineEntity).findOneByOrFail({ ref })).status).toBe('late');
    // Nothing else went to anyone: the other secretaries were never involved.
    expect(mailsFor(org.committeeSecretary)).toHaveLength(0);
    expect(await ds.getRepository(NoticeEntity).count({ where: { projectId } })).toBe(2);
  });

  it('continues as new between rungs when Temporal suggests it, carrying its clock: each reminder once, then met', async () => {
    // Six reminders a second apart: the history passes the test server's 30 events long before the due time.
    const remindBefore = ['11s', '10s', '9s', '8s', '7s', '6s'];
    const { handle, ref, mailsFor } = await startDeadline(12_000, () => ({ ladder: { remindBefore, escalate: [] } }));
    await sink.waitFor(() => mailsFor(org.owner).length === remindBefore.length, 40_000);
    expect((await handle.describe()).runId).not.toBe(handle.firstExecutionRunId);
    await handle.signal(satisfySignal, { at: new Date().toISOString() });
    const result = await handle.result();
    expect([result.status, result.fired]).toEqual(['met', remindBefore.map((_, i) => `reminder:${i}`)]);
    expect(mailsFor(org.owner).map((m) => m.subject.slice(0, 4))).toEqual(remindBefore.map(() => '【提醒】'));
    expect((await ds.getRepository(DeadlineEntity).findOneByOrFail({ ref })).status).toBe('met');
  });

  it('sends no escalation when the work arrives in time', async () => {
    const { handle, ref, mailsFor } = await startDeadline(4_000);
    await handle.signal(satisfySignal, { at: new Date().toISOString() });
    const result = await handle.result();
    expect(result.status).toBe('met');
    expect(result.fired).toEqual([]);
    expect((await ds.getRepository(DeadlineEntity).findOneByOrFail({ ref })).status).toBe('met');
    expect(mailsFor(org.owner)).toHaveLength(0);
  });

  it('fires each rung exactly once when the worker dies between rungs', async () => {
    const { handle, projectId, dueAt, mailsFor } = await startDeadline(5_000);
    await sink.waitFor(() => mailsFor(org.owner).length > 0, 15_000);
    noteLateness(mailsFor(org.owner)[0].receivedAt.getTime(), dueAt.getTime() - 3_000);
    // The escalation falls due while no worker runs; the next worker picks the timer up.
    await stack.restartWorker(4_500);
    await sink.waitFor(() => mailsFor(org.generalSecretary).length > 0, 20_000);
    await handle.signal(satisfySignal, { at: new Date().toISOString() });
    await handle.result();
    expect(mailsFor(org.owner)).toHaveLength(1);
    expect(mailsFor(org.generalSecretary)).toHaveLength(1);
    const notices = await pollUntil(
      () => ds.getRepository(NoticeEntity).find({ where: { projectId } }),
      (rows) => rows.length === 2 && rows.every((r) => r.status === 'sent'),
      { timeoutMs: 5_000, what: 'reminder and escalation notices marked sent' },
    );
    expect(notices.map((n) => n.kind).sort()).toEqual(['escalation', 'reminder']);
  });

  it('reminds at the instants computed from working-day rules, never early, each once, and keeps the rule with the date', async () => {
    const at = (dueAt: Date, beforeMs: number) => new Date(dueAt.getTime() - beforeMs).toISOString();
    const { handle, ref, dueAt, mailsFor } = await startDeadline(6_000, (due) => ({
      ladder: { remindBefore: [], escalate: [] },
      remindAt: [at(due, 4_000), at(due, 2_000)],
      rule: '期末后第5个工作日 17:30；T−1个工作日 09:00 提醒',
    }));
    await sink.waitFor(() => mailsFor(org.owner).length >= 2, 15_000);
    const received = mailsFor(org.owner).map((m) => m.receivedAt.getTime());
    expect(received[0]).toBeGreaterThanOrEqual(dueAt.getTime() - 4_000);
    expect(received[1]).toBeGreaterThanOrEqual(dueAt.getTime() - 2_000);
    expect(received[1]).toBeLessThan(dueAt.getTime());
    noteLateness(received[0], dueAt.getTime() - 4_000);
    noteLateness(received[1], dueAt.getTime() - 2_000);
    await handle.signal(satisfySignal, { at: new Date().toISOString() });
    expect((await handle.result()).fired).toEqual(['reminder:0', 'reminder:1']);
    expect(mailsFor(org.owner)).toHaveLength(2);
    expect((await ds.getRepository(DeadlineEntity).findOneByOrFail({ ref })).rule).toBe('期末后第5个工作日 17:30；T−1个工作日 09:00 提醒');
  });

  it('keeps every reminder of twenty deadlines running at once: none early, each once', async () => {
    const reminders = ['50s', '48s', '46s'];
    // The first reminders fall 10 s after the start, so the twenty executions are all running by then; the last
    // falls 46 s before the due time, so a loaded machine's late mail never meets an overdue mark in the same inbox.
    const started = await Promise.all(Array.from({ length: 20 }, () => startDeadline(60_000, () => ({ ladder: { remindBefore: reminders, escalate: [] } }))));
    // Generous: on a loaded machine the sixty mails can trail their moments by many seconds; early or twice still fails.
    await sink.waitFor(() => started.every((d) => d.mailsFor(org.owner).length === reminders.length), 50_000);
    await Promise.all(started.map(({ handle }) => handle.signal(satisfySignal, { at: new Date().toISOString() })));
    for (const { handle, dueAt, mailsFor } of started) {
      const received = mailsFor(org.owner).map((m) => m.receivedAt.getTime());
      const moments = [50_000, 48_000, 46_000].map((before) => dueAt.getTime() - before);
      received.forEach((at, i) => {
        expect(at).toBeGreaterThanOrEqual(moments[i]);
        noteLateness(at, moments[i]);
      });
      expect((await handle.result()).fired).toEqual(['reminder:0', 'reminder:1', 'reminder:2']);
    }
    expect(started.map((d) => d.mailsFor(org.owner).length)).toEqual(started.map(() => reminders.length));
  });

  it('retries mail the server defers (451) until it is accepted, once; a refusal (550) leaves the notice failed and the ladder goes on', async () => {
    const ownerEmail = org.emailOf.get(org.owner)!;
    const secretaryEmail = org.emailOf.get(org.generalSecretary)!;
    let deferrals = 0;
    sink.setResponder((input) => {
      const to = input.stage === 'RCPT' ? [input.recipient] : input.recipients;
      if (to.includes(ownerEmail)) return { code: 550, message: '5.1.1 mailbox unavailable' };
      if (to.includes(secretaryEmail) && input.stage === 'RCPT' && deferrals < 2) {
        deferrals++;
        return { code: 451, message: '4.7.1 try again later' };
      }
      return null;
    });
    try {
      const { handle, projectId, mailsFor } = await startDeadline(4_000);
      await sink.waitFor(() => mailsFor(org.generalSecretary).length > 0, 30_000);
      await handle.signal(satisfySignal, { at: new Date().toISOString() });
      await handle.result();
      expect([mailsFor(org.owner).length, mailsFor(org.generalSecretary).length, deferrals]).toEqual([0, 1, 2]);
      const notices = await pollUntil(
        () => ds.getRepository(NoticeEntity).find({ where: { projectId }, order: { kind: 'ASC' } }),
        (rows) => rows.length === 2 && rows.every((r) => r.status !== 'pending'),
        { timeoutMs: 10_000, what: 'both notices settled' },
      );
      expect(notices.map((n) => [n.kind, n.status, n.attempts])).toEqual([
        ['escalation', 'sent', 3],
        ['reminder', 'failed', 1],
      ]);
      expect(notices[1].lastError).toMatch(/550/);
    } finally {
      sink.setResponder(null);
    }
  });

  it('escalates step by step up the tree (分级督办): the owner, the branch, the general branch, the committee, each once', async () => {
    const graded: DeadlineLadder = {
      remindBefore: [],
      escalate: [
        { after: '1s', to: 'owner' },
        { after: '2s', to: 'owning_unit_secretary' },
        { after: '3s', to: 'parent_unit_secretary' },
        { after: '4s', to: 'committee_secretary' },
      ],
    };
    const { handle, dueAt, mailsFor } = await startDeadline(2_000, () => ({ ladder: graded }));
    await sink.waitFor(() => mailsFor(org.committeeSecretary).length > 0, 20_000);
    await handle.signal(satisfySignal, { at: new Date().toISOString() });
    expect((await handle.result()).fired).toEqual(['overdue:0', 'escalation:0', 'escalation:1', 'escalation:2', 'escalation:3']);
    const rungs = [org.owner, org.branchSecretary, org.generalSecretary, org.committeeSecretary].map((id) => mailsFor(id));
    expect(rungs.map((mails) => mails.length)).toEqual([1, 1, 1, 1]);
    expect(rungs[0][0].subject).toContain('【逾期】');
    expect(rungs.slice(1).every(([mail]) => mail.subject.includes('【督办】'))).toBe(true);
    // Each rung after the one before, none before its moment.
    rungs.forEach(([mail], i) => expect(mail.receivedAt.getTime()).toBeGreaterThanOrEqual(dueAt.getTime() + (i + 1) * 1_000));
  });

  describe('extension (延期)', () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const oneRungEach: DeadlineLadder = { remindBefore: ['1s'], escalate: [{ after: '1s', to: 'parent_unit_secretary' }] };

    /** The branch secretary decides the extension: the one-level chain the deadline started for it. */
    async function decideExtension(ref: string, decision: Decision, comment: string) {
      const chain = temporal.client.workflow.getHandle(approvalWorkflowId(extensionRef(ref, 1)));
      const view = await pollUntil(() => chain.query(chainStateQuery), (v) => v.openTasks.length > 0, { timeoutMs: 10_000, what: 'the extension step' });
      expect(view.openTasks.map((t) => t.assigneeId)).toEqual([org.branchSecretary]);
      await chain.executeUpdate(decideUpdate, { args: [{ taskId: view.openTasks[0].taskId, actorId: org.branchSecretary, decision, comment }] });
    }

    it('stands the clock still while it is decided; granted, the ladder starts afresh for the new date', async () => {
      const { handle, ref, dueAt, mailsFor } = await startDeadline(3_000, () => ({ ladder: oneRungEach }));
      const until = new Date(dueAt.getTime() + 5_000).toISOString();
      const ask = { actorId: org.owner, until, reason: '需等待上级批复后实施' };
      expect(await updateRefusalCode(handle.executeUpdate(requestExtensionUpdate, { args: [{ ...ask, actorId: org.generalSecretary }] }))).toBe('FORBIDDEN');
      expect(await updateRefusalCode(handle.executeUpdate(requestExtensionUpdate, { args: [{ ...ask, until: dueAt.toISOString() }] }))).toBe('INVALID_INPUT');
      expect(await updateRefusalCode(handle.executeUpdate(requestExtensionUpdate, { args: [{ ...ask, reason: ' ' }] }))).toBe('INVALID_INPUT');
      await handle.executeUpdate(requestExtensionUpdate, { args: [ask] });
      expect(await updateRefusalCode(handle.executeUpdate(requestExtensionUpdate, { args: [ask] }))).toBe('WRONG_STAGE');

      // The old due date and its escalation moment pass while the unit decides: nothing fires, nothing is overdue.
      await sleep(dueAt.getTime() + 1_500 - Date.now());
      expect(mailsFor(org.owner)).toHaveLength(0);
      expect(mailsFor(org.generalSecretary)).toHaveLength(0);
      expect((await ds.getRepository(DeadlineEntity).findOneByOrFail({ ref })).status).toBe('open');

      await decideExtension(ref, 'approve', '同意延期');
      await sink.waitFor(() => mailsFor(org.owner).some((m) => m.subject.includes('【提醒】')), 10_000);
      const granted = mailsFor(org.owner).find((m) => m.subject.includes('【延期】'))!;
      expect(granted.subject).toContain('已同意');
      const reminder = mailsFor(org.owner).find((m) => m.subject.includes('【提醒】'))!;
      expect(reminder.receivedAt.getTime()).toBeGreaterThanOrEqual(Date.parse(until) - 1_000);
      await handle.signal(satisfySignal, { at: new Date().toISOString() });
      const result = await handle.result();
      expect([result.status, result.dueAt, result.fired]).toEqual(['met', new Date(until).toISOString(), ['reminder:0:x1']]);
      expect(mailsFor(org.owner)).toHaveLength(2);
      expect(mailsFor(org.generalSecretary)).toHaveLength(0);
      const row = await ds.getRepository(DeadlineEntity).findOneByOrFail({ ref });
      expect([row.status, row.dueAt.toISOString()]).toEqual(['met', new Date(until).toISOString()]);
      expect(row.events.map((e) => [e.kind, e.actorId])).toEqual([
        ['extension_requested', org.owner],
        ['paused', org.owner],
        ['extension_granted', org.branchSecretary],
        ['resumed', null],
      ]);
      expect(row.events[2].reason).toBe('同意延期');
    });

    it('refused, moves the due date and every rung still to come on by the time the decision took', async () => {
      const { handle, ref, dueAt, mailsFor } = await startDeadline(2_500, () => ({ ladder: oneRungEach }));
      await sink.waitFor(() => mailsFor(org.owner).length > 0, 10_000);
      await handle.executeUpdate(requestExtensionUpdate, { args: [{ actorId: org.owner, until: new Date(dueAt.getTime() + 60_000).toISOString(), reason: '人员外出' }] });
      await sleep(3_000);
      await decideExtension(ref, 'reject', '时间充足，不同意延期');
      await sink.waitFor(() => mailsFor(org.generalSecretary).length > 0, 15_000);
      await handle.signal(satisfySignal, { at: new Date().toISOString() });
      const result = await handle.result();

      // The new due date lies the pause's length after the old one: at least the three seconds the decision took, and no
      // more than the clock stood still by the deadline's own record (from the request until it resumed, which on a busy
      // machine is later than the decision by however long the worker took to hear of it). Not the refused 60 s.
      const shift = Date.parse(result.dueAt) - dueAt.getTime();
      expect(shift).toBeGreaterThanOrEqual(3_000);
      const { events } = await ds.getRepository(DeadlineEntity).findOneByOrFail({ ref });
      const standing = Date.parse(events.find((e) => e.kind === 'resumed')!.at) - Date.parse(events.find((e) => e.kind === 'extension_requested')!.at);
      expect(shift).toBeLessThanOrEqual(standing);
      expect(shift).toBeLessThan(60_000);
      expect(result.status).toBe('late');
      // The reminder went before the request and is not repeated; overdue and the escalation come after the new date.
      expect(result.fired).toEqual(['reminder:0', 'overdue:0', 'escalation:0']);
      const escalation = mailsFor(org.generalSecretary);
      expect(escalation).toHaveLength(1);
      expect(escalation[0].receivedAt.getTime()).toBeGreaterThanOrEqual(Date.parse(result.dueAt) + 1_000);
      expect(mailsFor(org.owner).map((m) => m.subject.slice(0, 4))).toEqual(['【提醒】', '【延期】']);
      const row = await ds.getRepository(DeadlineEntity).findOneByOrFail({ ref });
      expect(row.events.map((e) => e.kind)).toEqual(['extension_requested', 'paused', 'extension_refused', 'resumed']);
      expect(row.events[3].dueAt).toBe(result.dueAt);
    });

    it('marks the work overdue again, with its audit event, when it falls overdue after a granted extension', async () => {
      const { handle, ref } = await startDeadline(1_000, () => ({ ladder: { remindBefore: [], escalate: [] } }));
      const rowOf = () => ds.getRepository(DeadlineEntity).findOneByOrFail({ ref });
      await pollUntil(rowOf, (row) => row.status === 'overdue', { timeoutMs: 10_000, what: 'the first overdue mark' });
      const until = new Date(Date.now() + 3_000).toISOString();
      await handle.executeUpdate(requestExtensionUpdate, { args: [{ actorId: org.owner, until, reason: '需等待上级批复后实施' }] });
      await decideExtension(ref, 'approve', '同意延期');
      await pollUntil(rowOf, (row) => row.status === 'open', { timeoutMs: 10_000, what: 'the row open again after the grant' });

      const again = await pollUntil(rowOf, (row) => row.status === 'overdue', { timeoutMs: 15_000, what: 'the second overdue mark' });
      expect(again.dueAt.toISOString()).toBe(until);
      const marks = await ds.getRepository(AuditEventEntity).find({ where: { entity: 'deadline', entityId: ref, action: 'deadline_overdue' }, order: { seq: 'ASC' } });
      expect(marks.map((e) => e.detail.dueAt)).toEqual([expect.any(String), until]);
      await handle.signal(satisfySignal, { at: new Date().toISOString() });
      expect((await handle.result()).status).toBe('late');
    });

    it('withdraws a request the work overtook: the step closes, the deadline closes, nobody is told of a decision', async () => {
      const { handle, ref, dueAt, mailsFor } = await startDeadline(3_000, () => ({ ladder: oneRungEach }));
      await handle.executeUpdate(requestExtensionUpdate, { args: [{ actorId: org.owner, until: new Date(dueAt.getTime() + 60_000).toISOString(), reason: '人员外出' }] });
      const chain = temporal.client.workflow.getHandle(approvalWorkflowId(extensionRef(ref, 1)));
      await pollUntil(() => chain.query(chainStateQuery), (v) => v.openTasks.length > 0, { timeoutMs: 10_000, what: 'the extension step' });
      await handle.signal(satisfySignal, { at: new Date().toISOString() });
      const result = await handle.result();
      expect([result.status, result.events?.map((e) => e.kind)]).toEqual(['met', ['extension_requested', 'paused', 'extension_withdrawn', 'resumed']]);
      expect((await chain.result()).status).toBe('withdrawn');
      const step = await ds.getRepository(TaskEntity).findOneByOrFail({ chainRef: extensionRef(ref, 1) });
      expect([step.status, step.outcome]).toEqual(['cancelled', 'cancelled']);
      expect(mailsFor(org.owner).filter((m) => m.subject.startsWith('【延期】'))).toHaveLength(0);
    });
  });
});
