import { randomUUID } from 'node:crypto';
import {
  AuditEventEntity,
  FindingEntity,
  NoticeEntity,
  OrgUnitEntity,
  ProjectEntity,
  RectificationItemEntity,
  TaskEntity,
} from '../../libs/db/entities/index.js';
import type { Severity, TaskKind } from '../../libs/domain/index.js';
import { apiBase, createOrgViaApi, draftBody, ok, startApi, type ApiHarness, type ApiOrg } from '../support/api.js';

/**
 * What the API decides before a workflow does, and how it answers when the workflow is not there: real Postgres and a
 * real Temporal dev server, but no worker, so every update that reaches Temporal finds no execution. Rows a worker
 * would write (tasks, ledger items, notices) are put in the database directly to exercise the read routes.
 */
describe('API: commands and work lists without a worker', () => {
  let api: ApiHarness;
  let org: ApiOrg;
  let projectId: string;
  const unknownId = '00000000-0000-4000-8000-000000000000';
  const hourMs = 3_600_000;

  beforeAll(async () => {
    api = await startApi();
    org = await createOrgViaApi(api, await api.adminToken());
    projectId = ok(await api.as(org.people.chen.token).post('/projects', draftBody(org.units.branch))).id as string;
  });

  afterAll(async () => {
    await api?.close();
  });

  const chen = () => api.as(org.people.chen.token);
  const deniedIn = (chainKey: string) =>
    api.ds.getRepository(AuditEventEntity).find({ where: { chainKey, action: 'denied' }, order: { seq: 'ASC' } });

  async function insertTask(kind: TaskKind, assigneeId: string, fields: Partial<TaskEntity> = {}): Promise<TaskEntity> {
    const id = randomUUID();
    return api.ds.getRepository(TaskEntity).save({
      id,
      workflowId: `test-${id}`,
      stepKey: 'step',
      kind,
      projectId,
      assigneeId,
      title: `${kind} task`,
      status: 'open',
      purpose: kind === 'approval' ? 'launch' : null,
      chainRef: null,
      level: kind === 'approval' ? 0 : null,
      levelUnitName: null,
      subjectId: kind === 'report' ? '1' : null,
      dueAt: null,
      outcome: null,
      createdAt: new Date(),
      closedAt: null,
      ...fields,
    });
  }

  describe('submit', () => {
    it('lets only the owner submit, and audits who else tried in the project chain', async () => {
      const { li, audit: auditor } = org.people;
      const bySecretary = await api.as(li.token).post(`/projects/${projectId}/submit`);
      expect([bySecretary.status, bySecretary.body]).toEqual([403, { statusCode: 403, code: 'FORBIDDEN', message: 'only the project owner can submit it' }]);
      const byAuditor = await api.as(auditor.token).post(`/projects/${projectId}/submit`);
      expect([byAuditor.status, byAuditor.body.message]).toEqual([403, 'you can read this unit but not change anything in it (auditors change nothing)']);
      const byOutsider = await api.as(org.people.zhou.token).post(`/projects/${projectId}/submit`);
      expect(byOutsider.status).toBe(403);
      const denied = await deniedIn(projectId);
      expect(denied.map((e) => [e.actorId, e.detail.route, e.detail.code])).toEqual([
        [li.id, 'POST /projects/:id/submit', 'FORBIDDEN'],
        [auditor.id, 'POST /projects/:id/submit', 'FORBIDDEN'],
        [org.people.zhou.id, 'POST /projects/:id/submit', 'FORBIDDEN'],
      ]);
      expect((await api.ds.getRepository(ProjectEntity).findOneByOrFail({ id: projectId })).status).toBe('draft');
    });

    it('refuses to submit a project that is no longer a draft', async () => {
      const other = ok(await chen().post('/projects', draftBody(org.units.branch, { title: '已提交的项目' }))).id as string;
      await api.ds.getRepository(ProjectEntity).update(other, { status: 'active' });
      // No execution holds an update with this key, so this is a second submit, not a retry.
      const res = await chen().post(`/projects/${other}/submit`, {}, { idempotencyKey: randomUUID() });
      expect([res.status, res.body]).toEqual([409, { statusCode: 409, code: 'WRONG_STAGE', message: 'only a draft can be submitted (this project is active)' }]);
    });

    it('answers 404 for a project that does not exist', async () => {
      expect((await chen().post(`/projects/${unknownId}/submit`)).status).toBe(404);
    });
  });

  describe('updates that find no running workflow', () => {
    const commands: [route: string, target: (id: string) => { path: string; body: object }][] = [
      ['POST /projects/:id/reports', (id) => ({ path: `/projects/${id}/reports`, body: { quarter: 1, content: '第一季度' } })],
      ['POST /projects/:id/resubmit', (id) => ({ path: `/projects/${id}/resubmit`, body: { title: '新标题' } })],
      ['POST /projects/:id/self-assessment', (id) => ({ path: `/projects/${id}/self-assessment`, body: { summary: '自评' } })],
    ];
    it.each(commands)('%s answers 409 WRONG_STAGE and is audited as denied', async (route, target) => {
      const { path, body } = target(projectId);
      const before = (await deniedIn(projectId)).length;
      const res = await chen().post(path, body);
      expect([res.status, res.body]).toEqual([409, { statusCode: 409, code: 'WRONG_STAGE', message: 'this work is already finished or has not started' }]);
      const denied = (await deniedIn(projectId)).slice(before);
      expect(denied.map((e) => [e.actorId, e.detail])).toEqual([
        // The route as a pattern without the prefix, the path as requested.
        [org.people.chen.id, { route, path: `${apiBase}${path}`, code: 'WRONG_STAGE', reason: 'this work is already finished or has not started' }],
      ]);
    });

    it('checks finding owners are people before the workflow is asked', async () => {
      const res = await api.as(org.people.li.token).post(`/projects/${projectId}/findings`, {
        description: '记录不全',
        severity: 'general',
        measures: '补齐',
        partyOwnerId: org.people.chen.id,
        businessOwnerId: unknownId,
      });
      expect([res.status, res.body]).toEqual([400, { statusCode: 400, code: 'INVALID_INPUT', message: 'businessOwnerId: 所选的业务责任人不是系统中的人员，请从人员列表中选择' }]);
      const badSeverity = await api.as(org.people.li.token).post(`/projects/${projectId}/findings`, { description: 'x', severity: 'huge', measures: 'x' });
      expect(badSeverity.body.message).toEqual([
        'severity: 问题等级不是可选的值，请从列表中选择',
        'partyOwnerId: 党建责任人无效，不是系统中的编号',
        'businessOwnerId: 业务责任人无效，不是系统中的编号',
      ]);
    });

    it('refuses an Idempotency-Key longer than 200 characters before anything happens', async () => {
      const res = await chen().post(`/projects/${projectId}/reports`, { quarter: 1, content: 'x' }, { idempotencyKey: 'k'.repeat(201) });
      expect([res.status, res.body.message]).toEqual([400, ['Idempotency-Key must be at most 200 characters']]);
    });
  });

  describe('tasks', () => {
    it("lists the caller's open or done tasks with project title, kind, purpose, level and an overdue flag", async () => {
      const { zhang } = org.people;
      const overdue = await insertTask('approval', zhang.id, { dueAt: new Date(Date.now() - hourMs), levelUnitName: '生产党总支' });
      const later = await insertTask('report', zhang.id, { dueAt: new Date(Date.now() + hourMs) });
      const done = await insertTask('approval', zhang.id, { status: 'done', outcome: 'approve', dueAt: new Date(Date.now() - hourMs), closedAt: new Date() });
      const open = ok(await api.as(zhang.token).get('/tasks'));
      expect(open.map((t: { id: string }) => t.id)).toEqual([overdue.id, later.id]);
      expect(open[0]).toMatchObject({
        kind: 'approval',
        projectId,
        projectTitle: '安全生产党员先锋岗',
        projectKind: 'vanguard_post',
        purpose: 'launch',
        purposeLabel: '立项审批',
        level: 0,
        levelUnitName: '生产党总支',
        status: 'open',
        overdue: true,
      });
      expect(open[1].overdue).toBe(false);
      // What the assignee may decide, as the console's buttons: a launch step takes approve, reject or send back.
      expect(open[0].decisions).toEqual(['approve', 'reject', 'send_back']);
      const one = ok(await api.as(zhang.token).get(`/tasks/${overdue.id}`));
      expect(one).toMatchObject({ id: overdue.id, projectTitle: '安全生产党员先锋岗', decisions: ['approve', 'reject', 'send_back'] });
      // Readers of the project see the step and may decide nothing on it.
      expect(ok(await chen().get(`/tasks/${overdue.id}`)).decisions).toEqual([]);
      const closed = ok(await api.as(zhang.token).get('/tasks?assignee=me&status=done'));
      expect(closed.map((t: { id: string; overdue: boolean; decisions: string[] }) => [t.id, t.overdue, t.decisions])).toEqual([[done.id, false, []]]);
      expect(ok(await chen().get('/tasks')).map((t: { id: string }) => t.id)).not.toContain(overdue.id);
      const bad = await api.as(zhang.token).get('/tasks?assignee=li&status=late');
      expect(bad.body.message).toEqual(['assignee: 办理人不是可选的值，请从列表中选择', 'status: 状态不是可选的值，请从列表中选择']);
    });

    it('points a decision on a task that is not an approval step to the route that completes it', async () => {
      const report = await insertTask('report', org.people.chen.id);
      const res = await chen().post(`/tasks/${report.id}/decision`, { decision: 'approve' });
      expect([res.status, res.body]).toEqual([
        409,
        { statusCode: 409, code: 'WRONG_STAGE', message: 'this task is completed through POST /projects/:id/reports, not as an approval step' },
      ]);
    });

    it('answers 404 for an unknown task, 403 for an outsider, 409 when its chain is not running, 400 for a bad decision', async () => {
      const step = await insertTask('approval', org.people.li.id);
      expect((await chen().post(`/tasks/${unknownId}/decision`, { decision: 'approve' })).status).toBe(404);
      expect((await api.as(org.people.zhou.token).post(`/tasks/${step.id}/decision`, { decision: 'approve' })).status).toBe(403);
      const res = await api.as(org.people.li.token).post(`/tasks/${step.id}/decision`, { decision: 'approve' });
      expect([res.status, res.body.code]).toEqual([409, 'WRONG_STAGE']);
      const bad = await api.as(org.people.li.token).post(`/tasks/${step.id}/decision`, { decision: 'maybe', comment: 7 });
      expect(bad.body.message).toEqual([
        'decision: 审批结果不是可选的值，请从列表中选择',
        'comment: 意见不能超过 2000 个字符',
        'comment: 意见应为文字',
      ]);
      const nobody = await api.as(org.people.li.token).post(`/tasks/${step.id}/delegate`, { toId: unknownId });
      expect([nobody.status, nobody.body.message]).toEqual([400, 'toId: 所选的转交人员不是系统中的人员，请从人员列表中选择']);
    });

    it('refuses the assignee of a step who may not decide in the project\'s line: another subtree, or an auditor', async () => {
      for (const who of [org.people.zhou, org.people.audit]) {
        const step = await insertTask('approval', who.id);
        const res = await api.as(who.token).post(`/tasks/${step.id}/decision`, { decision: 'approve' });
        expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
      }
    });
  });

  describe('ledger', () => {
    let itemId: string;
    /** A second item, closed on time, serious, owed by li and zhang, whose text needs CSV quoting. */
    let closedId: string;

    async function seedItem(item: { description: string; severity: Severity; dueAt: Date; closedAt: Date | null; partyOwnerId: string }): Promise<string> {
      const findingId = randomUUID();
      const id = randomUUID();
      await api.ds.getRepository(FindingEntity).save({ id: findingId, projectId, raisedBy: org.people.li.id, description: item.description, severity: item.severity, raisedAt: new Date() });
      await api.ds.getRepository(RectificationItemEntity).save({
        id,
        findingId,
        projectId,
        measures: '限期补齐',
        partyOwnerId: item.partyOwnerId,
        businessOwnerId: org.people.zhang.id,
        status: item.closedAt ? 'closed' : 'open',
        round: 1,
        dueAt: item.dueAt,
        firstDueAt: item.dueAt,
        closedAt: item.closedAt,
        closedOnTime: item.closedAt ? true : null,
        updatedAt: new Date(),
      });
      return id;
    }

    beforeAll(async () => {
      itemId = await seedItem({ description: '班前安全讲话记录不全', severity: 'general', dueAt: new Date(Date.now() - hourMs), closedAt: null, partyOwnerId: org.people.chen.id });
      // 2026-04-30 17:30 Beijing time.
      closedId = await seedItem({
        description: '台账"三会一课"记录, 缺签到',
        severity: 'serious',
        dueAt: new Date('2026-04-30T09:30:00Z'),
        closedAt: new Date('2026-04-20T02:00:00Z'),
        partyOwnerId: org.people.li.id,
      });
    });

    it('filters by severity, owner and year, and pages with the total in X-Total-Count', async () => {
      const li = api.as(org.people.li.token);
      const ids = async (query: string) => {
        const res = await li.get(`/ledger?${query}`);
        return [(ok(res) as { id: string }[]).map((i) => i.id), res.headers['x-total-count']];
      };
      expect(await ids('severity=serious')).toEqual([[closedId], '1']);
      expect(await ids(`ownerId=${org.people.chen.id}`)).toEqual([[itemId], '1']);
      expect(await ids(`ownerId=${org.people.zhang.id}`)).toEqual([[closedId, itemId], '2']);
      expect(await ids('year=2025')).toEqual([[], '0']);
      // Oldest due first: the closed item, then the open one.
      expect(await ids('year=2026&pageSize=1')).toEqual([[closedId], '2']);
      expect(await ids('year=2026&pageSize=1&page=2')).toEqual([[itemId], '2']);
      const bad = await li.get('/ledger?pageSize=0&severity=huge&year=soon');
      expect([bad.status, [...bad.body.message].sort()]).toEqual([
        400,
        [
          'pageSize: 每页条数不能小于 1',
          'severity: 问题等级不是可选的值，请从列表中选择',
          'year: 年度不能大于 2100',
          'year: 年度不能小于 2000',
          'year: 年度应为整数',
        ],
      ]);
    });

    it('exports the same filtered ledger as CSV that Excel opens: a BOM, Chinese headers, quoted fields, Beijing time', async () => {
      const res = await api.as(org.people.li.token).get('/ledger/export.csv?severity=serious');
      const branchName = (await api.ds.getRepository(OrgUnitEntity).findOneByOrFail({ id: org.units.branch })).name;
      expect([res.status, res.headers['content-type'], res.headers['content-disposition']]).toEqual([200, 'text/csv; charset=utf-8', 'attachment; filename="ledger.csv"']);
      expect(res.text.startsWith('\uFEFF项目,单位,问题描述,严重程度,')).toBe(true);
      expect(res.text.split('\r\n')).toEqual([
        '\uFEFF项目,单位,问题描述,严重程度,整改措施,党建责任人,业务责任人,状态,轮次,整改时限,是否逾期,销号时间,按期销号,双问责',
        `安全生产党员先锋岗,${branchName},"台账""三会一课""记录, 缺签到",较重,限期补齐,李红梅,张卫东,已销号,1,2026/04/30 17:30,否,2026/04/20 10:00,是,否`,
        '',
      ]);
      expect((await api.as(org.people.zhou.token).get('/ledger/export.csv')).text).toBe('\uFEFF项目,单位,问题描述,严重程度,整改措施,党建责任人,业务责任人,状态,轮次,整改时限,是否逾期,销号时间,按期销号,双问责\r\n');
    });

    it('lists items with their finding, both owners and the overdue flag, within the scope', async () => {
      const items = ok(await api.as(org.people.li.token).get(`/ledger?unit=${org.units.general}&overdue=true&status=open`));
      expect(items).toEqual([
        expect.objectContaining({
          id: itemId,
          projectId,
          projectTitle: '安全生产党员先锋岗',
          description: '班前安全讲话记录不全',
          severity: 'general',
          partyOwnerId: org.people.chen.id,
          partyOwnerName: '陈晓峰',
          businessOwnerId: org.people.zhang.id,
          businessOwnerName: '张卫东',
          overdue: true,
        }),
      ]);
      expect(ok(await api.as(org.people.li.token).get('/ledger?overdue=false')).map((i: { id: string }) => i.id)).toEqual([closedId]);
      expect(ok(await api.as(org.people.zhou.token).get('/ledger'))).toEqual([]);
      expect((await api.as(org.people.li.token).get('/ledger?overdue=maybe')).body.message).toEqual(['overdue: 是否逾期应为 true 或 false']);
    });

    it('takes evidence from the owners only through the rectification workflow, and keeps outsiders out', async () => {
      expect((await api.as(org.people.zhou.token).post(`/rectifications/${itemId}/evidence`, { text: '不是我的' })).status).toBe(403);
      expect((await chen().post(`/rectifications/${unknownId}/evidence`, { text: '无此项' })).status).toBe(404);
      const res = await chen().post(`/rectifications/${itemId}/evidence`, { text: '已补齐' });
      expect([res.status, res.body.message]).toEqual([409, 'this work is already finished or has not started']);
    });
  });

  describe('evaluations and notices', () => {
    it('answers 404 for an evaluation that does not exist, and lists none before year end', async () => {
      const scores = { politicalExecution: 20, organisationalDelivery: 20, fortressRole: 20, responsibility: 20, comment: '好' };
      expect((await api.as(org.people.wang.token).post(`/evaluations/${unknownId}/scores`, scores)).status).toBe(404);
      expect((await api.as(org.people.wang.token).get(`/evaluations/${unknownId}`)).status).toBe(404);
      expect(ok(await api.as(org.people.wang.token).get('/evaluations?year=2026'))).toEqual({ results: [], distribution: [] });
      const outOfRange = await api.as(org.people.wang.token).post(`/evaluations/${unknownId}/scores`, { ...scores, fortressRole: 26 });
      expect(outOfRange.body.message).toEqual(['fortressRole: 堡垒作用力得分不能大于 25']);
    });

    it("shows each person only their own notices, and marks one read once", async () => {
      const notice = (recipientId: string, subject: string) =>
        api.ds.getRepository(NoticeEntity).save({
          idempotencyKey: `test/${randomUUID()}`,
          recipientId,
          email: 'x@api.tandem',
          kind: 'reminder',
          projectId,
          subject,
          body: subject,
          status: 'sent',
          attempts: 1,
          lastError: null,
          sentAt: new Date(),
          readAt: null,
        });
      const mine = await notice(org.people.chen.id, '【提醒】第1季度报告');
      const theirs = await notice(org.people.zhang.id, '【督办】');
      const unread = ok(await chen().get('/notices?unread=true'));
      expect(unread.map((n: { id: string }) => n.id)).toEqual([mine.id]);
      expect((await chen().post(`/notices/${theirs.id}/read`)).status).toBe(404);
      const read = ok(await chen().post(`/notices/${mine.id}/read`));
      expect(read.readAt).toEqual(expect.any(String));
      expect(ok(await chen().post(`/notices/${mine.id}/read`)).readAt).toBe(read.readAt);
      expect(ok(await chen().get('/notices?unread=true'))).toEqual([]);
      expect(ok(await chen().get('/notices')).map((n: { id: string }) => n.id)).toEqual([mine.id]);
    });
  });
});
