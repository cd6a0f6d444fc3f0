import { randomUUID } from 'node:crypto';
import { publishedCalendar } from '../../libs/calendar/chinese-days.js';
import { AuditEventEntity, DeadlineEntity, TaskEntity } from '../../libs/db/entities/index.js';
import { deadlineWorkflowId, defaultApprovalPolicy, defaultYearPolicy, dueSchedule, reportRef, workCalendar, type DueRule, type ReminderRule } from '../../libs/domain/index.js';
import type { deadline } from '../../workflows/deadline.workflow.js';
import { deadlineStateQuery, type DeadlineInput } from '../../workflows/deadline.messages.js';
import { closeApiStack, startApiStack, type ApiStack } from '../support/api-stack.js';
import { draftBody, ok } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';

/**
 * Q4's report falls due in a January whose holidays are often not published when the date is fixed: the date is
 * computed on weekends only. When admins publish that year through the calendar's overrides, the date is computed
 * again by its own rule, once, and the owner is told.
 */
describe('a due date guessed on an unpublished year', () => {
  let running: Partial<ApiStack> = {};

  beforeAll(async () => {
    running = await startApiStack();
  });

  // Each test publishes 2098 and 2099 its own way, starting from the package data alone.
  beforeEach(async () => {
    const { api, adminToken } = running as ApiStack;
    ok(await api.as(adminToken).put('/calendar/overrides', { overrides: [] }));
  });

  afterAll(async () => {
    await closeApiStack(running, 'calendar-reschedule');
  });

  /** 期末后第5个工作日 17:30 after Q4 of 2098: Wednesday 2099-01-07 on weekends only, as no year of it is published. */
  const rule: DueRule = { kind: 'working_days_after', days: 5, at: '17:30' };
  const reminders: ReminderRule[] = [{ workingDaysBefore: 1, at: '09:00' }];

  async function startGuessedDeadline() {
    const { stack, api, org } = running as ApiStack;
    const projectTitle = `先锋岗-${randomUUID().slice(0, 8)}`;
    const project = ok(await api.as(org.people.chen.token).post('/projects', draftBody(org.units.branch, { title: projectTitle, year: 2098 })));
    const schedule = dueSchedule(workCalendar(publishedCalendar()), '2098-12-31', rule, reminders);
    expect([schedule.dueAt, schedule.uncoveredYears]).toEqual(['2099-01-07T17:30:00+08:00', [2098, 2099]]);
    const ref = `q4-${randomUUID()}`;
    const input: DeadlineInput = {
      ref,
      projectId: project.id,
      projectTitle,
      title: '2098年第4季度报告',
      kind: 'report',
      ownerIds: [org.people.chen.id],
      subjectId: '4',
      unitId: org.units.branch,
      dueAt: schedule.dueAt,
      remindAt: schedule.remindAt,
      rule: schedule.rule,
      ladder: { remindBefore: [], escalate: [] },
      guessed: { periodEnd: '2098-12-31', rule, reminders, uncoveredYears: schedule.uncoveredYears },
    };
    const handle = await stack.temporal.client.workflow.start<typeof deadline>('deadline', { taskQueue: stack.temporal.taskQueue, workflowId: deadlineWorkflowId(ref), args: [input] });
    const row = await pollUntil(() => stack.ds.getRepository(DeadlineEntity).findOneBy({ ref }), (r) => r !== null, { timeoutMs: 30_000, what: 'the deadline row' });
    expect(row?.guessed).toEqual(input.guessed);
    const mailsToOwner = () => stack.sink.messages.filter((m) => m.to.includes(org.people.chen.email) && m.subject.includes(projectTitle));
    return { ref, handle, mailsToOwner };
  }

  it('moves the date to the next working day when admins make it a holiday, tells the owner once, and never moves it twice', async () => {
    const { stack, api, adminToken } = running as ApiStack;
    const { ref, handle, mailsToOwner } = await startGuessedDeadline();
    const overrides = [
      { date: '2098-10-01', kind: 'holiday', note: '国庆节' },
      { date: '2099-01-01', kind: 'holiday', note: '元旦' },
      { date: '2099-01-07', kind: 'holiday', note: '元旦调休' },
    ];
    ok(await api.as(adminToken).put('/calendar/overrides', { overrides }));

    // 1 Jan and 7 Jan are holidays now: the 5th working day after the quarter is Friday 2099-01-09.
    const moved = '2099-01-09T09:30:00.000Z';
    const row = await pollUntil(() => stack.ds.getRepository(DeadlineEntity).findOneByOrFail({ ref }), (r) => r.dueAt.toISOString() === moved, {
      timeoutMs: 30_000,
      what: 'the rescheduled date',
    });
    expect(row.guessed).toBeNull();
    expect(row.events.map((e) => [e.kind, e.dueAt])).toEqual([['rescheduled', moved]]);
    expect(row.events[0].reason).toContain('2098、2099年节假日安排已发布');
    expect((await handle.query(deadlineStateQuery)).dueAt).toBe(moved);
    const audited = await stack.ds.getRepository(AuditEventEntity).findBy({ action: 'deadline_rescheduled', entityId: ref });
    expect(audited.map((a) => a.detail.dueAt)).toEqual([moved]);

    const [mail] = await stack.sink.waitFor(() => mailsToOwner().length > 0, 30_000).then(mailsToOwner);
    expect(mail.subject).toContain('【调整】截止时间已按节假日安排调整：2098年第4季度报告');
    expect(mail.text).toContain('2099/01/07 17:30');
    expect(mail.text).toContain('2099/01/09 17:30');

    // Saved again, with one more holiday in the same week: the date was settled once and stays where it is.
    ok(await api.as(adminToken).put('/calendar/overrides', { overrides: [...overrides, { date: '2099-01-08', kind: 'holiday', note: '补休' }] }));
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const after = await stack.ds.getRepository(DeadlineEntity).findOneByOrFail({ ref });
    expect([after.dueAt.toISOString(), after.events.length]).toEqual([moved, 1]);
    expect((await handle.query(deadlineStateQuery)).dueAt).toBe(moved);
    expect(mailsToOwner()).toHaveLength(1);
  });

  it("keeps a 2098 project's Q4 date as guessed when the project becomes active, and moves it with its open task once 2099 is published", async () => {
    const { stack, api, adminToken, org } = running as ApiStack;
    const year = 2098;
    const policy = defaultYearPolicy(year);
    ok(await api.as(adminToken).put(`/policies/${year}`, { ...policy, approval: { ...defaultApprovalPolicy, launch: [{ scope: 'parent_unit', mode: 'sequential' }] } }));
    const projectTitle = `先锋岗-${randomUUID().slice(0, 8)}`;
    const project = ok(await api.as(org.people.chen.token).post('/projects', draftBody(org.units.branch, { title: projectTitle, year })));
    ok(await api.as(org.people.chen.token).post(`/projects/${project.id}/submit`, {}, { idempotencyKey: randomUUID() }));
    const tasks = await pollUntil(
      async () => ok(await api.as(org.people.li.token).get('/tasks?assignee=me&status=open')) as { id: string; projectId: string }[],
      (list) => list.some((t) => t.projectId === project.id),
      { timeoutMs: 30_000, what: 'the launch task' },
    );
    const launch = tasks.find((t) => t.projectId === project.id)!;
    ok(await api.as(org.people.li.token).post(`/tasks/${launch.id}/decision`, { decision: 'approve', comment: '同意' }));

    const ref = reportRef(project.id, 4);
    const deadlines = stack.ds.getRepository(DeadlineEntity);
    const guessed = await pollUntil(() => deadlines.findOneBy({ ref }), (r) => r !== null, { timeoutMs: 60_000, what: 'the Q4 deadline' });
    expect([guessed?.dueAt.toISOString(), guessed?.guessed]).toEqual([
      '2099-01-07T09:30:00.000Z',
      { periodEnd: '2098-12-31', rule: policy.quarterly.dueRule, reminders: policy.quarterly.remindOn, uncoveredYears: [2098, 2099] },
    ]);
    const q4Task = () => stack.ds.getRepository(TaskEntity).findOneByOrFail({ projectId: project.id, kind: 'report', subjectId: '4', status: 'open' });
    await pollUntil(q4Task, (t) => t.dueAt?.toISOString() === '2099-01-07T09:30:00.000Z', { timeoutMs: 30_000, what: 'the Q4 report task' });

    // 元旦 2099 published; a day in May covers 2098 without touching any of its quarters' dates.
    ok(await api.as(adminToken).put('/calendar/overrides', { overrides: [{ date: '2098-05-01', kind: 'holiday' }, { date: '2099-01-01', kind: 'holiday' }] }));
    const moved = await pollUntil(() => deadlines.findOneByOrFail({ ref }), (r) => r.guessed === null, { timeoutMs: 30_000, what: 'the moved Q4 date' });
    expect([moved.dueAt.toISOString(), moved.events.map((e) => e.kind)]).toEqual(['2099-01-08T09:30:00.000Z', ['rescheduled']]);
    expect((await q4Task()).dueAt?.toISOString()).toBe('2099-01-08T09:30:00.000Z');
    // Q1 to Q3 were guessed too (2098 was unpublished), and stay where they were, settled, without a notice.
    const others = await pollUntil(
      () => Promise.all([1, 2, 3].map((q) => deadlines.findOneByOrFail({ ref: reportRef(project.id, q) }))),
      (rows) => rows.every((r) => r.guessed === null),
      { timeoutMs: 30_000, what: 'the other quarters settled' },
    );
    expect(others.map((r) => [r.dueAt.toISOString(), r.events.length])).toEqual([
      ['2098-04-07T09:30:00.000Z', 0],
      ['2098-07-07T09:30:00.000Z', 0],
      ['2098-10-07T09:30:00.000Z', 0],
    ]);
    const notices = await stack.sink
      .waitFor((all) => all.some((m) => m.subject.includes(projectTitle) && m.subject.startsWith('【调整】')), 30_000)
      .then((all) => all.filter((m) => m.subject.includes(projectTitle) && m.subject.startsWith('【调整】')));
    expect(notices.map((m) => [m.to, m.subject])).toEqual([[[org.people.chen.email], `【调整】截止时间已按节假日安排调整：2098年第4季度报告：${projectTitle}`]]);
  });

  it('settles a guessed date that the published year leaves where it was, without a notice', async () => {
    const { stack, api, adminToken } = running as ApiStack;
    const { ref, handle, mailsToOwner } = await startGuessedDeadline();
    ok(await api.as(adminToken).put('/calendar/overrides', { overrides: [{ date: '2098-10-01', kind: 'holiday' }, { date: '2099-10-01', kind: 'holiday' }] }));
    const row = await pollUntil(() => stack.ds.getRepository(DeadlineEntity).findOneByOrFail({ ref }), (r) => r.guessed === null, { timeoutMs: 30_000, what: 'the settled flag' });
    expect([row.dueAt.toISOString(), row.events]).toEqual(['2099-01-07T09:30:00.000Z', []]);
    expect((await handle.query(deadlineStateQuery)).events).toEqual([]);
    expect(mailsToOwner()).toHaveLength(0);
  });
});
