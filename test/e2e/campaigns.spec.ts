import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditEventEntity } from '../../libs/db/entities/index.js';
import { campaignChain } from '../../libs/db/repositories/audit.repository.js';
import type { MailSink } from '../../libs/dev-stack/mail-sink.js';
import { closeApiStack, startApiStack } from '../support/api-stack.js';
import { addPersonViaApi, castOf, ok, type ApiHarness, type ApiOrg, type OrgPerson, type PersonKey } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';
import type { TestStack } from '../support/stack.js';

type Body = Record<string, any>;

/**
 * Reporting campaigns (报告任务) through HTTP on a real Temporal server, Postgres and SMTP server: a campaign fanned
 * out to three branches with a second-scale due time and ladder, the roll-up of who reported on time, late or not at
 * all, the mail each unit's deadline causes, the refusals users see, and a recurring campaign issued from its schedule.
 */
describe('reporting campaigns through the API', () => {
  let stack: TestStack;
  let ds: DataSource;
  let sink: MailSink;
  let api: ApiHarness;
  let org: ApiOrg;
  let adminToken: string;
  /**
   * Beside the standard org: 三车间党支部 (category 生产) under the general branch with its secretary qian, a secretary
   * for 市场部党支部, a committee member (委员), and the member of another committee's tree.
   */
  let extra: Record<'sun' | 'qian' | 'm1' | 'stranger', OrgPerson>;
  let thirdBranch: string;

  beforeAll(async () => {
    ({ stack, api, adminToken, org } = await startApiStack());
    ({ ds, sink } = stack);
    const tag = randomUUID().slice(0, 6);
    const admin = api.as(adminToken);
    thirdBranch = ok(await admin.post('/org-units', { name: `三车间党支部-${tag}`, kind: 'branch', parentId: org.units.general, category: '生产' })).id;
    const elsewhere = ok(await admin.post('/org-units', { name: `外部党委-${tag}`, kind: 'committee' })).id;
    const add = (key: string, name: string, role: string, orgUnitId: string) => addPersonViaApi(api, adminToken, { key, name, role, orgUnitId, tag });
    extra = {
      sun: await add('sun', '孙书记', 'secretary', org.units.otherBranch),
      qian: await add('qian', '钱书记', 'secretary', thirdBranch),
      m1: await add('m1', '赵委员', 'member', org.units.committee),
      stranger: await add('stranger', '冯委员', 'member', elsewhere),
    };
  });

  afterEach(() => sink.setResponder(null));
  afterAll(() => closeApiStack({ stack, api }, 'campaigns'));

  type Who = PersonKey | keyof typeof extra;
  const { person, as } = castOf(() => ({ api, org, extra }));
  const refusal = (res: { status: number; body: Body }) => [res.status, res.body.code, res.body.message];
  const campaignBody = (overrides: Body = {}): Body => ({
    title: `2026年度述职述责-${randomUUID().slice(0, 6)}`,
    instructions: '请按模板撰写述职述责报告，经支委会讨论后报送。',
    targets: { kinds: ['branch'] },
    dueRule: { kind: 'working_days_after', days: 10, at: '17:30' },
    ...overrides,
  });
  /** Each unit's [status, overdue], by unit id. */
  const statusByUnit = (campaign: Body) => Object.fromEntries((campaign.units as Body[]).map((u) => [u.unitId, [u.status, u.overdue]]));

  it('rolls up who reported on time, late and not at all, and mails each notice of each unit once, to the right people', async () => {
    const { branch, otherBranch } = org.units;
    // qian's mail server defers twice (451), then accepts; li's refuses for good (550).
    let deferrals = 0;
    sink.setResponder((input) => {
      if (input.stage !== 'RCPT') return null;
      if (input.recipient === person('li').email) return { code: 550, message: '5.1.1 mailbox unavailable' };
      if (input.recipient === extra.qian.email && deferrals < 2) {
        deferrals++;
        return { code: 451, message: '4.7.1 try again later' };
      }
      return null;
    });
    // Due in 20 s: reminded 6 s before (zhang's on-time report comes well before that, even on a loaded machine);
    // then the secretaries 1 s after, the unit above 3 s after (分级督办).
    const body = campaignBody({
      dueRule: undefined,
      dueAt: new Date(Date.now() + 20_000).toISOString(),
      ladder: { remindBefore: ['6s'], escalate: [{ after: '1s', to: 'owner' }, { after: '3s', to: 'parent_unit_secretary' }] },
    });
    const key = randomUUID();
    const created = ok(await as('m1').post('/campaigns', body, key));
    expect(created).toMatchObject({ title: body.title, status: 'open', dueAt: new Date(body.dueAt).toISOString(), rule: null, templateId: null, recurrence: null });
    expect(created.counts).toEqual({ targets: 3, onTime: 0, late: 0, missing: 3, overdue: 0 });
    expect(statusByUnit(created)).toEqual({ [branch]: ['missing', false], [otherBranch]: ['missing', false], [thirdBranch]: ['missing', false] });
    // The same request again (a retry) finds the campaign it issued.
    expect((ok(await as('m1').post('/campaigns', body, key)) as Body).id).toBe(created.id);
    const id = created.id as string;
    const report = (who: Who, unitId: string, key?: string) => as(who).post(`/campaigns/${id}/reports`, { unitId, text: `${person(who).name}的述职述责报告` }, key);

    // Only a secretary of the unit reports for it; outsiders and auditors not at all; each unit once.
    expect(refusal(await report('chen', branch))).toEqual([403, 'FORBIDDEN', `only a secretary of ${created.units.find((u: Body) => u.unitId === branch).unitName} can submit its report`]);
    expect(refusal(await report('zhang', otherBranch))).toEqual([403, 'FORBIDDEN', 'this belongs to a unit outside your organisation scope']);
    expect((await report('audit', branch)).status).toBe(403);
    expect(refusal(await report('li', org.units.general))).toEqual([400, 'INVALID_INPUT', 'unitId: 该党组织不在这项工作的报送范围内']);
    const zhangKey = randomUUID();
    const onTime = ok(await report('zhang', branch, zhangKey));
    expect(statusByUnit(onTime)[branch]).toEqual(['on_time', false]);
    expect(ok(await report('zhang', branch, zhangKey)).units).toEqual(onTime.units);
    expect(refusal(await report('zhang', branch)).slice(0, 2)).toEqual([409, 'WRONG_STAGE']);
    expect(ok(await as('zhang').get('/tasks?assignee=me&status=open')).some((t: Body) => t.campaignId === id)).toBe(false);

    // Past due: the late and the missing unit climb the tree; 市场部's general branch has no secretary, so the committee hears.
    const mailOf = () => sink.messages.filter((m) => m.subject.includes(body.title));
    const escalated = (who: Who) => mailOf().some((m) => m.to.includes(person(who).email) && m.subject.startsWith('【督办】'));
    const refused = async () => (ok(await api.as(adminToken).get('/notices/undelivered')) as Body[]).filter((n) => n.subject.includes(body.title));
    await sink.waitFor(() => escalated('wang'), 40_000);
    // The refused escalation stands in li's inbox and is listed for admins; the ladder went on to the committee regardless.
    const undelivered = await pollUntil(refused, (rows) => rows.length > 0, { timeoutMs: 20_000, what: "li's refused escalation listed" });
    expect(undelivered.map((n) => [n.kind, n.email, n.mail, n.attempts])).toEqual([['escalation', person('li').email, 'failed', 1]]);
    expect((ok(await as('li').get('/notices')) as Body[]).filter((n) => n.subject.includes(body.title)).map((n) => [n.kind, n.mail])).toEqual([['escalation', 'failed']]);
    const qianTask = (ok(await as('qian').get('/tasks?assignee=me&status=open')) as Body[]).find((t) => t.campaignId === id);
    expect(qianTask).toMatchObject({ kind: 'campaign_report', projectId: null, subjectId: thirdBranch, overdue: true });
    ok(await report('sun', otherBranch));

    const rolled = await pollUntil(
      async () => ok(await as('wang').get(`/campaigns/${id}`)) as Body,
      (c) => c.counts.late === 1,
      { timeoutMs: 20_000, what: 'the late report counted' },
    );
    expect(rolled.counts).toEqual({ targets: 3, onTime: 1, late: 1, missing: 1, overdue: 1 });
    expect(statusByUnit(rolled)).toEqual({ [branch]: ['on_time', false], [otherBranch]: ['late', false], [thirdBranch]: ['missing', true] });
    expect(rolled.units.find((u: Body) => u.unitId === otherBranch)).toMatchObject({ submittedByName: '孙书记', submission: '孙书记的述职述责报告' });
    // A branch secretary sees their own unit's row; the list shows the campaign with the same counts to the committee.
    expect(ok(await as('sun').get(`/campaigns/${id}`)).units.map((u: Body) => u.unitId)).toEqual([otherBranch]);
    expect((ok(await as('wang').get('/campaigns')) as Body[]).find((c) => c.id === id)?.counts).toEqual(rolled.counts);

    // Exactly: the issue to each secretary; a reminder, the overdue notice and one escalation for each unit not in by then.
    const who = new Map(Object.keys({ ...org.people, ...extra }).map((k) => [person(k as Who).email, k]));
    const received = mailOf()
      .map((m) => `${who.get(m.to[0])} ${m.subject.slice(0, m.subject.indexOf('】') + 1)}`)
      .sort();
    expect(received).toEqual(
      [
        'zhang 【报告任务】',
        'sun 【报告任务】',
        'qian 【报告任务】',
        'sun 【提醒】',
        'qian 【提醒】',
        'sun 【逾期】',
        'qian 【逾期】',
        'wang 【督办】',
      ].sort(),
    );
    // Deferred twice, then delivered: each of qian's notices arrived once.
    expect(deferrals).toBe(2);
    const qianNotices = (ok(await as('qian').get('/notices')) as Body[]).filter((n) => n.subject.includes(body.title));
    expect(qianNotices.map((n) => n.mail)).toEqual(['sent', 'sent', 'sent']);
    const issued = mailOf().find((m) => m.to.includes(extra.qian.email) && m.subject.startsWith('【报告任务】'));
    expect(issued?.text).toContain(body.instructions);

    // Every change is in the campaign's own audit chain, each event linked to the one before.
    const chain = await ds.getRepository(AuditEventEntity).find({ where: { chainKey: campaignChain(id) }, order: { seq: 'ASC' } });
    expect(chain.filter((e) => e.action === 'campaign_report_submitted').map((e) => e.actorId)).toEqual([person('zhang').id, extra.sun.id]);
    expect(chain.map((e) => e.action)).toEqual(expect.arrayContaining(['campaign_issued', 'tasks_opened', 'deadline_open', 'deadline_overdue', 'deadline_met', 'deadline_late']));
    chain.slice(1).forEach((e, i) => expect(e.prevHash).toBe(chain[i].hash));
  });

  it('closes at its end date: the units still missing are marked missing for good, audited, and a late report is refused', async () => {
    const { branch, otherBranch } = org.units;
    const body = campaignBody({ dueRule: undefined, dueAt: new Date(Date.now() + 8_000).toISOString(), closeAfter: '2s', ladder: { remindBefore: [], escalate: [] } });
    const created = ok(await as('wang').post('/campaigns', body));
    const id = created.id as string;
    expect(created.closesAt).toBe(new Date(Date.parse(body.dueAt) + 2_000).toISOString());
    ok(await as('zhang').post(`/campaigns/${id}/reports`, { unitId: branch, text: '一车间述职述责报告' }));
    const closed = await pollUntil(async () => ok(await as('wang').get(`/campaigns/${id}`)) as Body, (c) => c.status === 'closed', {
      timeoutMs: 40_000,
      what: 'the campaign closed at its end date',
    });
    expect([closed.closedAt, closed.counts]).toEqual([created.closesAt, { targets: 3, onTime: 1, late: 0, missing: 2, overdue: 2 }]);
    expect(statusByUnit(closed)).toEqual({ [branch]: ['on_time', false], [otherBranch]: ['missing', true], [thirdBranch]: ['missing', true] });
    expect(refusal(await as('sun').post(`/campaigns/${id}/reports`, { unitId: otherBranch, text: '迟到的报告' }))).toEqual([
      409,
      'WRONG_STAGE',
      `the campaign closed at ${created.closesAt}; reports are no longer taken`,
    ]);
    expect((ok(await as('sun').get('/tasks?assignee=me&status=open')) as Body[]).some((t) => t.campaignId === id)).toBe(false);
    const audited = await ds.getRepository(AuditEventEntity).findBy({ chainKey: campaignChain(id), action: 'campaign_closed' });
    expect(audited.map((e) => [...(e.detail.missingUnitIds as string[])].sort())).toEqual([[otherBranch, thirdBranch].sort()]);
  });

  it('refuses issuers outside the committee, names every bad field, and keeps campaigns from outsiders', async () => {
    expect(refusal(await as('zhang').post('/campaigns', campaignBody()))).toEqual([
      403,
      'FORBIDDEN',
      'only the committee (党委 secretaries and members) or an administrator can issue a reporting campaign',
    ]);
    expect((await as('audit').post('/campaigns', campaignBody())).status).toBe(403);
    const bad = await as('wang').post(
      '/campaigns',
      campaignBody({ title: ' ', targets: {}, dueAt: '2020-01-01T00:00:00+08:00', ladder: { remindBefore: ['soon'], escalate: [] }, remindOn: [{ workingDaysBefore: 1, at: '9点' }] }),
    );
    expect([bad.status, bad.body.message]).toEqual([
      400,
      [
        'title 请填写工作名称',
        'targets 请至少指定组织类型（kinds）、组织类别（category）或党组织范围（subtreeId）中的一项',
        'dueRule 截止规则（dueRule）和固定的截止时间（dueAt）只能设置一项',
        'remindOn[0].at 应为时刻，格式为 HH:MM，例如 17:30',
        'dueAt 截止时间应晚于现在',
        'ladder.remindBefore[0] 应为时长，例如 3s、10m、2h 或 5d（秒、分钟、小时、天）',
      ],
    ]);
    const shapes = await as('wang').post('/campaigns', campaignBody({ targets: { kinds: ['cell'] }, recurrence: { every: 'monthly', catchupWindow: '7d' }, extra: 1 }));
    expect([shapes.status, [...shapes.body.message].sort()]).toEqual([
      400,
      [
        'extra: 不能提交未定义的字段「extra」',
        'recurrence.every: 重复设置的重复周期不是可选的值，请从列表中选择',
        'targets.kinds: 发布范围的组织类型中的每一项不是可选的值，请从列表中选择',
      ],
    ]);
    expect(refusal(await as('wang').post('/campaigns', campaignBody({ targets: { subtreeId: randomUUID() } })))).toEqual([400, 'INVALID_INPUT', 'targets.subtreeId: 所选的党组织不存在，请从组织树中选择']);
    expect((await as('wang').post('/campaigns', campaignBody({ closeAfter: 'a month' }))).body.message).toEqual(['closeAfter 应为时长，例如 3s、10m、2h 或 5d（秒、分钟、小时、天）']);
    expect(refusal(await as('wang').post('/campaigns', campaignBody({ targets: { category: '后勤' } })))).toEqual([400, 'INVALID_INPUT', 'targets: 按所选的发布范围找不到任何党组织，请调整组织类型、组织类别或党组织范围']);
    // Another committee's member may issue campaigns, but not to this tree's branches.
    expect(refusal(await as('stranger').post('/campaigns', campaignBody())).slice(0, 2)).toEqual([403, 'FORBIDDEN']);

    const created = ok(await as('wang').post('/campaigns', campaignBody({ targets: { subtreeId: org.units.otherGeneral } })));
    expect(created.units.map((u: Body) => u.unitId).sort()).toEqual([org.units.otherGeneral, org.units.otherBranch].sort());
    expect(created.rule).toBe('下发后第10个工作日 17:30');
    expect(refusal(await as('stranger').get(`/campaigns/${created.id}`))).toEqual([403, 'FORBIDDEN', 'this campaign asks no unit within your organisation scope']);
    expect((ok(await as('stranger').get('/campaigns')) as Body[]).some((c) => c.id === created.id)).toBe(false);
    expect((await as('wang').get(`/campaigns/${randomUUID()}`)).status).toBe(404);
    expect((await as('wang').get('/campaigns/not-an-id')).status).toBe(400);
  });

  it('issues a recurring campaign from a Temporal Schedule with the catch-up window asked for, each run a campaign of its own', async () => {
    const body = campaignBody({ targets: { kinds: ['branch'], category: '生产' }, dueRule: { kind: 'working_days_after', days: 5, at: '17:30' }, recurrence: { every: 'quarterly', catchupWindow: '7d' } });
    const template = ok(await as('wang').post('/campaigns', body));
    expect(template).toMatchObject({ status: 'scheduled', dueAt: null, rule: '下发后第5个工作日 17:30', units: [], runs: [], counts: { targets: 0 } });
    expect(template.recurrence).toEqual({ every: 'quarterly', catchupWindow: '7d', scheduleId: `campaign-schedule-${template.id}` });
    const schedule = stack.temporal.client.schedule.getHandle(template.recurrence.scheduleId);
    try {
      const described = await schedule.describe();
      expect(described.policies).toMatchObject({ catchupWindow: 7 * 86_400_000, overlap: 'ALLOW_ALL' });
      expect(described.spec.timezone).toBe('Asia/Shanghai');
      expect(described.spec.calendars?.[0]).toMatchObject({
        month: [{ start: 'JANUARY' }, { start: 'APRIL' }, { start: 'JULY' }, { start: 'OCTOBER' }].map((m) => ({ ...m, end: m.start, step: 1 })),
        dayOfMonth: [{ start: 1, end: 1, step: 1 }],
        hour: [{ start: 9, end: 9, step: 1 }],
      });

      await schedule.trigger();
      const runs = await pollUntil(
        async () => (ok(await as('wang').get('/campaigns')) as Body[]).filter((c) => c.templateId === template.id),
        (list) => list.length === 1,
        { timeoutMs: 20_000, what: 'the run the schedule started' },
      );
      expect(runs[0]).toMatchObject({ title: body.title, status: 'open', rule: '下发后第5个工作日 17:30', counts: { targets: 1, missing: 1 } });
      const run = ok(await as('qian').get(`/campaigns/${runs[0].id}`));
      expect(run.units.map((u: Body) => u.unitId)).toEqual([thirdBranch]);
      expect(ok(await as('wang').get(`/campaigns/${template.id}`)).runs.map((r: Body) => r.id)).toEqual([runs[0].id]);
      await sink.waitFor(() => sink.messages.some((m) => m.to.includes(extra.qian.email) && m.subject === `【报告任务】${body.title}：${run.units[0].unitName}`), 20_000);
      // Due by the rule, counted from the day of issue: 17:30 Beijing time some working days ahead.
      expect([run.dueAt.slice(11, 16), Date.parse(run.dueAt) > Date.now()]).toEqual(['09:30', true]);
      // The template asks no unit itself: its issuer is told runs take the reports; a unit's secretary, who cannot see it, is refused first.
      expect(refusal(await as('wang').post(`/campaigns/${template.id}/reports`, { unitId: thirdBranch, text: '报告' })).slice(0, 2)).toEqual([409, 'WRONG_STAGE']);
      expect(refusal(await as('qian').post(`/campaigns/${template.id}/reports`, { unitId: thirdBranch, text: '报告' })).slice(0, 2)).toEqual([403, 'FORBIDDEN']);
      ok(await as('qian').post(`/campaigns/${run.id}/reports`, { unitId: thirdBranch, text: '三车间述职述责报告' }));
      const done = await pollUntil(async () => ok(await as('qian').get(`/campaigns/${run.id}`)) as Body, (c) => c.status === 'completed', {
        timeoutMs: 20_000,
        what: 'the run completed once its one unit reported',
      });
      expect([done.counts, done.closedAt === null]).toEqual([{ targets: 1, onTime: 1, late: 0, missing: 0, overdue: 0 }, false]);
    } finally {
      await schedule.delete();
    }
  });
});
