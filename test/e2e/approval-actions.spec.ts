import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditEventEntity, DeadlineEntity, DecisionEntity, RoleAssignmentEntity } from '../../libs/db/entities/index.js';
import { defaultApprovalPolicy, defaultYearPolicy, type ApprovalPolicy } from '../../libs/domain/index.js';
import type { MailSink } from '../../libs/dev-stack/mail-sink.js';
import { closeApiStack, startApiStack } from '../support/api-stack.js';
import { addPersonViaApi, castOf, adminLogin, draftBody, ok, type ApiHarness, type ApiOrg, type OrgPerson, type PersonKey } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';
import type { TestStack } from '../support/stack.js';

type Body = Record<string, any>;

/**
 * Every approval action through HTTP on a real Temporal server, Postgres and SMTP server: chains routed by the
 * year's templates, committee meetings, withdrawal, send-back to the previous level with resumption, cc, comment
 * policy, and a level that falls due, with the 409 reasons users see and the mail each action causes.
 */
describe('approval chains through the API', () => {
  let stack: TestStack;
  let ds: DataSource;
  let sink: MailSink;
  let api: ApiHarness;
  let org: ApiOrg;
  let adminToken: string;
  /** Beside the standard org: two committee members (委员) and the secretary of the other branch. */
  let extra: Record<'m1' | 'm2' | 'sun', OrgPerson>;
  const year = 2026;

  beforeAll(async () => {
    ({ stack, api, adminToken, org } = await startApiStack());
    ({ ds, sink } = stack);
    const tag = randomUUID().slice(0, 6);
    const add = (key: string, name: string, role: string, orgUnitId: string) => addPersonViaApi(api, adminToken, { key, name, role, orgUnitId, tag });
    extra = {
      m1: await add('m1', '赵委员', 'member', org.units.committee),
      m2: await add('m2', '钱委员', 'member', org.units.committee),
      sun: await add('sun', '孙书记', 'secretary', org.units.otherBranch),
    };
  });

  afterAll(() => closeApiStack({ stack, api }, 'actions'));

  type Who = PersonKey | keyof typeof extra;
  const { person, as } = castOf(() => ({ api, org, extra }));
  const mailTo = (who: Who, fragment: string) => sink.messages.filter((m) => m.to.includes(person(who).email) && m.subject.includes(fragment));

  /** Sets this year's approval policy (it travels with each project from its submission on). */
  async function approvalPolicy(overrides: Partial<ApprovalPolicy>): Promise<void> {
    const base = defaultYearPolicy(year);
    // Reports fall due long after the test: approved projects stay quiet while chains are asserted.
    const quarterly = { ladder: base.quarterly.ladder, quarters: base.quarterly.quarters.map((q) => ({ ...q, dueAt: q.dueAt.replace(/^\d{4}/, '2099') })) };
    const approval = { ...defaultApprovalPolicy, levelDeadline: null, ...overrides };
    ok(await api.as(adminToken).put(`/policies/${year}`, { ...base, quarterly, version: `e2e-${randomUUID().slice(0, 8)}`, approval }));
  }

  async function submitted(owner: Who, overrides: Body = {}, submitBody: Body = {}): Promise<string> {
    const draft = ok(await as(owner).post('/projects', draftBody(overrides.orgUnitId ?? org.units.branch, { title: `项目-${randomUUID().slice(0, 6)}`, ...overrides })));
    ok(await as(owner).post(`/projects/${draft.id}/submit`, submitBody, randomUUID()));
    return draft.id as string;
  }

  async function openTask(who: Who, projectId: string, what: string, match: (t: Body) => boolean = () => true): Promise<Body> {
    const tasks = await pollUntil(
      async () => ok(await as(who).get('/tasks?assignee=me&status=open')) as Body[],
      (list) => list.some((t) => t.projectId === projectId && match(t)),
      { timeoutMs: 20_000, what },
    );
    return tasks.find((t) => t.projectId === projectId && match(t)) as Body;
  }

  const noOpenTask = (who: Who, projectId: string, what: string) =>
    pollUntil(async () => ok(await as(who).get('/tasks?assignee=me&status=open')) as Body[], (list) => !list.some((t) => t.projectId === projectId), { timeoutMs: 20_000, what });

  const status = async (projectId: string) => ok(await as('chen').get(`/projects/${projectId}`)).status as string;
  const waitForStatus = (projectId: string, wanted: string) => pollUntil(() => status(projectId), (s) => s === wanted, { timeoutMs: 30_000, what: `project ${wanted}` });
  const refusal = (res: { status: number; body: Body }) => [res.status, res.body.code];

  it('routes each kind by its template and lists each step with its level, mode and the chain so far', async () => {
    await approvalPolicy({});
    // An ordinary kind goes to the owning branch, then the general branch.
    const ordinary = await submitted('chen');
    const zhangStep = await openTask('zhang', ordinary, 'branch level of an ordinary project');
    expect(zhangStep).toMatchObject({ purpose: 'launch', level: 0, levelMode: 'sequential', projectKindLabel: '党员先锋岗' });
    expect(zhangStep.chain.steps.map((s: Body) => [s.assigneeName, s.status])).toEqual([['张卫东', 'open']]);
    ok(await as('zhang').post(`/tasks/${zhangStep.id}/decision`, { decision: 'approve', comment: '支部同意' }));
    const liStep = await openTask('li', ordinary, 'general branch level of an ordinary project');
    expect(liStep.level).toBe(1);
    expect(liStep.chain.steps.map((s: Body) => [s.level, s.assigneeName, s.status, s.decisions.map((d: Body) => d.comment)])).toEqual([
      [0, '张卫东', 'done', ['支部同意']],
      [1, '李红梅', 'open', []],
    ]);
    ok(await as('li').post(`/tasks/${liStep.id}/decision`, { decision: 'approve' }));
    await waitForStatus(ordinary, 'active');

    // 联建共建: the co-owning branch's secretary signs between the owning branch and the general branch.
    const badJoint = await as('chen').post('/projects', draftBody(org.units.branch, { kind: 'joint_building' }));
    expect([badJoint.status, badJoint.body.message]).toEqual([400, 'coOwningUnitIds: 联建共建项目至少要选择一个共建单位']);
    const joint = await submitted('chen', { kind: 'joint_building', coOwningUnitIds: [org.units.otherBranch] });
    ok(await as('zhang').post(`/tasks/${(await openTask('zhang', joint, 'joint: own branch')).id}/decision`, { decision: 'approve' }));
    const sunStep = await openTask('sun', joint, 'joint: co-owner');
    expect(sunStep).toMatchObject({ level: 1, levelMode: 'all' });
    ok(await as('sun').post(`/tasks/${sunStep.id}/decision`, { decision: 'approve', comment: '共建单位同意' }));
    ok(await as('li').post(`/tasks/${(await openTask('li', joint, 'joint: general branch')).id}/decision`, { decision: 'approve' }));
    await waitForStatus(joint, 'active');
  });

  it('decides 党委前置研究 at a committee meeting, checking quorum and majority', async () => {
    await approvalPolicy({ launchByKind: { secretary_project: [{ scope: 'parent_unit', mode: 'sequential' }, { scope: 'committee', mode: 'sequential', meeting: true }] } });
    // The branch secretary's own 书记项目.
    const projectId = await submitted('zhang', { kind: 'secretary_project' });
    ok(await as('li').post(`/tasks/${(await openTask('li', projectId, 'general branch level')).id}/decision`, { decision: 'approve' }));
    const step = await openTask('wang', projectId, 'committee meeting level');
    // The step says it is decided at a meeting, and by whom (the submitter excused), offering no lone decision; to its assignee only.
    const meetingLevel = ok(await as('wang').get(`/tasks/${step.id}`));
    expect([meetingLevel.decisions, meetingLevel.assigneeId]).toEqual([[], person('wang').id]);
    expect(meetingLevel.meeting.members.map((m: { id: string }) => m.id).sort()).toEqual([person('wang').id, person('m1').id, person('m2').id].sort());
    expect(ok(await as('li').get(`/tasks/${step.id}`)).meeting).toBeNull();
    expect(refusal(await as('wang').post(`/tasks/${step.id}/decision`, { decision: 'approve' }))).toEqual([409, 'WRONG_STAGE']);
    const meeting = { heldOn: '2026-03-05', minutesRef: '党委会纪要〔2026〕5号', votesAgainst: 0, abstentions: 0 };
    const noQuorum = await as('wang').post(`/tasks/${step.id}/meeting`, { meeting: { ...meeting, attendeeIds: [person('wang').id], votesFor: 1 } });
    expect([noQuorum.status, noQuorum.body.code, noQuorum.body.message]).toEqual([
      409,
      'QUORUM_NOT_MET',
      '1 of 3 members attended; more than half must attend for the meeting to decide',
    ]);
    const byMember = await as('m1').post(`/tasks/${step.id}/meeting`, { meeting: { ...meeting, attendeeIds: [person('wang').id, person('m1').id], votesFor: 2 } });
    expect(byMember.status).toBe(409);
    const key = randomUUID();
    const body = { meeting: { ...meeting, attendeeIds: [person('wang').id, person('m1').id], votesFor: 2 }, comment: '党委会研究同意' };
    const first = ok(await as('wang').post(`/tasks/${step.id}/meeting`, body, key));
    expect(ok(await as('wang').post(`/tasks/${step.id}/meeting`, body, key))).toEqual(first);
    await waitForStatus(projectId, 'active');
    const decisions = await ds.getRepository(DecisionEntity).find({ where: { projectId, level: 1 } });
    expect(decisions.map((d) => [d.decision, d.meeting?.minutesRef, d.meeting?.votesFor])).toEqual([['approve', '党委会纪要〔2026〕5号', 2]]);
    const audited = await ds.getRepository(AuditEventEntity).countBy({ projectId, action: 'meeting_approve' });
    expect(audited).toBe(1);
    // The denied attempts are audited too.
    const denied = await ds.getRepository(AuditEventEntity).findBy({ projectId, action: 'denied' });
    expect(denied.map((e) => e.detail.code).sort()).toEqual(['NOT_ASSIGNEE', 'QUORUM_NOT_MET', 'WRONG_STAGE']);
  });

  it('lets the submitter withdraw before the final decision, closing the open steps, and refuses it afterwards', async () => {
    await approvalPolicy({});
    const projectId = await submitted('chen', {}, { ccIds: [person('zhou').id] });
    await openTask('zhang', projectId, 'step to be withdrawn');
    expect(refusal(await as('zhang').post(`/projects/${projectId}/withdraw`, { comment: '不是我的' }))).toEqual([403, 'FORBIDDEN']);
    const key = randomUUID();
    const first = ok(await as('chen').post(`/projects/${projectId}/withdraw`, { comment: '方案需重新论证' }, key));
    expect(first.status).toBe('withdrawn');
    const retried = ok(await as('chen').post(`/projects/${projectId}/withdraw`, { comment: '方案需重新论证' }, key));
    expect(retried.workflow).toEqual(first.workflow);
    await noOpenTask('zhang', projectId, 'the withdrawn step closed');
    const again = await as('chen').post(`/projects/${projectId}/withdraw`, {}, randomUUID());
    expect([again.status, again.body.code, again.body.message]).toEqual([409, 'WRONG_STAGE', 'only a project whose launch is not yet decided can be withdrawn (it is withdrawn)']);
    expect(await ds.getRepository(AuditEventEntity).countBy({ projectId, action: 'withdrawn', actorId: person('chen').id })).toBe(1);

    const decided = await submitted('chen');
    ok(await as('zhang').post(`/tasks/${(await openTask('zhang', decided, 'first level')).id}/decision`, { decision: 'approve' }));
    ok(await as('li').post(`/tasks/${(await openTask('li', decided, 'second level')).id}/decision`, { decision: 'approve' }));
    await waitForStatus(decided, 'active');
    expect(refusal(await as('chen').post(`/projects/${decided}/withdraw`, {}, randomUUID()))).toEqual([409, 'WRONG_STAGE']);

    // Mail: zhang was told of the step once; nobody was told of an outcome of a withdrawn request.
    expect(mailTo('zhang', '【待办】').filter((m) => m.text.includes(first.title))).toHaveLength(1);
    expect(mailTo('zhou', '【抄送】')).toHaveLength(0);
  });

  it('ends the year of a launch rejected at its first level: the project is rejected for good, neither withdrawn nor resubmitted', async () => {
    await approvalPolicy({});
    const projectId = await submitted('chen');
    const task = await openTask('zhang', projectId, 'level to reject');
    ok(await as('zhang').post(`/tasks/${task.id}/decision`, { decision: 'reject', comment: '目标不可考核' }));
    await waitForStatus(projectId, 'rejected');
    expect(refusal(await as('chen').post(`/projects/${projectId}/withdraw`, {}, randomUUID()))).toEqual([409, 'WRONG_STAGE']);
    expect(refusal(await as('chen').post(`/projects/${projectId}/resubmit`, {}, randomUUID()))).toEqual([409, 'WRONG_STAGE']);
    expect(await ds.getRepository(AuditEventEntity).countBy({ projectId, action: 'launch_rejected' })).toBe(1);
  });

  it('sends back to the previous level, resumes at the level that sent it back, copies people in, and asks comments where policy says', async () => {
    await approvalPolicy({ onResubmit: 'resume', commentRequired: ['delegate'] });
    const projectId = await submitted('chen', {}, { ccIds: [person('zhou').id] });
    const title = ok(await as('chen').get(`/projects/${projectId}`)).title as string;
    const zhang1 = await openTask('zhang', projectId, 'first branch step');
    expect(refusal(await as('li').post(`/tasks/${zhang1.id}/decision`, { decision: 'approve' }))).toEqual([409, 'NOT_ASSIGNEE']);
    expect(refusal(await as('zhang').post(`/tasks/${zhang1.id}/decision`, { decision: 'send_back_previous', comment: '无上一级' }))).toEqual([409, 'DECISION_NOT_ALLOWED']);
    ok(await as('zhang').post(`/tasks/${zhang1.id}/decision`, { decision: 'approve' }));
    expect(refusal(await as('zhang').post(`/tasks/${zhang1.id}/decision`, { decision: 'approve' }, randomUUID()))).toEqual([409, 'ALREADY_DECIDED']);

    const li1 = await openTask('li', projectId, 'first general branch step');
    expect(refusal(await as('li').post(`/tasks/${li1.id}/decision`, { decision: 'send_back_previous' }))).toEqual([409, 'COMMENT_REQUIRED']);
    ok(await as('li').post(`/tasks/${li1.id}/decision`, { decision: 'send_back_previous', comment: '请支部先核实人数' }));
    const zhang2 = await openTask('zhang', projectId, 'branch step again', (t) => t.id !== zhang1.id);
    expect(zhang2.chain.steps.map((s: Body) => [s.level, s.outcome])).toEqual([
      [0, 'approve'],
      [1, 'send_back_previous'],
      [0, null],
    ]);
    ok(await as('zhang').post(`/tasks/${zhang2.id}/decision`, { decision: 'approve', comment: '已核实' }));
    const li2 = await openTask('li', projectId, 'general branch step again', (t) => t.id !== li1.id);
    ok(await as('li').post(`/tasks/${li2.id}/decision`, { decision: 'send_back', comment: '目标请量化到月' }));
    await waitForStatus(projectId, 'sent_back');
    ok(await as('chen').post(`/projects/${projectId}/resubmit`, { goals: [{ title: '隐患排查整改', target: '每月 ≥ 4 项' }] }, randomUUID()));

    // Resumed at the general branch: the branch is not asked a third time.
    const li3 = await openTask('li', projectId, 'resumed general branch step', (t) => t.id !== li2.id);
    expect(li3.level).toBe(1);
    expect(ok(await as('zhang').get('/tasks?assignee=me&status=open')).some((t: Body) => t.projectId === projectId)).toBe(false);
    expect(refusal(await as('li').post(`/tasks/${li3.id}/delegate`, { toId: person('wang').id }))).toEqual([409, 'COMMENT_REQUIRED']);
    ok(await as('li').post(`/tasks/${li3.id}/decision`, { decision: 'approve' }));
    await waitForStatus(projectId, 'active');

    // 抄送: told of each round's outcome, once each.
    await sink.waitFor(() => mailTo('zhou', '【抄送】').length >= 2 && mailTo('chen', '【立项审批】已通过').some((m) => m.subject.endsWith(title)), 20_000);
    const subjects = (who: Who, fragment: string) => mailTo(who, fragment).map((m) => m.subject).filter((subject) => subject.endsWith(title));
    expect(subjects('zhou', '【抄送】')).toEqual([`【抄送】立项审批已退回修改：${title}`, `【抄送】立项审批已通过：${title}`]);
    expect(subjects('chen', '【立项审批】')).toEqual([`【立项审批】已退回修改：${title}`, `【立项审批】已通过：${title}`]);
  });

  it('reminds the approver before a level falls due and escalates to their superior after it, once each', async () => {
    await approvalPolicy({ levelDeadline: { dueIn: '6s', remindBefore: ['4s'], escalateAfter: ['2s'] } });
    const submittedAt = Date.now();
    const projectId = await submitted('chen');
    const title = ok(await as('chen').get(`/projects/${projectId}`)).title as string;
    const step = await openTask('zhang', projectId, 'a step with a due time');
    expect(Date.parse(step.dueAt) - submittedAt).toBeGreaterThanOrEqual(5_000);
    await sink.waitFor(() => mailTo('li', '【督办】立项审批').some((m) => m.subject.includes(title)), 20_000);
    ok(await as('zhang').post(`/tasks/${step.id}/decision`, { decision: 'approve' }));
    ok(await as('li').post(`/tasks/${(await openTask('li', projectId, 'second level')).id}/decision`, { decision: 'approve' }));
    await waitForStatus(projectId, 'active');
    const reminders = mailTo('zhang', '【提醒】立项审批').filter((m) => m.subject.includes(title));
    const escalations = mailTo('li', '【督办】立项审批').filter((m) => m.subject.includes(title));
    expect([reminders.length, escalations.length]).toEqual([1, 1]);
    expect(escalations[0].text).toContain('张卫东');
    const deadlines = await pollUntil(
      () => ds.getRepository(DeadlineEntity).find({ where: { projectId, kind: 'approval' }, order: { dueAt: 'ASC' } }),
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
    ok(await api.as(adminToken).put(`/policies/${year}`, { ...defaultYearPolicy(year), version: `e2e-${randomUUID().slice(0, 8)}`, approval: { ...defaultApprovalPolicy, levelDeadline: null } }));
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
    const calendarMail = () => sink.messages.filter((m) => m.to.includes(adminLogin.email) && m.subject.startsWith('【日历】'));
    await sink.waitFor(() => calendarMail().length > 0, 20_000);
    expect(calendarMail().map((m) => m.subject)).toEqual(['【日历】2027年节假日安排尚未发布']);
  });

  it('extends an overdue quarterly report (延期) through the owning branch, shows why the date moved, and counts the report on time', async () => {
    // Q1 fell due in April: the report is overdue from the start (with no escalation to keep the test quiet).
    const base = defaultYearPolicy(year);
    const quarters = base.quarterly.quarters.map((q) => (q.quarter === 1 ? q : { ...q, dueAt: q.dueAt.replace(/^\d{4}/, '2099') }));
    const quarterly = { quarters, ladder: { remindBefore: [], escalate: [] } };
    ok(await api.as(adminToken).put(`/policies/${year}`, { ...base, quarterly, version: `e2e-${randomUUID().slice(0, 8)}`, approval: { ...defaultApprovalPolicy, levelDeadline: null } }));
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
    await sink.waitFor(() => mailTo('chen', '【延期】已同意').length > 0, 20_000);
    expect(mailTo('chen', '【延期】')).toHaveLength(1);
  });

  it('hands a step (转交, 加签) only to someone who may decide at its level, and checks the decider again at each decision', async () => {
    await approvalPolicy({});
    const projectId = await submitted('chen');
    const step = await openTask('zhang', projectId, 'branch level');
    const handTo = async (path: 'delegate' | 'add-approver', who: Who) => {
      const body = path === 'delegate' ? { toId: person(who).id, comment: '请代为审核' } : { personId: person(who).id, position: 'after' };
      const res = await as('zhang').post(`/tasks/${step.id}/${path}`, body, randomUUID());
      return [res.status, res.body.code, res.body.message];
    };
    // The organisation-wide auditor, a secretary of a sibling subtree, and the owner: none may decide at the branch.
    expect(await handTo('delegate', 'audit')).toEqual([409, 'DECISION_NOT_ALLOWED', `toId：${person('audit').name}是纪检审计人员，只监督不审批，不能接受转交`]);
    expect(await handTo('add-approver', 'audit')).toEqual([409, 'DECISION_NOT_ALLOWED', `personId：${person('audit').name}是纪检审计人员，只监督不审批，不能被加签`]);
    const levelName = step.levelUnitName as string;
    expect(await handTo('delegate', 'sun')).toEqual([409, 'DECISION_NOT_ALLOWED', `toId：${person('sun').name}在${levelName}及其上级党组织中没有书记或委员职务，不能接受转交`]);
    expect(await handTo('add-approver', 'zhou')).toEqual([409, 'DECISION_NOT_ALLOWED', `personId：${person('zhou').name}在${levelName}及其上级党组织中没有书记或委员职务，不能被加签`]);
    expect((await handTo('delegate', 'chen')).slice(0, 2)).toEqual([409, 'SELF_APPROVAL']);
    // Nothing was handed on: zhang still holds the step, nobody else got one.
    expect((await openTask('zhang', projectId, 'step still with zhang')).id).toBe(step.id);
    for (const who of ['audit', 'sun', 'zhou'] as const) expect(ok(await as(who).get('/tasks?assignee=me&status=open')).some((t: Body) => t.projectId === projectId)).toBe(false);

    // A committee member sits above the branch: 加签 after zhang is accepted.
    ok(await as('zhang').post(`/tasks/${step.id}/add-approver`, { personId: person('m1').id, position: 'after' }, randomUUID()));
    // zhang's secretary role ends (换届) before they decide: their open step no longer lets them decide.
    const grant = { personId: person('zhang').id, orgUnitId: org.units.branch, role: 'secretary' as const };
    await ds.getRepository(RoleAssignmentEntity).delete(grant);
    try {
      const res = await as('zhang').post(`/tasks/${step.id}/decision`, { decision: 'approve' }, randomUUID());
      expect([res.status, res.body.message]).toEqual([403, `你在${levelName}及其上级党组织中没有书记或委员职务，不能审批此事项`]);
    } finally {
      await ds.getRepository(RoleAssignmentEntity).save(grant);
    }
    ok(await as('zhang').post(`/tasks/${step.id}/decision`, { decision: 'approve' }, randomUUID()));
    ok(await as('m1').post(`/tasks/${(await openTask('m1', projectId, 'added committee member')).id}/decision`, { decision: 'approve' }, randomUUID()));
    await openTask('li', projectId, 'general branch level after the branch');
  });

  it('shows admins a mail refused for good, while the notice stays in the recipient\'s inbox', async () => {
    await approvalPolicy({});
    sink.setResponder((input) => (input.stage === 'RCPT' && input.recipient === person('zhou').email ? { code: 550, message: '5.1.1 mailbox unavailable' } : null));
    try {
      const projectId = await submitted('chen', {}, { ccIds: [person('zhou').id] });
      ok(await as('zhang').post(`/tasks/${(await openTask('zhang', projectId, 'first level')).id}/decision`, { decision: 'approve' }));
      ok(await as('li').post(`/tasks/${(await openTask('li', projectId, 'second level')).id}/decision`, { decision: 'approve' }));
      const undelivered = await pollUntil(
        async () => ok(await api.as(adminToken).get('/notices/undelivered')) as Body[],
        (rows) => rows.some((n) => n.projectId === projectId),
        { timeoutMs: 20_000, what: 'the refused cc mail listed for admins' },
      );
      expect(undelivered.filter((n) => n.projectId === projectId).map((n) => [n.kind, n.email, n.mail, n.attempts])).toEqual([['approval_cc', person('zhou').email, 'failed', 1]]);
      expect(undelivered.find((n) => n.projectId === projectId)?.lastError).toMatch(/550/);
      const inbox = ok(await as('zhou').get('/notices')) as Body[];
      expect(inbox.filter((n) => n.projectId === projectId).map((n) => [n.kind, n.mail])).toEqual([['approval_cc', 'failed']]);
      expect((await as('li').get('/notices/undelivered')).status).toBe(403);
    } finally {
      sink.setResponder(null);
    }
  });
});
