import { createHash, randomUUID } from 'node:crypto';
import { defaultApprovalPolicy, defaultYearPolicy, type DeadlineLadder, type SeverityRule } from '../../libs/domain/index.js';
import type { MailSink } from '../../libs/dev-stack/mail-sink.js';
import { closeApiStack, startApiStack } from '../support/api-stack.js';
import { addPersonViaApi, castOf, draftBody, ok, type ApiHarness, type ApiOrg, type OrgPerson, type PersonKey } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';
import type { TestStack } from '../support/stack.js';

type Body = Record<string, any>;

/**
 * 一台账、两清单 through HTTP on a real Temporal server, Postgres and SMTP server: a serious finding with two items, due
 * by its severity's rule; one closed on time, one failing verification, reopening, going overdue and escalated straight
 * to the committee, with both owners mailed once per rung and both marked accountable (双问责).
 */
describe('the rectification ledger through the API', () => {
  let stack: TestStack;
  let sink: MailSink;
  let api: ApiHarness;
  let org: ApiOrg;
  let adminToken: string;
  /** Item B's two owners, and four committee members (党委委员) who score with wang, beside the standard org. */
  let extra: Record<'zhao' | 'qian' | 'm1' | 'm2' | 'm3' | 'm4', OrgPerson>;
  const year = 2026;

  beforeAll(async () => {
    ({ stack, api, adminToken, org } = await startApiStack());
    ({ sink } = stack);
    const tag = randomUUID().slice(0, 6);
    const add = (key: string, name: string, orgUnitId: string) => addPersonViaApi(api, adminToken, { key, name, role: 'member', orgUnitId, tag });
    extra = {
      zhao: await add('zhao', '赵党员', org.units.branch),
      qian: await add('qian', '钱班长', org.units.branch),
      m1: await add('m1', '周委员', org.units.committee),
      m2: await add('m2', '吴委员', org.units.committee),
      m3: await add('m3', '郑委员', org.units.committee),
      m4: await add('m4', '冯委员', org.units.committee),
    };
  });

  afterAll(() => closeApiStack({ stack, api }, 'ledger'));

  type Who = PersonKey | keyof typeof extra;
  const { person, as } = castOf(() => ({ api, org, extra }));
  const openTask = async (who: Who, what: string, match: (t: Body) => boolean): Promise<Body> =>
    (await pollUntil(async () => ok(await as(who).get('/tasks')) as Body[], (list) => list.some(match), { timeoutMs: 20_000, what })).find(match) as Body;

  /** A project of chen's through its launch approval, active: li (the general branch) reviews it and raises findings. */
  async function activeProject(): Promise<{ title: string; draft: Body }> {
    const title = `整改台账-${randomUUID().slice(0, 6)}`;
    const draft = ok(await as('chen').post('/projects', draftBody(org.units.branch, { title })));
    ok(await as('chen').post(`/projects/${draft.id}/submit`, {}, randomUUID()));
    ok(await as('zhang').post(`/tasks/${(await openTask('zhang', 'first level', (t) => t.projectId === draft.id)).id}/decision`, { decision: 'approve' }));
    ok(await as('li').post(`/tasks/${(await openTask('li', 'second level', (t) => t.projectId === draft.id)).id}/decision`, { decision: 'approve' }));
    await pollUntil(async () => ok(await as('chen').get(`/projects/${draft.id}`)).status, (s) => s === 'active', { timeoutMs: 20_000, what: 'the project active' });
    return { title, draft };
  }

  it('gives a major finding five working days by default, counted on the calendar and shown with its rule', async () => {
    const base = defaultYearPolicy(year);
    const quarterly = { ladder: base.quarterly.ladder, quarters: base.quarterly.quarters.map((q) => ({ ...q, dueAt: q.dueAt.replace(/^\d{4}/, '2099') })) };
    ok(await api.as(adminToken).put(`/policies/${year}`, { ...base, quarterly, version: `e2e-${randomUUID().slice(0, 8)}`, approval: { ...defaultApprovalPolicy, levelDeadline: null } }));
    const { draft } = await activeProject();
    const raised = ok(
      await as('li').post(`/projects/${draft.id}/findings`, { description: '重大安全隐患未上报', severity: 'major', measures: '立即上报并整改', partyOwnerId: person('chen').id, businessOwnerId: person('zhang').id }),
    );
    expect([raised.rule, new Date(raised.dueAt).toISOString().slice(11, 16)]).toEqual(['提出后第5个工作日 17:30', '09:30']);
    const beijingDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
    const days = ok(await as('chen').get(`/calendar/workdays?from=${beijingDate(Date.now() + 86_400_000)}&to=${beijingDate(Date.parse(raised.dueAt))}`)).days as Body[];
    expect(days.filter((d) => d.working).length).toBe(5);
    const deadline = await pollUntil(
      async () => (ok(await as('chen').get(`/projects/${draft.id}`)).deadlines as Body[]).find((d) => d.kind === 'evidence'),
      (d) => d !== undefined,
      { timeoutMs: 20_000, what: "the item's deadline" },
    );
    expect([deadline!.dueAt, deadline!.rule]).toEqual([new Date(raised.dueAt).toISOString(), '提出后第5个工作日 17:30']);

    // The committee raises findings too, on its own check or an audit's, and verifies them itself; others may not.
    const audit = { description: '审计发现经费报销不规范', severity: 'general', source: 'audit', measures: '规范报销流程', partyOwnerId: person('chen').id, businessOwnerId: person('zhang').id };
    expect((await as('chen').post(`/projects/${draft.id}/findings`, audit)).status).toBe(403);
    expect((await as('zhang').post(`/projects/${draft.id}/findings`, { ...audit, source: undefined })).status).toBe(403);
    const byCommittee = ok(await as('m1').post(`/projects/${draft.id}/findings`, audit));
    const findings = ok(await as('chen').get(`/projects/${draft.id}`)).findings as Body[];
    expect(findings.find((f) => f.id === byCommittee.findingId)).toMatchObject({ source: 'audit', sourceLabel: '审计检查', raisedByName: person('m1').name });
    ok(await as('zhang').post(`/rectifications/${byCommittee.itemId}/evidence`, { text: '报销流程已规范' }));
    const verify = await openTask('m1', "the committee member's verification", (t) => t.purpose === 'verification' && t.projectId === draft.id);
    ok(await as('m1').post(`/tasks/${verify.id}/decision`, { decision: 'approve' }));
  });

  it('closes one item on time, reopens the other, and escalates it straight to the committee once overdue, both owners told once per rung', async () => {
    // Serious findings: 6 s after a failed verification; a reminder 5 s before; then the owners, then the committee.
    // The first round is long: both items' evidence comes in it, and its clock starts when the finding is raised, so a
    // first round of a few seconds reminded B's owners before their evidence whenever the requests took longer. The
    // second round's deadline starts once the owners have been told of the reopening, and a reminder whose moment
    // came before it is sent only until the due time: the reminder's window is wide enough for a loaded machine.
    const ladder: DeadlineLadder = { remindBefore: ['5s'], escalate: [{ after: '1s', to: 'owner' }, { after: '2s', to: 'committee_secretary' }] };
    const serious: SeverityRule = { due: '60s', reopenDue: '6s', ladder };
    const base = defaultYearPolicy(year);
    const quarterly = { ladder: base.quarterly.ladder, quarters: base.quarterly.quarters.map((q) => ({ ...q, dueAt: q.dueAt.replace(/^\d{4}/, '2099') })) };
    const rectification = { ...base.rectification, bySeverity: { ...base.rectification.bySeverity!, serious } };
    const policy = { ...base, quarterly, rectification, version: `e2e-${randomUUID().slice(0, 8)}`, approval: { ...defaultApprovalPolicy, levelDeadline: null } };
    ok(await api.as(adminToken).put(`/policies/${year}`, policy));

    const { title, draft } = await activeProject();

    const finding = {
      description: '安全台账记录缺失',
      severity: 'serious',
      items: [
        { measures: '补齐三会一课记录', partyOwnerId: person('chen').id, businessOwnerId: person('zhang').id },
        { measures: '补做夜班应急演练', partyOwnerId: person('zhao').id, businessOwnerId: person('qian').id },
      ],
    };
    const bad = await as('li').post(`/projects/${draft.id}/findings`, { ...finding, items: [{ ...finding.items[0], partyOwnerId: randomUUID() }] });
    expect([bad.status, bad.body.message]).toEqual([400, 'items[0].partyOwnerId: 所选的整改事项第 1 项的党建责任人不是系统中的人员，请从人员列表中选择']);
    expect((await as('li').post(`/projects/${draft.id}/findings`, { ...finding, items: [] })).status).toBe(400);
    const raised = ok(await as('li').post(`/projects/${draft.id}/findings`, finding));
    expect(raised.items.map((i: Body) => i.measures)).toEqual(['补齐三会一课记录', '补做夜班应急演练']);
    const [itemA, itemB] = raised.items.map((i: Body) => i.itemId as string);

    // A: evidence from its business owner at once, verified by the reviewer who raised it.
    ok(await as('zhang').post(`/rectifications/${itemA}/evidence`, { text: '三会一课记录已补齐' }));
    ok(await as('li').post(`/tasks/${(await openTask('li', 'verification of A', (t) => t.purpose === 'verification' && t.projectId === draft.id)).id}/decision`, { decision: 'approve' }));
    // B: evidence that fails verification; the item reopens and nobody answers again.
    ok(await as('qian').post(`/rectifications/${itemB}/evidence`, { text: '演练计划已制定' }));
    const verifyB = await openTask('li', 'verification of B', (t) => t.purpose === 'verification' && t.projectId === draft.id);
    ok(await as('li').post(`/tasks/${verifyB.id}/decision`, { decision: 'reject', comment: '只有计划，没有演练记录' }));

    // Serious: after the owners, straight to the committee (wang), never to the branch or the general branch.
    const mail = (who: Who, prefix: string) => sink.messages.filter((m) => m.to.includes(person(who).email) && m.subject.startsWith(prefix) && m.text.includes(title));
    await sink.waitFor(() => mail('wang', '【督办】').length > 0, 30_000);
    const ledger = async () => (ok(await as('li').get(`/ledger?projectId=${draft.id}&severity=serious`)) as Body[]).sort((a, b) => a.measures.localeCompare(b.measures));
    const [rowB, rowA] = await ledger();
    expect([rowA.id, rowA.status, rowA.closedOnTime, rowA.accountable]).toEqual([itemA, 'closed', true, null]);
    expect([rowB.id, rowB.status, rowB.round, rowB.overdue]).toEqual([itemB, 'open', 2, true]);
    expect(rowB.accountable.ownerIds).toEqual([person('zhao').id, person('qian').id]);
    for (const owner of ['zhao', 'qian'] as const) {
      expect([owner, ...['【整改】新的整改事项', '【整改】验证未通过', '【提醒】', '【逾期】'].map((p) => mail(owner, p).length)]).toEqual([owner, 1, 1, 1, 1]);
    }
    expect([mail('wang', '【督办】').length, mail('li', '【督办】').length, mail('zhang', '【督办】').length]).toEqual([1, 0, 0]);

    // B closes at last, late; its owners stay accountable.
    ok(await as('zhao').post(`/rectifications/${itemB}/evidence`, { text: '夜班应急演练已完成' }));
    ok(await as('li').post(`/tasks/${(await openTask('li', 'second verification of B', (t) => t.purpose === 'verification' && t.projectId === draft.id)).id}/decision`, { decision: 'approve' }));
    const closed = await pollUntil(ledger, (rows) => rows.every((r) => r.status === 'closed'), { timeoutMs: 20_000, what: 'both items closed' });
    expect(closed.map((r) => [r.closedOnTime, r.accountable !== null])).toEqual([
      [false, true],
      [true, false],
    ]);
  });

  it('keeps evidence files with their SHA-256, hands them back as uploaded, and stores nothing of a refused upload', async () => {
    const { draft } = await activeProject();
    const raised = ok(
      await as('li').post(`/projects/${draft.id}/findings`, { description: '学习记录缺失', severity: 'general', measures: '补齐学习记录', partyOwnerId: person('chen').id, businessOwnerId: person('zhang').id }),
    );
    const path = `/rectifications/${raised.itemId}/evidence`;
    const pdf = { name: '整改报告.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n') };
    const png = { name: 'photo.png', contentType: 'image/png', data: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]) };
    const stored = () => stack.ds.query(`SELECT count(*)::int AS n FROM evidence_file WHERE item_id = $1`, [raised.itemId]).then((rows: { n: number }[]) => rows[0].n);

    const refusals = [
      [{ ...pdf, data: Buffer.from('MZ\x90\x00 not a pdf') }, 'files[0] (整改报告.pdf) does not look like application/pdf'],
      [{ ...pdf, name: 'tool.exe', contentType: 'application/x-msdownload' }, 'files[0] (tool.exe) is application/x-msdownload; evidence is PDF, JPEG, PNG, Word (.docx), Excel (.xlsx) or plain text'],
      [{ ...pdf, data: Buffer.concat([pdf.data, Buffer.alloc(5 * 1024 * 1024)]) }, 'files[0] (整改报告.pdf) is larger than 5 MB'],
    ] as const;
    for (const [file, message] of refusals) {
      const res = await as('chen').upload(path, { text: '整改报告' }, [file]);
      expect([res.status, res.body.message]).toEqual([400, [message]]);
    }
    const tooMany = await as('chen').upload(path, { text: '整改报告' }, Array.from({ length: 6 }, () => pdf));
    expect(tooMany.status).toBe(400);
    expect((await api.as(org.people.zhou.token).upload(path, { text: '不是我的' }, [pdf])).status).toBe(403);
    expect(await stored()).toBe(0);

    const key = randomUUID();
    ok(await as('chen').upload(path, { text: '学习记录已补齐，附报告与照片' }, [pdf, png], { idempotencyKey: key }));
    // The same upload again (a retry) stores nothing twice; a second piece of evidence while this one is verified is refused, and its files go.
    ok(await as('chen').upload(path, { text: '学习记录已补齐，附报告与照片' }, [pdf, png], { idempotencyKey: key }));
    // The same key with another file is another request: refused, not answered with the first one's result.
    const swapped = await as('chen').upload(path, { text: '学习记录已补齐，附报告与照片' }, [pdf, { ...png, data: Buffer.concat([png.data, Buffer.from([1])]) }], { idempotencyKey: key });
    expect([swapped.status, swapped.body.message]).toEqual([422, 'this Idempotency-Key was already used for another request (with a different body); send a new key for a new request']);
    const again = await as('zhang').upload(path, { text: '补充' }, [png]);
    expect(again.status).toBe(409);
    expect(await stored()).toBe(2);

    const item = ok(await as('zhang').get(`/rectifications/${raised.itemId}`));
    const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
    expect(item.evidence[0].files.map((f: Body) => [f.name, f.contentType, f.size, f.sha256])).toEqual([
      ['photo.png', 'image/png', png.data.length, sha256(png.data)],
      ['整改报告.pdf', 'application/pdf', pdf.data.length, sha256(pdf.data)],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    const pdfId = item.evidence[0].files.find((f: Body) => f.name === pdf.name).id;
    const download = await as('li').get(`/rectifications/${raised.itemId}/files/${pdfId}`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect([download.status, download.headers['content-type'], download.headers['x-content-sha256']]).toEqual([200, 'application/pdf', sha256(pdf.data)]);
    expect(download.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('整改报告.pdf')}`);
    expect(Buffer.compare(download.body as Buffer, pdf.data)).toBe(0);
    expect((await api.as(org.people.zhou.token).get(`/rectifications/${raised.itemId}/files/${pdfId}`)).status).toBe(403);
    // The audit chain holds each file's hash with the evidence it proves.
    const [audited] = await stack.ds.query(`SELECT detail FROM audit_event WHERE action = 'evidence_submitted' AND entity_id = $1`, [raised.itemId]);
    expect(audited.detail.files.map((f: Body) => f.sha256).sort()).toEqual([sha256(pdf.data), sha256(png.data)].sort());
  });

  /** Scoring policy for the year: reports due far ahead, quiet ladders, the whole committee scoring; serious items due in 2 s. */
  async function scoringYearPolicy(): Promise<void> {
    const quiet: DeadlineLadder = { remindBefore: [], escalate: [] };
    const base = defaultYearPolicy(year);
    const quarterly = { ladder: quiet, quarters: base.quarterly.quarters.map((q) => ({ ...q, dueAt: q.dueAt.replace(/^\d{4}/, '2099') })) };
    const rectification = { ...base.rectification, bySeverity: { ...base.rectification.bySeverity!, serious: { due: '2s', reopenDue: '2s', ladder: quiet } } };
    const evaluation = { ...base.evaluation, scoringDueIn: '120s', ladder: quiet, panel: 'committee' };
    ok(await api.as(adminToken).put(`/policies/${year}`, { ...base, quarterly, rectification, evaluation, version: `e2e-${randomUUID().slice(0, 8)}`, approval: { ...defaultApprovalPolicy, levelDeadline: null } }));
  }

  /** Four reports on time, each accepted with both sides rated, then the self-assessment: the year's evaluation id, open for scores. */
  async function throughTheYear(projectId: string): Promise<string> {
    for (const quarter of [1, 2, 3, 4]) ok(await as('chen').post(`/projects/${projectId}/reports`, { quarter, content: `第${quarter}季度工作报告` }));
    for (const quarter of [1, 2, 3, 4]) {
      const review = await openTask('li', `the Q${quarter} review`, (t) => t.purpose === 'report_review' && t.projectId === projectId);
      ok(await as('li').post(`/tasks/${review.id}/decision`, { decision: 'approve', ratings: { partyBuilding: 'good', business: 'good' } }));
    }
    await openTask('chen', 'the self-assessment', (t) => t.kind === 'self_assessment' && t.projectId === projectId);
    ok(await as('chen').post(`/projects/${projectId}/self-assessment`, { summary: '全年任务完成' }));
    return (await openTask('wang', 'the score task', (t) => t.kind === 'score' && t.projectId === projectId)).subjectId as string;
  }

  const evaluators = ['wang', 'm1', 'm2', 'm3', 'm4'] as const;
  const each = (points: number) => ({ politicalExecution: points, organisationalDelivery: points, fortressRole: points, responsibility: points });
  const refusalOf = (res: { status: number; body: Body }) => [res.status, res.body.code];
  const scored = (evaluationId: string) =>
    pollUntil(async () => ok(await as('chen').get(`/evaluations/${evaluationId}`)), (e) => e.status === 'done', { timeoutMs: 20_000, what: 'the score computed' });

  it('scores the year with five evaluators: the extremes dropped, the bonus averaged, the late item counted and taking points off', async () => {
    await scoringYearPolicy();
    const { draft } = await activeProject();

    // One serious item goes overdue before its evidence comes: closed late, its owners accountable.
    const raised = ok(await as('li').post(`/projects/${draft.id}/findings`, { description: '支部台账缺失', severity: 'serious', measures: '补建台账', partyOwnerId: person('chen').id, businessOwnerId: person('zhang').id }));
    await pollUntil(async () => ok(await as('li').get(`/rectifications/${raised.itemId}`)), (i) => i.accountable !== null, { timeoutMs: 20_000, what: 'the item overdue' });
    ok(await as('zhang').post(`/rectifications/${raised.itemId}/evidence`, { text: '台账已补建' }));
    ok(await as('li').post(`/tasks/${(await openTask('li', 'the verification', (t) => t.purpose === 'verification' && t.projectId === draft.id)).id}/decision`, { decision: 'approve' }));
    const evaluationId = await throughTheYear(draft.id);
    const path = `/evaluations/${evaluationId}/scores`;
    // Bad input first: nothing of it is stored.
    expect((await as('m1').post(path, { ...each(26), comment: '好' })).status).toBe(400);
    expect((await as('m1').post(path, { ...each(20), comment: '好', bonus: 3 })).body).toMatchObject({ statusCode: 400, message: 'an innovation bonus needs its justification (bonusJustification)' });
    expect((await as('m1').post(path, { ...each(20), comment: ' ' })).body).toMatchObject({ statusCode: 400, message: 'a written justification is required' });
    expect((await as('li').post(path, { ...each(20), comment: '好' })).status).toBe(403);
    // Totals 100, 90, 85, 80, 60; one evaluator proposes the full bonus of 5, with its reason.
    const given: Record<(typeof evaluators)[number], Body> = {
      wang: { ...each(25), comment: '成效突出', bonus: 5, bonusJustification: '首创“班前十分钟”党建品牌，集团推广' },
      m1: { ...each(22.5), comment: '扎实' },
      m2: { ...each(21.25), comment: '较好' },
      m3: { ...each(20), comment: '良好' },
      m4: { ...each(15), comment: '台账有缺失' },
    };
    for (const who of evaluators) ok(await as(who).post(path, given[who]));
    expect((await as('m1').post(path, { ...each(25), comment: '改分' })).status).toBe(409);

    const result = await scored(evaluationId);
    expect(result.scores.map((s: Body) => s.total).sort((a: number, b: number) => a - b)).toEqual([60, 80, 85, 90, 100]);
    expect(result.scores.find((s: Body) => s.evaluatorId === person('wang').id)).toMatchObject({ bonus: 5, bonusJustification: given.wang.bonusJustification });
    // (80 + 85 + 90) / 3 = 85; completion: 4 reports on time, the item late → 4 / 5 = 0.8;
    // 85 × 0.8 + 80 × 0.2 = 84, + bonus 5 / 5 = 1, − 2 for the serious item overdue → 83 → 良好.
    expect(result.inputs).toMatchObject({ completion: { onTime: 4, total: 5 }, overdueItems: { general: 0, serious: 1, major: 0 }, bonuses: expect.arrayContaining([5, 0, 0, 0, 0]) });
    // 审定发布: the owner hears of the result only once the committee's secretary has signed it off, and then once.
    const resultMail = () => sink.messages.filter((m) => m.to.includes(person('chen').email) && m.subject.startsWith('【年终考评】') && m.subject.includes(draft.title));
    expect([result.publishedAt, resultMail().length]).toEqual([null, 0]);
    expect((await as('m1').get('/tasks')).body.some((t: Body) => t.purpose === 'evaluation_publish')).toBe(false);
    const signOff = await openTask('wang', 'the sign-off', (t) => t.purpose === 'evaluation_publish' && t.projectId === draft.id);
    expect(refusalOf(await as('wang').post(`/tasks/${signOff.id}/decision`, { decision: 'reject', comment: '不同意' }))).toEqual([409, 'DECISION_NOT_ALLOWED']);
    ok(await as('wang').post(`/tasks/${signOff.id}/decision`, { decision: 'approve' }));
    await sink.waitFor(() => resultMail().length > 0, 20_000);
    expect(resultMail().map((m) => m.subject)).toEqual([`【年终考评】结果：良好：${draft.title}`]);
    expect((await scored(evaluationId)).publishedAt).not.toBeNull();
    expect(result.result).toEqual({
      ruleVersion: 'score-v2',
      evaluatorTotals: [60, 80, 85, 90, 100],
      trimmed: true,
      evaluatorAverage: 85,
      completionRate: 0.8,
      bonus: 1,
      deduction: 2,
      total: 83,
      grade: 'good',
    });
  });

  it('caps an otherwise 优秀 year at 良好 when the branch secretary\'s duty report was rated 一般 (双评双优), and says why', async () => {
    // The committee collects 2026's duty reports (述职述责) from the branch and rates them.
    const campaign = ok(
      await as('wang').post('/campaigns', {
        title: `${year}年度党支部书记述职述责`,
        instructions: '围绕抓基层党建责任制落实情况述职',
        targets: { subtreeId: org.units.branch },
        dueAt: new Date(Date.now() + 3_600_000).toISOString(),
        dutyReportYear: year,
      }),
    );
    const rate = (who: Who, rating: string) => as(who).post(`/campaigns/${campaign.id}/reports/${org.units.branch}/rating`, { rating, comment: '履职情况一般' });
    expect((await rate('wang', 'average')).status).toBe(409);
    ok(await as('zhang').post(`/campaigns/${campaign.id}/reports`, { unitId: org.units.branch, text: '一车间党支部书记述职述责报告' }));
    expect((await rate('chen', 'average')).status).toBe(403);
    expect((await rate('wang', 'excellent')).status).toBe(400);
    const rated = ok(await rate('wang', 'average'));
    expect(rated.units[0].rating).toMatchObject({ value: 'average', label: '一般', ratedByName: person('wang').name });
    expect((await rate('m1', 'good')).status).toBe(409);

    // A year that scores full marks on everything.
    await scoringYearPolicy();
    const { draft } = await activeProject();
    const evaluationId = await throughTheYear(draft.id);
    for (const who of evaluators) ok(await as(who).post(`/evaluations/${evaluationId}/scores`, { ...each(25), comment: '各项工作突出' }));
    const result = await scored(evaluationId);
    expect(result.inputs.dutyReport).toBe('average');
    expect(result.result).toMatchObject({ total: 100, grade: 'good' });
    expect(result.result.cappedBecause).toBe('双评双优：书记述职述责评价为“一般”，须为“好”方可评为优秀，等次定为良好');
    expect([result.grade, result.gradeLabel]).toEqual(['good', '良好']);

    // The committee's overview: the branch's results and how its grades fall; another subtree has none.
    const overview = ok(await as('wang').get(`/evaluations?year=${year}&unit=${org.units.branch}`));
    expect(overview.results.find((r: Body) => r.id === evaluationId)).toMatchObject({ grade: 'good', total: 100 });
    const graded = (grade: string) => overview.results.filter((r: Body) => r.grade === grade).length;
    expect(overview.distribution).toEqual([
      { unitId: org.units.branch, unitName: expect.stringContaining('一车间党支部'), excellent: graded('excellent'), good: graded('good'), pass: graded('pass'), fail: graded('fail'), pending: graded(null as never) },
    ]);
    expect(ok(await as('wang').get(`/evaluations?year=${year}&unit=${org.units.otherBranch}`))).toEqual({ results: [], distribution: [] });
  });
});
