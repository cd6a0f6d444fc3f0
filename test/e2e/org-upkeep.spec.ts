import { randomUUID } from 'node:crypto';
import { IsNull } from 'typeorm';
import { AuditEventEntity, NoticeEntity, OrgUnitEntity, PersonEntity, RoleAssignmentEntity, TaskEntity } from '../../libs/db/entities/index.js';
import { beijingDateOf, addDays } from '../../libs/domain/index.js';
import { readOrgWorkbook, writeOrgWorkbook, type SheetRows } from '../../libs/spreadsheet/org-workbook.js';
import { closeApiStack, startApiStack } from '../support/api-stack.js';
import { addPersonViaApi, draftBody, ok, type ApiHarness, type ApiOrg, type OrgPerson } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';
import type { TestStack } from '../support/stack.js';

type Body = Record<string, any>;
const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Organisation upkeep through HTTP on the real stack: the Excel import (a dry run that names every problem and writes
 * nothing, then all or nothing), 换届 moving an open approval step to the successor who decides it, and the unit and
 * person corrections an administrator makes.
 */
describe('organisation upkeep', () => {
  let stack: TestStack;
  let api: ApiHarness;
  let org: ApiOrg;
  let adminToken: string;
  const tag = randomUUID().slice(0, 6);

  beforeAll(async () => {
    ({ stack, api, adminToken, org } = await startApiStack());
  });

  afterAll(() => closeApiStack({ stack, api }, 'org-upkeep'));

  const add = (key: string, role: string, orgUnitId?: string) => addPersonViaApi(api, adminToken, { key: `${key}${randomUUID().slice(0, 4)}`, name: `${key}人员`, role, orgUnitId, tag });
  const upload = async (path: string, rows: SheetRows, token = adminToken) =>
    api.as(token).upload(path, {}, [{ name: '导入.xlsx', contentType: xlsx, data: await writeOrgWorkbook(rows) }], { field: 'workbook' });
  /** Everything an import could write, counted. */
  const footprint = async () => [
    await api.ds.getRepository(OrgUnitEntity).count(),
    await api.ds.getRepository(PersonEntity).count(),
    await api.ds.getRepository(RoleAssignmentEntity).count(),
    await api.ds.getRepository(AuditEventEntity).count(),
  ];

  describe('Excel import (批量导入)', () => {
    const committee = `导入党委-${tag}`;
    const general = `导入总支-${tag}`;
    const good = (): SheetRows => ({
      units: [
        [`导入一支部-${tag}`, '党支部', general, '生产'],
        [committee, '党委', '', ''],
        [general, '党总支', committee, ''],
      ],
      people: [
        ['导入甲', `jia.${tag}@import.tandem`, 'Jia-2026-import'],
        ['导入乙', `yi.${tag}@import.tandem`, ''],
      ],
      roles: [
        [`jia.${tag}@import.tandem`, `导入一支部-${tag}`, '书记', '2026-01-01', '2028-12-31'],
        [`yi.${tag}@import.tandem`, `导入一支部-${tag}`, '委员', '', ''],
        [org.people.zhou.email, general, '委员', '', ''],
      ],
    });

    it('offers the template with Chinese headers to administrators only', async () => {
      const res = await api.as(adminToken).get('/org-import/template').buffer(true).parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
      expect([res.status, res.headers['content-type']]).toEqual([200, expect.stringContaining(xlsx)]);
      const book = await readOrgWorkbook(res.body as Buffer);
      expect([book.units?.header, book.people?.header, book.roles?.header]).toEqual([
        ['组织名称', '类型', '上级组织', '分类'],
        ['姓名', '邮箱', '初始密码'],
        ['邮箱', '组织名称', '角色', '开始日期', '结束日期'],
      ]);
      expect((await api.as(org.people.zhang.token).get('/org-import/template')).status).toBe(403);
      expect((await upload('/org-import/dry-run', good(), org.people.audit.token)).status).toBe(403);
    });

    it('dry-runs a workbook with problems: each named by sheet, row and column, and nothing written, not even on confirming', async () => {
      const bad: SheetRows = {
        units: [
          [committee, '党委', '', ''],
          [`坏支部-${tag}`, '支部', committee, ''],
          [`孤儿-${tag}`, '党支部', `不存在-${tag}`, ''],
        ],
        people: [
          ['导入甲', `jia.${tag}@import.tandem`, ''],
          ['导入丙', 'not-an-email', ''],
          [{ formula: 'HYPERLINK("http://x.example","点击")' }, `bing.${tag}@import.tandem`, ''],
        ],
        roles: [[`jia.${tag}@import.tandem`, committee, '主任', '', '']],
      };
      const before = await footprint();
      const report = ok(await upload('/org-import/dry-run', bad));
      expect(report.ok).toBe(false);
      expect(report.issues).toEqual([
        { sheet: '组织', row: 3, column: 'B', header: '类型', message: '类型应为 党委、党总支、党支部 之一' },
        { sheet: '组织', row: 4, column: 'C', header: '上级组织', message: `找不到上级组织「不存在-${tag}」` },
        { sheet: '人员', row: 3, column: 'B', header: '邮箱', message: '邮箱格式不正确' },
        { sheet: '人员', row: 4, column: 'A', header: '姓名', message: '不能导入公式，请改为直接填写内容' },
        { sheet: '人员', row: 4, column: 'A', header: '姓名', message: '姓名不能为空' },
        { sheet: '任职', row: 2, column: 'C', header: '角色', message: '角色应为 书记、委员、党务工作者、纪检审计、管理员 之一' },
      ]);
      expect(report.rows.map((r: Body) => [r.sheet, r.row, r.outcome])).toEqual([
        ['组织', 2, 'create'],
        ['组织', 3, 'error'],
        ['组织', 4, 'error'],
        ['人员', 2, 'create'],
        ['人员', 3, 'error'],
        ['人员', 4, 'error'],
        ['任职', 2, 'error'],
      ]);
      expect(report.counts).toEqual({ units: { create: 1, exists: 0, error: 2 }, people: { create: 1, exists: 0, error: 2 }, roles: { create: 0, exists: 0, error: 1 } });

      const refused = await upload('/org-import', bad);
      expect([refused.status, refused.body.code, refused.body.message]).toEqual([400, 'INVALID_DATA', '工作簿有 6 处错误，未导入任何数据；第一处：「组织」第 3 行 B 列（类型）类型应为 党委、党总支、党支部 之一']);
      expect(await footprint()).toEqual(before);
    });

    it('writes a clean workbook whole on confirming, each row audited; the same workbook then finds everything there', async () => {
      const before = await footprint();
      const report = ok(await upload('/org-import/dry-run', good()));
      expect([report.ok, report.issues, report.counts]).toEqual([
        true,
        [],
        { units: { create: 3, exists: 0, error: 0 }, people: { create: 2, exists: 0, error: 0 }, roles: { create: 3, exists: 0, error: 0 } },
      ]);
      expect(await footprint()).toEqual(before);

      expect(ok(await upload('/org-import', good())).created).toEqual({ units: 3, people: 2, roles: 3 });
      const units = await api.ds.getRepository(OrgUnitEntity).findBy({ name: committee });
      const generalUnit = await api.ds.getRepository(OrgUnitEntity).findOneByOrFail({ name: general });
      const branch = await api.ds.getRepository(OrgUnitEntity).findOneByOrFail({ name: `导入一支部-${tag}` });
      expect([units.length, generalUnit.parentId, branch.parentId, branch.category]).toEqual([1, units[0].id, generalUnit.id, '生产']);
      const jia = await api.ds.getRepository(PersonEntity).findOneByOrFail({ email: `jia.${tag}@import.tandem` });
      const [term] = await api.ds.getRepository(RoleAssignmentEntity).findBy({ personId: jia.id });
      expect([term.role, term.orgUnitId, term.validFrom.toISOString(), term.validUntil?.toISOString()]).toEqual(['secretary', branch.id, '2025-12-31T16:00:00.000Z', '2028-12-31T16:00:00.000Z']);
      // The one with a password logs in; 乙 has none until an administrator resets it.
      ok(await api.http().post('/auth/login').send({ email: jia.email, password: 'Jia-2026-import' }));
      // One event per unit, person and role, and one for the import itself.
      expect((await footprint())[3] - before[3]).toBe(3 + 2 + 3 + 1);

      const again = ok(await upload('/org-import/dry-run', good()));
      expect(again.counts).toEqual({ units: { create: 0, exists: 3, error: 0 }, people: { create: 0, exists: 2, error: 0 }, roles: { create: 0, exists: 3, error: 0 } });
    });
  });

  describe('换届 (term change)', () => {
    const openTaskOf = (token: string, projectId: string, what: string) =>
      pollUntil(
        async () => (ok(await api.as(token).get('/tasks?assignee=me&status=open')) as Body[]).find((t) => t.projectId === projectId),
        (t) => t !== undefined,
        { timeoutMs: 30_000, what },
      ) as Promise<Body>;

    it('hands the post and the leaver’s open step at that unit to the successor, who is told and decides it; history keeps both terms', async () => {
      const unitId = ok(await api.as(adminToken).post('/org-units', { name: `换届支部-${tag}`, kind: 'branch', parentId: org.units.general })).id as string;
      const leaving: OrgPerson = await add('old', 'secretary', unitId);
      const owner = await add('own', 'member', unitId);
      const successor = await add('new', 'member', org.units.otherBranch);
      const draft = ok(await api.as(owner.token).post('/projects', draftBody(unitId, { title: `换届项目-${tag}` })));
      ok(await api.as(owner.token).post(`/projects/${draft.id}/submit`, {}));
      const step = await openTaskOf(leaving.token, draft.id as string, 'the branch level for the leaving secretary');

      const body = { role: 'secretary', fromPersonId: leaving.id, toPersonId: successor.id, effectiveOn: beijingDateOf(Date.now()) };
      expect((await api.as(org.people.li.token).post(`/org-units/${unitId}/term-change`, body)).status).toBe(403);
      const future = await api.as(adminToken).post(`/org-units/${unitId}/term-change`, { ...body, effectiveOn: addDays(beijingDateOf(Date.now()), 1) });
      expect([future.status, future.body.message]).toEqual([400, 'effectiveOn: 生效日期不能晚于今天；以后的换届请预约']);
      const notHolder = await api.as(adminToken).post(`/org-units/${unitId}/term-change`, { ...body, fromPersonId: owner.id });
      expect([notHolder.status, notHolder.body.message]).toEqual([409, '原任职人员当前不担任该组织的这一职务']);

      const answer = ok(await api.as(adminToken).post(`/org-units/${unitId}/term-change`, body));
      expect(answer.moved).toEqual([{ taskId: step.id, projectId: draft.id, title: step.title }]);
      expect(answer.leftOpen).toEqual([]);
      expect(answer.ended).toMatchObject({ personId: leaving.id, role: 'secretary', validUntil: answer.started.validFrom });
      expect(answer.started).toMatchObject({ personId: successor.id, personName: successor.name, orgUnitId: unitId, role: 'secretary', validUntil: null });

      const taken = await openTaskOf(successor.token, draft.id as string, 'the moved step for the successor');
      expect(taken.level).toBe(0);
      const told = await pollUntil(
        () => api.ds.getRepository(NoticeEntity).findBy({ recipientId: successor.id, kind: 'task_assigned', projectId: draft.id }),
        (rows) => rows.length > 0,
        { timeoutMs: 30_000, what: 'the successor’s task notice' },
      );
      expect(told).toHaveLength(1);
      const moved = await api.ds.getRepository(AuditEventEntity).findBy({ projectId: draft.id, action: 'delegated' });
      expect(moved.map((e) => [e.detail.fromId, e.detail.toId, e.detail.comment])).toEqual([[leaving.id, successor.id, '换届，由接任人员办理']]);
      expect(await api.ds.getRepository(AuditEventEntity).countBy({ action: 'term_changed', entityId: unitId })).toBe(1);
      ok(await api.as(successor.token).post(`/tasks/${taken.id}/decision`, { decision: 'approve' }));
      await openTaskOf(org.people.li.token, draft.id as string, 'the general branch level after the successor approved');

      // Who held the post when: both terms on record, the leaver's closed as the successor's opened.
      const terms = (ok(await api.as(adminToken).get('/role-assignments')) as Body[]).filter((t) => t.orgUnitId === unitId && t.role === 'secretary');
      expect(terms.map((t) => [t.personId, t.validUntil === null])).toEqual([
        [successor.id, true],
        [leaving.id, false],
      ]);
      expect((await api.as(org.people.audit.token).get('/role-assignments')).status).toBe(403);
      expect(await api.ds.getRepository(RoleAssignmentEntity).countBy({ personId: leaving.id, validUntil: IsNull() })).toBe(0);
      // The leaver decides nothing there any more; the step is closed as handed on.
      expect((await api.ds.getRepository(TaskEntity).findOneByOrFail({ id: step.id })).outcome).toBe('delegated');
    });
  });

  describe('units and people', () => {
    it('renames, moves and closes units within the rules, and corrects a person, each audited', async () => {
      const admin = api.as(adminToken);
      const unit = ok(await admin.post('/org-units', { name: `待撤支部-${tag}`, kind: 'branch', parentId: org.units.general }));
      expect(ok(await admin.post(`/org-units/${unit.id}/rename`, { name: `改名支部-${tag}` })).name).toBe(`改名支部-${tag}`);
      expect(ok(await admin.post(`/org-units/${unit.id}/move`, { parentId: org.units.otherGeneral })).parentId).toBe(org.units.otherGeneral);
      const below = await admin.post(`/org-units/${org.units.general}/move`, { parentId: org.units.branch });
      expect([below.status, below.body.message]).toEqual([400, 'parentId: 党支部下不能再设党组织，请选择党委或党总支作为上级']);
      const cycle = await admin.post(`/org-units/${org.units.general}/move`, { parentId: org.units.general });
      expect([cycle.status, cycle.body.message]).toEqual([400, 'parentId: 不能移到本组织或其下级组织之下，请选择其他上级党组织']);
      const busy = await admin.post(`/org-units/${org.units.branch}/close`);
      expect([busy.status, busy.body.message]).toEqual([409, '该组织还有在任人员，请先免职或换届']);
      expect(ok(await admin.post(`/org-units/${unit.id}/close`)).closedAt).toEqual(expect.any(String));
      const closed = await admin.post('/role-assignments', { personId: org.people.zhou.id, role: 'member', orgUnitId: unit.id });
      expect([closed.status, closed.body.message]).toEqual([409, '该组织已撤销，不能任命角色']);
      expect((await api.as(org.people.li.token).post(`/org-units/${org.units.branch}/rename`, { name: 'x' })).status).toBe(403);

      const p = await add('edit', 'member', org.units.otherBranch);
      const edited = ok(await admin.put(`/people/${p.id}`, { name: '改名人员', email: `edited.${tag}@api.tandem` }));
      expect(edited).toEqual({ id: p.id, name: '改名人员', email: `edited.${tag}@api.tandem` });
      const taken = await admin.put(`/people/${p.id}`, { name: '改名人员', email: org.people.chen.email.toUpperCase() });
      expect([taken.status, taken.body.code]).toEqual([409, 'ALREADY_EXISTS']);
      const actions = (await api.ds.getRepository(AuditEventEntity).find({ where: [{ entityId: unit.id }, { entityId: p.id, action: 'person_updated' }], order: { seq: 'ASC' } })).map((e) => e.action);
      expect(actions).toEqual(['org_unit_created', 'org_unit_updated', 'org_unit_updated', 'org_unit_closed', 'person_updated']);
    });
  });
});
