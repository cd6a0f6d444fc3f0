import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditEventEntity, DecisionEntity, NoticeEntity } from '../../libs/db/entities/index.js';
import { appendAudit, auditHash, genesisHash, hashedAuditRow } from '../../libs/db/repositories/audit.repository.js';
import { defaultApprovalPolicy, defaultYearPolicy, type YearPolicy } from '../../libs/domain/index.js';
import type { MailSink } from '../../libs/dev-stack/mail-sink.js';
import { closeApiStack, startApiStack } from '../support/api-stack.js';
import { ok, type ApiHarness, type ApiOrg, type PersonKey } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';
import type { TestStack } from '../support/stack.js';

type Body = Record<string, any>;

/**
 * A carrier project's whole year through HTTP, on a real Temporal server, Postgres and SMTP server:
 * launch with a send-back, four quarterly checks (one late), two rectification items (one failing
 * verification), the year-end evaluation, and a worker restart in the middle.
 */
describe('a project year through the API', () => {
  let stack: TestStack;
  let ds: DataSource;
  let sink: MailSink;
  let api: ApiHarness;
  let org: ApiOrg;
  let adminToken: string;
  const year = 2026;
  /** The year's project and its item that failed verification once, for the audit tests after the year. */
  let projectId: string;
  let itemB: string;
  /** Every action a person took in the year, in order, as [action, person]: the timeline must tell exactly these. */
  const performed: [string, PersonKey][] = [];
  const did = (action: string, who: PersonKey) => performed.push([action, who]);

  beforeAll(async () => {
    ({ stack, api, adminToken, org } = await startApiStack());
    ({ ds, sink } = stack);
  });

  afterAll(() => closeApiStack({ stack, api }, ''));

  type Who = PersonKey | 'admin';
  const tokenOf = (who: Who) => (who === 'admin' ? adminToken : org.people[who].token);
  const as = (who: Who) => ({
    get: (path: string) => api.as(tokenOf(who)).get(path),
    post: (path: string, body: Body = {}, idempotencyKey?: string) => api.as(tokenOf(who)).post(path, body, { idempotencyKey }),
    put: (path: string, body: Body) => api.as(tokenOf(who)).put(path, body),
  });
  const id = (who: PersonKey) => org.people[who].id;
  const email = (who: PersonKey) => org.people[who].email;

  async function openTask(who: Who, match: (t: Body) => boolean, what: string): Promise<Body> {
    const tasks = await pollUntil(
      async () => ok(await as(who).get('/tasks?assignee=me&status=open')) as unknown as Body[],
      (list) => list.some(match),
      { timeoutMs: 20_000, what },
    );
    return tasks.find(match)!;
  }

  const projectStatus = async (projectId: string) => ok(await as('chen').get(`/projects/${projectId}`)).status as string;
  const waitForStatus = (projectId: string, status: string) =>
    pollUntil(() => projectStatus(projectId), (s) => s === status, { timeoutMs: 30_000, what: `project ${status}` });
  /** 一次查、双向评: the ratings a review accepts a report with. */
  const rated = { partyBuilding: 'fair', business: 'average' };
  const mailTo = (who: PersonKey, fragment: string) => sink.messages.filter((m) => m.to.includes(email(who)) && m.subject.includes(fragment));

  it('takes a project from draft to closed, with every mail sent once and every change audited', async () => {
    // ── Organisation, as the admin builds it (test/support/api.ts) ─────────────────────────
    const { branch } = org.units;

    // ── The year's policy, in seconds instead of months ───────────────────────────────────
    const t0 = Date.now();
    const at = (ms: number) => new Date(t0 + ms).toISOString();
    const base = defaultYearPolicy(year);
    const policy: YearPolicy = {
      ...base,
      version: 'e2e-seconds',
      quarterly: {
        quarters: [
          { quarter: 1, dueAt: at(120_000) },
          { quarter: 2, dueAt: at(120_000) },
          { quarter: 3, dueAt: at(120_000) },
          // Due well after the launch is decided, even on a loaded machine: a deadline started past its reminder's
          // moment and its due time would skip the reminder this test counts.
          { quarter: 4, dueAt: at(36_000) },
        ],
        ladder: { remindBefore: ['4s'], escalate: [{ after: '1s', to: 'parent_unit_secretary' }] },
      },
      rectification: { dueIn: '60s', reopenDueIn: '60s', ladder: { remindBefore: [], escalate: [] } },
      evaluation: { ...base.evaluation, selfAssessmentDueAt: at(300_000), scoringDueIn: '120s', ladder: { remindBefore: [], escalate: [] } },
      // Chain templates are policy data: this year every launch goes to the general branch, then the committee.
      approval: {
        ...defaultApprovalPolicy,
        launch: [
          { scope: 'parent_unit', mode: 'sequential' },
          { scope: 'committee', mode: 'sequential' },
        ],
      },
    };
    ok(await as('admin').put(`/policies/${year}`, policy));

    // ── Bad input, outsiders and auditors are refused before anything happens ────────────
    const unknownField = await as('chen').post('/projects', { title: 'x', kind: 'vanguard_post', year, orgUnitId: branch, goals: [], colour: 'red' });
    expect(unknownField.status).toBe(400);
    expect(JSON.stringify(unknownField.body.message)).toContain('colour');
    const badKind = await as('chen').post('/projects', { title: 'x', kind: 'picnic', year, orgUnitId: branch, goals: [] });
    expect(badKind.status).toBe(400);
    expect(JSON.stringify(badKind.body.message)).toContain('kind');

    // ── Draft and launch: sent back once, resubmitted, approved by two levels ────────────
    const draft = ok(
      await as('chen').post('/projects', {
        title: '安全生产党员先锋岗',
        kind: 'vanguard_post',
        year,
        orgUnitId: branch,
        goals: [{ title: '隐患排查整改', target: '≥ 40 项' }],
      }),
    );
    projectId = draft.id as string;
    expect((await as('zhou').get(`/projects/${projectId}`)).status).toBe(403);
    expect((await as('audit').get(`/projects/${projectId}`)).status).toBe(200);
    expect((await as('audit').post(`/projects/${projectId}/submit`)).status).toBe(403);
    expect((await as('li').post(`/projects/${projectId}/submit`)).status).toBe(403);

    ok(await as('chen').post(`/projects/${projectId}/submit`, {}, randomUUID()));
    did('submitted', 'chen');
    expect(await projectStatus(projectId)).toBe('in_approval');
    expect((await as('chen').post(`/projects/${projectId}/submit`, {}, randomUUID())).status).toBe(409);

    const liLaunch1 = await openTask('li', (t) => t.projectId === projectId && t.purpose === 'launch', 'launch task for li');
    const noComment = await as('li').post(`/tasks/${liLaunch1.id}/decision`, { decision: 'send_back' });
    expect(noComment.status).toBe(409);
    expect(noComment.body.message).toMatch(/comment/);
    const wrongPerson = await as('wang').post(`/tasks/${liLaunch1.id}/decision`, { decision: 'approve' });
    expect(wrongPerson.status).toBe(409);
    expect(wrongPerson.body.message).toMatch(/someone else/);
    ok(await as('li').post(`/tasks/${liLaunch1.id}/decision`, { decision: 'send_back', comment: '目标请量化到月' }));
    did('decision_send_back', 'li');
    await waitForStatus(projectId, 'sent_back');
    ok(await as('chen').post(`/projects/${projectId}/resubmit`, { goals: [{ title: '隐患排查整改', target: '每月 ≥ 4 项' }] }));
    did('resubmitted', 'chen');

    // Second round: the submitter nudges (催办), li hands the step up to wang (转交; never down to the branch), wang approves it and then his own level.
    const liLaunch2 = await openTask('li', (t) => t.projectId === projectId && t.purpose === 'launch', 'second launch task for li');
    ok(await as('chen').post(`/tasks/${liLaunch2.id}/nudge`));
    did('nudged', 'chen');
    expect((await as('chen').post(`/tasks/${liLaunch2.id}/nudge`)).status).toBe(409);
    expect((await as('li').post(`/tasks/${liLaunch2.id}/delegate`, { toId: id('chen') })).status).toBe(409);
    expect((await as('li').post(`/tasks/${liLaunch2.id}/delegate`, { toId: id('zhang') })).status).toBe(409);
    const handOn = randomUUID();
    const handed = ok(await as('li').post(`/tasks/${liLaunch2.id}/delegate`, { toId: id('wang'), comment: '请王书记代为审核' }, handOn));
    const handedAgain = ok(await as('li').post(`/tasks/${liLaunch2.id}/delegate`, { toId: id('wang'), comment: '请王书记代为审核' }, handOn));
    expect(handedAgain).toEqual(handed);
    did('delegated', 'li');
    const handedLaunch = await openTask('wang', (t) => t.projectId === projectId && t.purpose === 'launch', 'handed-on launch task for wang');
    const key = randomUUID();
    const first = await as('wang').post(`/tasks/${handedLaunch.id}/decision`, { decision: 'approve', comment: '同意' }, key);
    const retried = await as('wang').post(`/tasks/${handedLaunch.id}/decision`, { decision: 'approve', comment: '同意' }, key);
    expect(first.status).toBeLessThan(300);
    did('decision_approve', 'wang');
    expect(retried.status).toBe(first.status);
    expect(await ds.getRepository(DecisionEntity).count({ where: { taskId: handedLaunch.id } })).toBe(1);
    const again = await as('wang').post(`/tasks/${handedLaunch.id}/decision`, { decision: 'approve' }, randomUUID());
    expect(again.status).toBe(409);

    const wangLaunch = await openTask('wang', (t) => t.projectId === projectId && t.purpose === 'launch' && t.id !== handedLaunch.id, 'launch task for wang');
    ok(await as('wang').post(`/tasks/${wangLaunch.id}/decision`, { decision: 'approve', comment: '党委前置研究通过' }));
    did('decision_approve', 'wang');
    await waitForStatus(projectId, 'active');

    // ── A worker restart mid-year changes nothing a user can see ─────────────────────────
    await stack.restartWorker();

    // ── Quarterly checks: Q1–Q3 on time, Q4 late after a reminder and an escalation ──────
    for (const quarter of [1, 2, 3]) {
      await openTask('chen', (t) => t.projectId === projectId && t.kind === 'report' && String(t.subjectId ?? t.quarter) === String(quarter), `Q${quarter} report task`);
      ok(await as('chen').post(`/projects/${projectId}/reports`, { quarter, content: `第${quarter}季度：排查隐患 ${quarter * 12} 项，全部整改。` }));
      did('report_submitted', 'chen');
    }
    const dup = await as('chen').post(`/projects/${projectId}/reports`, { quarter: 1, content: '重复提交' });
    expect(dup.status).toBe(409);

    // Q1 review: the reviewer raises two findings, then accepts the report.
    const q1Review = await openTask('li', (t) => t.projectId === projectId && t.purpose === 'report_review', 'Q1 review task');
    const finding = (description: string) =>
      as('li').post(`/projects/${projectId}/findings`, {
        description,
        severity: 'general',
        measures: '限期整改并提交佐证',
        partyOwnerId: id('chen'),
        businessOwnerId: id('zhang'),
      });
    const itemA = ok(await finding('班前安全讲话记录不全')).itemId as string;
    itemB = ok(await finding('应急演练未覆盖夜班')).itemId as string;
    did('finding_raised', 'li');
    did('finding_raised', 'li');
    const notReviewer = await as('chen').post(`/projects/${projectId}/findings`, { description: 'x', severity: 'general', measures: 'x', partyOwnerId: id('chen'), businessOwnerId: id('zhang') });
    expect([notReviewer.status, notReviewer.body.message]).toEqual([403, "only the project's reviewers can raise findings"]);
    // 一次查、双向评: a review accepts only with both sides rated.
    const unrated = await as('li').post(`/tasks/${q1Review.id}/decision`, { decision: 'approve', comment: '符合要求' });
    expect([unrated.status, unrated.body.message]).toEqual([400, expect.stringContaining('一次查、双向评')]);
    expect((await as('li').post(`/tasks/${q1Review.id}/decision`, { decision: 'approve', ratings: { partyBuilding: 'excellent', business: 'good' } })).status).toBe(400);
    ok(await as('li').post(`/tasks/${q1Review.id}/decision`, { decision: 'approve', comment: '符合要求', ratings: { partyBuilding: 'good', business: 'fair' } }));
    did('decision_approve', 'li');
    for (const quarter of [2, 3]) {
      const review = await openTask('li', (t) => t.projectId === projectId && t.purpose === 'report_review', `Q${quarter} review task`);
      ok(await as('li').post(`/tasks/${review.id}/decision`, { decision: 'approve', ratings: rated }));
      did('decision_approve', 'li');
    }

    // Rectification: A passes verification; B fails once, is reopened, then passes.
    ok(await as('chen').post(`/rectifications/${itemA}/evidence`, { text: '已补齐 3 月以来全部讲话记录' }));
    did('evidence_submitted', 'chen');
    ok(await as('zhang').post(`/rectifications/${itemB}/evidence`, { text: '夜班演练计划已制定' }));
    did('evidence_submitted', 'zhang');
    expect((await as('zhou').post(`/rectifications/${itemB}/evidence`, { text: '不是我的' })).status).toBe(403);
    const verify = (who: PersonKey, what: string) => openTask(who, (t) => t.projectId === projectId && t.purpose === 'verification' && String(t.title).includes(what), `verification of ${what}`);
    ok(await as('li').post(`/tasks/${(await verify('li', '班前安全讲话')).id}/decision`, { decision: 'approve' }));
    did('decision_approve', 'li');
    ok(await as('li').post(`/tasks/${(await verify('li', '应急演练')).id}/decision`, { decision: 'reject', comment: '只有计划，没有演练记录' }));
    did('decision_reject', 'li');
    await pollUntil(async () => ok(await as('zhang').get(`/ledger?projectId=${projectId}`)) as unknown as Body[], (items) => items.some((i) => i.id === itemB && i.status === 'open' && i.round === 2), {
      timeoutMs: 20_000,
      what: 'item B reopened',
    });
    ok(await as('zhang').post(`/rectifications/${itemB}/evidence`, { text: '夜班应急演练已完成，附签到表与照片' }));
    did('evidence_submitted', 'zhang');
    ok(await as('li').post(`/tasks/${(await verify('li', '应急演练')).id}/decision`, { decision: 'approve' }));
    did('decision_approve', 'li');

    // Q4: nobody reports; the owner is reminded, then the parent unit's secretary is escalated to.
    await sink.waitFor(() => mailTo('li', '【督办】').length > 0, 60_000);
    ok(await as('chen').post(`/projects/${projectId}/reports`, { quarter: 4, content: '第四季度：全年目标完成。' }));
    did('report_submitted', 'chen');
    const q4Review = await openTask('li', (t) => t.projectId === projectId && t.purpose === 'report_review', 'Q4 review task');
    ok(await as('li').post(`/tasks/${q4Review.id}/decision`, { decision: 'approve', ratings: rated }));
    did('decision_approve', 'li');

    // ── Year-end evaluation ──────────────────────────────────────────────────────────────
    await waitForStatus(projectId, 'evaluating');
    await openTask('chen', (t) => t.projectId === projectId && t.kind === 'self_assessment', 'self-assessment task');
    ok(await as('chen').post(`/projects/${projectId}/self-assessment`, { summary: '全年排查隐患 52 项，零事故。' }));
    did('self_assessment_submitted', 'chen');
    const scoreTask = await openTask('wang', (t) => t.projectId === projectId && t.kind === 'score', 'score task');
    const evaluationId = scoreTask.subjectId as string;
    const outOfRange = await as('wang').post(`/evaluations/${evaluationId}/scores`, { politicalExecution: 26, organisationalDelivery: 23, fortressRole: 21, responsibility: 24, comment: '好' });
    expect(outOfRange.status).toBe(400);
    expect((await as('li').post(`/evaluations/${evaluationId}/scores`, { politicalExecution: 22, organisationalDelivery: 23, fortressRole: 21, responsibility: 24, comment: '好' })).status).toBe(403);
    ok(await as('wang').post(`/evaluations/${evaluationId}/scores`, { politicalExecution: 22, organisationalDelivery: 23, fortressRole: 21, responsibility: 24, comment: '成效显著' }));
    did('score_submitted', 'wang');
    // 审定发布: the committee's secretary signs the result off; only then is the owner told and the year closed.
    const signOff = await openTask('wang', (t) => t.projectId === projectId && t.purpose === 'evaluation_publish', 'the sign-off step');
    expect(mailTo('chen', '【年终考评】')).toHaveLength(0);
    ok(await as('wang').post(`/tasks/${signOff.id}/decision`, { decision: 'approve', comment: '同意发布' }));
    did('decision_approve', 'wang');
    // The sign-off publishes the result in the signer's name.
    did('evaluation_published', 'wang');
    await waitForStatus(projectId, 'closed');

    const evaluation = ok(await as('chen').get(`/evaluations/${evaluationId}`));
    expect(evaluation.publishedAt).not.toBeNull();
    // Reports on time: Q1–Q3 of 4; items closed on time: A of A and B → 4 of 6 → 0.67.
    expect(evaluation.result).toMatchObject({ evaluatorAverage: 90, completionRate: 0.67, total: 85.4, grade: 'good', ruleVersion: 'score-v2', trimmed: false, bonus: 0, deduction: 0 });

    // Item B's page tells its whole story in order: raised, evidence, failed verification, reopened, evidence, closed,
    // with both owners told at each turn.
    const storyB = ok(await as('zhang').get(`/rectifications/${itemB}`));
    expect([storyB.status, storyB.round, storyB.evidence.map((e: Body) => e.submittedByName)]).toEqual(['closed', 2, ['张卫东', '张卫东']]);
    const keySteps = ['finding_raised', 'evidence_submitted', 'decision_reject', 'item_reopened', 'decision_approve', 'item_closed'];
    expect((storyB.history as Body[]).map((h) => h.action).filter((a) => keySteps.includes(a))).toEqual([
      'finding_raised',
      'evidence_submitted',
      'decision_reject',
      'item_reopened',
      'evidence_submitted',
      'decision_approve',
      'item_closed',
    ]);
    const told = (kind: string) => (storyB.history as Body[]).filter((h) => h.action === `notice_${kind}`).map((h) => h.detail.recipientName).sort();
    expect([told('finding_raised'), told('item_reopened'), told('item_closed')]).toEqual([['张卫东', '陈晓峰'], ['张卫东', '陈晓峰'], ['张卫东', '陈晓峰']]);
    expect((storyB.history as Body[]).find((h) => h.action === 'decision_reject')).toMatchObject({ actorName: '李红梅', detail: { comment: '只有计划，没有演练记录' } });
    expect((await as('zhou').get(`/rectifications/${itemB}`)).status).toBe(403);

    // Each accepted report shows how its review rated both sides.
    const reports = (ok(await as('chen').get(`/projects/${projectId}`)).reports as Body[]).filter((r) => r.status === 'accepted');
    expect(reports.map((r) => [r.quarter, r.ratings?.partyBuildingLabel, r.ratings?.businessLabel])).toEqual([
      [1, '好', '较好'],
      [2, '较好', '一般'],
      [3, '较好', '一般'],
      [4, '较好', '一般'],
    ]);

    // ── Mail: every notice went out exactly once, and the ones people rely on are there ───
    const notices = await pollUntil(
      () => ds.getRepository(NoticeEntity).find({ where: { projectId } }),
      (rows) => rows.length > 0 && rows.every((n) => n.status === 'sent') && sink.messages.length >= rows.length,
      { timeoutMs: 20_000, what: 'all notices sent' },
    );
    const ourMail = sink.messages.filter((m) => Object.values(org.people).some((p) => m.to.includes(p.email)));
    expect(new Set(ourMail.map((m) => m.messageId)).size).toBe(ourMail.length);
    expect(ourMail).toHaveLength(notices.length);
    const once = (who: PersonKey, fragment: string) => expect([who, fragment, mailTo(who, fragment).length]).toEqual([who, fragment, 1]);
    once('chen', '已退回修改');
    once('li', '【催办】');
    // wang was asked twice: the general branch's step li handed to him, then his own committee level.
    expect(mailTo('wang', '【待办】立项审批')).toHaveLength(2);
    once('chen', '【提醒】2026年第4季度报告');
    once('li', '【督办】2026年第4季度报告');
    once('chen', '已验证销号：班前安全讲话记录不全');
    once('zhang', '验证未通过，请重新整改');
    once('chen', '【年终考评】结果：良好');
    expect(mailTo('wang', '【督办】')).toHaveLength(0);

    // ── Audit: every state change is there, in an unbroken hash chain ─────────────────────
    const events = await ds.getRepository(AuditEventEntity).find({ where: { chainKey: projectId }, order: { seq: 'ASC' } });
    const actions = events.map((e) => e.action);
    for (const action of ['submitted', 'decision_send_back', 'resubmitted', 'nudged', 'delegated', 'decision_approve', 'decision_reject', 'launch_approved', 'report_submitted', 'finding_raised', 'evidence_submitted', 'item_reopened', 'item_closed', 'self_assessment_submitted', 'score_submitted', 'evaluation_scored', 'project_closed']) {
      expect([action, actions.includes(action)]).toEqual([action, true]);
    }
    expect(actions.filter((a) => a === 'denied').length).toBeGreaterThanOrEqual(3);
    let prev = genesisHash;
    for (const e of events) {
      expect(e.prevHash).toBe(prev);
      expect(e.hash).toBe(auditHash(prev, hashedAuditRow(e)));
      prev = e.hash;
    }
    // The app's own credentials may not change the log at all; the triggers stand behind that (audit-tamper.spec.ts).
    const tamper = ds.query(`UPDATE audit_event SET action = 'x' WHERE chain_key = $1`, [projectId]);
    await expect(tamper).rejects.toThrow('permission denied for table audit_event');
  });
  // ── Auditors: the same year read back from the Temporal histories ─────────────────────────
  const timelineOf = async (who: Who, lang = 'zh') => ok(await as(who).get(`/audit/projects/${projectId}/timeline?lang=${lang}`));

  it('tells the year as a timeline whose steps are exactly what people did, each matching the audit log and the records', async () => {
    const timeline = await timelineOf('audit');
    expect(timeline.mismatches).toEqual([]);
    expect(timeline.consistent).toBe(true);
    expect(timeline).toMatchObject({ projectId, timeZone: 'Asia/Shanghai', policyVersion: 'e2e-seconds' });
    const entries = timeline.entries as Body[];
    const byPeople = entries.filter((e) => e.source === 'history' && e.actor);
    expect(byPeople.map((e) => [e.action, e.actor.id])).toEqual(performed.map(([action, who]) => [action, id(who)]));
    expect(entries.every((e) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(e.atLocal))).toBe(true);
    expect(entries.map((e) => Date.parse(e.at))).toEqual(entries.map((e) => Date.parse(e.at)).sort((a, b) => a - b));

    // Who, with the role held then; what, with the comment; escalated to whom; under which rule.
    expect(byPeople[1]).toMatchObject({ label: '退回修改', actor: { name: '李红梅', roles: [expect.stringMatching(/^书记 · 生产党总支/)] }, details: { comment: '目标请量化到月', level: 0 } });
    expect(entries.find((e) => e.action === 'notice_escalation')).toMatchObject({ label: '逾期升级督办', recipient: { id: id('li'), name: '李红梅' }, details: { mail: 'sent' } });
    expect(entries.find((e) => e.action === 'evaluation_scored')).toMatchObject({ rule: 'score-v2', details: { grade: 'good' }, policyVersion: 'e2e-seconds' });
    // What the API alone recorded is there too: the draft, and the attempts it refused.
    const fromApi = entries.filter((e) => e.source === 'audit_log');
    expect(fromApi[0]).toMatchObject({ action: 'draft_created', actor: { id: id('chen') } });
    expect(fromApi.filter((e) => e.action === 'denied').length).toBeGreaterThanOrEqual(3);

    const english = await timelineOf('audit', 'en');
    expect(english.entries.find((e: Body) => e.action === 'decision_send_back')).toMatchObject({ label: 'sent back', actor: { roles: [expect.stringMatching(/^secretary · /)] } });
  });

  it('exports every history of the project, the continued-as-new runs and children included, and replays them deterministically', async () => {
    const lifecycle = ok(await as('audit').get(`/audit/workflows/project-${projectId}/history`));
    expect(lifecycle.workflowType).toBe('projectLifecycle');
    // The year continued as new while its launch was sent back and, active, while its children ran: the test server
    // suggests it from 30 events. Every run but the latest ended by continuing as new.
    const ends = (lifecycle.runs as Body[]).map((r) => r.history.events.at(-1).eventType as string);
    expect(ends.length).toBeGreaterThan(2);
    expect(new Set(ends.slice(0, -1))).toEqual(new Set(['EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW']));
    expect(lifecycle.runs[0].history.events[0].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    expect(lifecycle.children).toEqual(expect.arrayContaining([`approval-launch-${projectId}-r1`, `approval-launch-${projectId}-r2`, `evaluation-${projectId}`, `rectification-${itemB}`]));

    const bundle = ok(await as('audit').get(`/audit/projects/${projectId}/histories`));
    const ids = (bundle.workflows as Body[]).map((w) => w.workflowId);
    expect(ids).toEqual(expect.arrayContaining([`project-${projectId}`, `rectification-${itemB}`, `deadline-rectification-${itemB}-r2`, `approval-publish-${projectId}`]));
    // Item B failed verification once: its second round runs in a new run of the same workflow.
    const itemRuns = (bundle.workflows as Body[]).find((w) => w.workflowId === `rectification-${itemB}`)!.runs as Body[];
    expect(itemRuns).toHaveLength(2);
    expect(itemRuns[0].history.events.at(-1).eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW');

    const replayed = ok(await as('audit').post('/audit/replay', { workflowId: `rectification-${itemB}` }));
    expect(replayed.map((r: Body) => [r.workflowId, r.deterministic])).toEqual([
      [`rectification-${itemB}`, true],
      [`rectification-${itemB}`, true],
    ]);
    // The same export, downloaded and uploaded again as a file, replays the same way.
    const exported = ok(await as('audit').get(`/audit/workflows/rectification-${itemB}/history`));
    const upload = (who: Who, data: Buffer) =>
      api.as(tokenOf(who)).upload('/audit/replay', {}, [{ name: 'item-b.json', data, contentType: 'application/json' }], { field: 'history' });
    const uploaded = ok(await upload('audit', Buffer.from(JSON.stringify(exported))));
    expect(uploaded.map((r: Body) => r.deterministic)).toEqual([true, true]);
    expect((await upload('audit', Buffer.from('{"events": 3'))).status).toBe(400);
    expect((await upload('chen', Buffer.from(JSON.stringify(exported)))).status).toBe(403);
  });

  it('flags a planted mismatch: an audit event no history has, a decision whose decider and a score whose total were changed', async () => {
    await ds.transaction((m) =>
      appendAudit(m, { projectId, actorId: id('zhou'), action: 'decision_approve', entity: 'task', workflowId: `project-${projectId}`, stepKey: 'planted-approval' }),
    );
    const wangDecision = await ds.getRepository(DecisionEntity).findOneByOrFail({ projectId, actorId: id('wang'), purpose: 'launch' });
    await ds.query('UPDATE decision SET actor_id = $1 WHERE id = $2', [id('zhou'), wangDecision.id]);
    await ds.query('UPDATE score SET total = 99 WHERE evaluator_id = $1', [id('wang')]);

    const timeline = await timelineOf('audit');
    expect(timeline.consistent).toBe(false);
    expect(timeline.mismatches).toEqual([
      expect.objectContaining({ kind: 'actor_differs', history: id('wang'), records: id('zhou') }),
      expect.objectContaining({ kind: 'value_differs', key: `score:${id('wang')}`, history: '90', records: '99' }),
      expect.objectContaining({ kind: 'missing_in_history', workflowId: `project-${projectId}`, key: 'planted-approval', records: 'decision_approve' }),
    ]);
    expect((timeline.entries as Body[]).find((e) => e.key === 'planted-approval')).toMatchObject({ source: 'audit_log', flags: ['missing_in_history'] });

    const dossier = await as('audit').get(`/audit/projects/${projectId}/dossier`);
    expect(dossier.status).toBe(200);
    expect(dossier.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    const html = dossier.text;
    expect(html).toContain('@page { size: A4');
    expect(html).toContain('安全生产党员先锋岗');
    expect(html).toContain('目标请量化到月');
    expect(html).toContain('发现 3 处不一致');
    expect(html).toContain('操作人与记录不一致');
    // The planted event is a well-formed link, so the chain itself still verifies: only the cross-check can see it.
    expect(html).toMatch(/哈希链完整：共 \d+ 条记录/);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//);
    expect((await as('audit').get(`/audit/projects/${projectId}/dossier?lang=en`)).text).toContain('Project audit dossier');
  });

  it('lets auditors read every project and change nothing, and keeps outsiders out', async () => {
    for (const path of [`/audit/projects/${projectId}/timeline`, `/audit/projects/${projectId}/histories`, `/audit/projects/${projectId}/dossier`, `/audit/workflows/project-${projectId}/history`]) {
      expect([path, (await as('zhou').get(path)).status]).toEqual([path, 403]);
      expect([path, (await as('audit').get(path)).status]).toEqual([path, 200]);
    }
    // A refusal from a route that answers HTML is still a JSON error, not a page.
    expect((await as('zhou').get(`/audit/projects/${projectId}/dossier`)).headers['content-type']).toMatch(/^application\/json/);
    expect((await as('chen').get(`/audit/projects/${projectId}/timeline`)).status).toBe(200);
    expect((await as('zhou').post('/audit/replay', { workflowId: `project-${projectId}` })).status).toBe(403);
    expect((await as('audit').get('/audit/workflows/project-no-such-workflow/history')).status).toBe(404);

    const everything = ok(await as('audit').get('/audit/verify'));
    expect(everything.chains.find((c: Body) => c.chainKey === projectId)).toMatchObject({ ok: true, projectId });
    expect(everything.chains.some((c: Body) => c.chainKey === 'organisation')).toBe(true);
    const outsiders = ok(await as('zhou').get('/audit/verify'));
    expect(outsiders.chains.map((c: Body) => c.chainKey)).not.toContain(projectId);
    expect(outsiders.chains.map((c: Body) => c.chainKey)).not.toContain('organisation');
    expect((await as('zhou').get(`/audit/verify?projectId=${projectId}`)).status).toBe(403);

    // An auditor's write is refused, and the refusal is itself in the project's chain.
    expect((await as('audit').post(`/projects/${projectId}/reports`, { quarter: 1, content: 'x' })).status).toBe(403);
    const last = await ds.getRepository(AuditEventEntity).findOne({ where: { chainKey: projectId }, order: { seq: 'DESC' } });
    expect(last).toMatchObject({ action: 'denied', actorId: id('audit') });
  });
});
