import { randomUUID } from 'node:crypto';
import { DeadlineEntity } from '../../libs/db/entities/index.js';
import { defaultApprovalPolicy, defaultYearPolicy } from '../../libs/domain/index.js';
import { adminLogin, ok } from '../support/api.js';
import { approvalStack, type Body } from '../support/approval-stack.js';
import { pollUntil } from '../support/poll-until.js';

/**
 * The due dates approval chains and reports keep, through HTTP on a real Temporal server, Postgres and SMTP server:
 * a level that falls due (reminder, escalation), due dates counted on the working-day calendar, and an extension
 * (延期) of an overdue report, with the mail each causes.
 */
describe('approval and report due dates through the API', () => {
  const chains = approvalStack('actions-due');
  const { person, as, mailTo, approvalPolicy, submitted, openTask, waitForStatus, refusal } = chains;

  it('reminds the approver before a level falls due and escalates to their superior after it, once each', async () => {
    await approvalPolicy({ levelDeadline: { dueIn: '6s', remindBefore: ['4s'], escalateAfter: ['2s'] } });
    const submittedAt = Date.now();
    const projectId = await submitted('chen');
    const title = ok(await as('chen').get(`/projects/${projectId}`)).title as string;
    const step = await openTask('zhang', projectId, 'a step with a due time');
    expect(Date.parse(step.dueAt) - submittedAt).toBeGreaterThanOrEqual(5_000);
    await chains.sink.waitFor(() => mailTo('li', '【督办】立项审批').some((m) => m.subject.includes(title)), 20_000);
    ok(await as('zhang').post(`/tasks/${step.id}/decision`, { decision: 'approve' }));
    ok(await as('li').post(`/tasks/${(await openTask('li', projectId, 'second level')).id}/decision`, { decision: 'approve' }));
    await waitForStatus(projectId, 'active');
    const reminders = mailTo('zhang', '【提醒】立项审批').filter((m) => m.subject.includes(title));
    const escalations = mailTo('li', '【督办】立项审批').filter((m) => m.subject.includes(title));
    expect([reminders.length, escalations.length]).toEqual([1, 1]);
    expect(escalations[0].text).toContain('张卫东');
    const deadlines = await pollUntil(
      () => chains.ds.getRepository(DeadlineEntity).find({ where: { projectId, kind: 'approval' }, order: { dueAt: 'ASC' } }),
      (rows) => rows.length === 2 && rows.every((d) => d.status !== 'open' && d.status !== 'overdue'),
      { timeoutMs: 20_000, what: 'both level deadlines closed' },
    );
    expect(deadlines.map((d) => d.status)).toEqual(['late', 'met']);
  });

  it('gives each approval level three working days by default, counted on the working-day calendar, with the rule shown', async () => {
    await approvalPolicy({ levelDeadline: defaultApprovalPolicy.levelDeadline });
    const projectId = await submitted('chen');
    const step = await openTask('zhang', projectId, 'the first level with a due time');
    const due = await pollUntil(
      async () => (ok(await as('chen').get(`/projects/${projectId}`)).deadlines as Body[]).find((d) => d.kind === 'approval'),
      (d) => d !== undefined,
      { timeoutMs: 20_000, what: 'the level deadline' },
    );
    expect([due!.dueAt, due!.rule]).toEqual([step.dueAt, '开启后第3个工作日 17:30；T−1个工作日 09:00 提醒']);
    // 17:30 in Beijing on the third working day after today, as the calendar endpoint counts them.
    const beijingDate = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(new Date(step.dueAt).toISOString().slice(11, 16)).toBe('09:30');
    const tomorrow = beijingDate(new Date(Date.now() + 86_400_000).toISOString());
    const days = ok(await as('chen').get(`/calendar/workdays?from=${tomorrow}&to=${beijingDate(step.dueAt)}`)).days as Body[];
    const working = days.filter((d) => d.working).map((d) => d.date);
    expect([working.length, working[working.length - 1]]).toEqual([3, beijingDate(step.dueAt)]);
  });

  it('sets each quarterly report due on the working-day calendar once the project starts its year, with the rule shown', async () => {
    // The default policy: the 5th working day after the quarter at 17:30, reminders on T−3, T−1 and the day.
    ok(await chains.api.as(chains.adminToken).put(`/policies/${chains.year}`, { ...defaultYearPolicy(chains.year), version: `e2e-${randomUUID().slice(0, 8)}`, approval: { ...defaultApprovalPolicy, levelDeadline: null } }));
    const projectId = await submitted('chen');
    ok(await as('zhang').post(`/tasks/${(await openTask('zhang', projectId, 'first level')).id}/decision`, { decision: 'approve' }));
    ok(await as('li').post(`/tasks/${(await openTask('li', projectId, 'second level')).id}/decision`, { decision: 'approve' }));
    const reports = await pollUntil(
      async () => (ok(await as('chen').get(`/projects/${projectId}`)).deadlines as Body[]).filter((d) => d.kind === 'report'),
      (rows) => rows.length === 4,
      { timeoutMs: 20_000, what: 'four report deadlines' },
    );
    const byTitle = new Map(reports.map((d) => [d.title as string, d]));
    // National Day 2026 and the make-up Saturday 10-10 put Q3 on 10-13; 2027 is not yet published, so Q4 counts 01-01.
    expect(byTitle.get('2026年第3季度报告')).toMatchObject({ dueAt: '2026-10-13T09:30:00.000Z', rule: expect.stringMatching(/^期末后第5个工作日 17:30；T−3个工作日 09:00 提醒/) });
    expect(byTitle.get('2026年第4季度报告')?.dueAt).toBe('2027-01-07T09:30:00.000Z');
    const q3Task = await openTask('chen', projectId, 'the Q3 report task', (t) => t.kind === 'report' && t.subjectId === '3');
    expect(q3Task.dueAt).toBe('2026-10-13T09:30:00.000Z');
    // Q1–Q3 of 2026 are long past: the project shows them overdue, in its page and in the list.
    await pollUntil(async () => ok(await as('chen').get(`/projects/${projectId}`)).overdueCount as number, (n) => n === 3, { timeoutMs: 20_000, what: 'three overdue reports' });
    const listed = (ok(await as('li').get('/projects?year=2026')) as Body[]).find((p) => p.id === projectId);
    expect(listed?.overdueCount).toBe(3);
    // The admins hear once that 2027 is read as weekends only.
    const calendarMail = () => chains.sink.messages.filter((m) => m.to.includes(adminLogin.email) && m.subject.startsWith('【日历】'));
    await chains.sink.waitFor(() => calendarMail().length > 0, 20_000);
    expect(calendarMail().map((m) => m.subject)).toEqual(['【日历】2027年节假日安排尚未发布']);
  });

  it('extends an overdue quarterly report (延期) through the owning branch, shows why the date moved, and counts the report on time', async () => {
    // Q1 fell due in April: the report is overdue from the start (with no escalation to keep the test quiet).
    const base = defaultYearPolicy(chains.year);
    const quarters = base.quarterly.quarters.map((q) => (q.quarter === 1 ? q : { ...q, dueAt: q.dueAt.replace(/^\d{4}/, '2099') }));
    const quarterly = { quarters, ladder: { remindBefore: [], escalate: [] } };
    ok(await chains.api.as(chains.adminToken).put(`/policies/${chains.year}`, { ...base, quarterly, version: `e2e-${randomUUID().slice(0, 8)}`, approval: { ...defaultApprovalPolicy, levelDeadline: null } }));
    const projectId = await submitted('chen');
    ok(await as('zhang').post(`/tasks/${(await openTask('zhang', projectId, 'first level')).id}/decision`, { decision: 'approve' }));
    ok(await as('li').post(`/tasks/${(await openTask('li', projectId, 'second level')).id}/decision`, { decision: 'approve' }));
    const q1 = await pollUntil(
      async () => (ok(await as('chen').get(`/projects/${projectId}`)).deadlines as Body[]).find((d) => d.title === '2026年第1季度报告'),
      (d) => d?.status === 'overdue',
      { timeoutMs: 20_000, what: 'the Q1 report deadline overdue' },
    );
    const until = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const path = `/deadlines/${q1!.ref}/extension`;
    const ask = { until, reason: '等待集团批复方案' };
    expect(refusal(await as('sun').post(path, ask))).toEqual([403, 'FORBIDDEN']);
    expect(refusal(await as('zhang').post(path, ask))).toEqual([403, 'FORBIDDEN']);
    expect((await as('chen').post(path, { reason: '无日期' })).status).toBe(400);
    expect((await as('chen').post('/deadlines/report-nothing-q1/extension', ask)).status).toBe(404);
    const key = randomUUID();
    const asked = ok(await as('chen').post(path, ask, key));
    expect(asked.events.map((e: Body) => e.kind)).toEqual(['extension_requested']);
    // The same request again (a retry) is the same request, not a second one.
    expect(ok(await as('chen').post(path, ask, key)).events).toHaveLength(1);
    expect(refusal(await as('chen').post(path, ask))).toEqual([409, 'WRONG_STAGE']);

    const step = await openTask('zhang', projectId, 'the extension step', (t) => t.purpose === 'extension');
    expect(step.purposeLabel).toBe('延期审批');
    ok(await as('zhang').post(`/tasks/${step.id}/decision`, { decision: 'approve', comment: '同意' }));
    const extended = await pollUntil(
      async () => (ok(await as('chen').get(`/projects/${projectId}`)).deadlines as Body[]).find((d) => d.ref === q1!.ref),
      (d) => d?.events.length === 4,
      { timeoutMs: 20_000, what: 'the extension decided' },
    );
    expect(extended!.dueAt).toBe(until);
    expect(extended!.status).toBe('open');
    const q1Task = await openTask('chen', projectId, 'the Q1 report task', (t) => t.kind === 'report' && t.subjectId === '1');
    expect([q1Task.dueAt, q1Task.overdue]).toEqual([until, false]);
    // Submitted after the first due date but before the extended one: on time, for the deadline and the report alike.
    ok(await as('chen').post(`/projects/${projectId}/reports`, { quarter: 1, content: '第一季度：按批复方案实施。' }));
    const settled = await pollUntil(
      async () => ok(await as('chen').get(`/projects/${projectId}`)),
      (p) => (p.deadlines as Body[]).some((d) => d.ref === q1!.ref && d.status === 'met'),
      { timeoutMs: 20_000, what: 'the Q1 deadline met' },
    );
    expect((settled.reports as Body[]).map((r) => [r.quarter, r.late])).toEqual([[1, false]]);
    expect(settled.overdueCount).toBe(0);
    expect(extended!.events.map((e: Body) => [e.kind, e.actorId])).toEqual([
      ['extension_requested', person('chen').id],
      ['paused', person('chen').id],
      ['extension_granted', person('zhang').id],
      ['resumed', null],
    ]);
    await chains.sink.waitFor(() => mailTo('chen', '【延期】已同意').length > 0, 20_000);
    expect(mailTo('chen', '【延期】')).toHaveLength(1);
  });
});
