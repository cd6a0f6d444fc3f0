import { randomUUID } from 'node:crypto';
import type { FindOptionsWhere } from 'typeorm';
import { AuditEventEntity, PersonEntity, ProjectEntity, RoleAssignmentEntity } from '../../libs/db/entities/index.js';
import { adminLogin, createOrgViaApi, draftBody, ok, startApi, type ApiHarness, type ApiOrg } from '../support/api.js';

/**
 * Login, the organisation and drafts through HTTP, against real Postgres and a real Temporal dev server (no worker:
 * nothing here sends a workflow update).
 */
describe('API: login, organisation and drafts', () => {
  let api: ApiHarness;
  let adminToken: string;
  let org: ApiOrg;
  const unknownId = '00000000-0000-4000-8000-000000000000';

  beforeAll(async () => {
    api = await startApi();
    adminToken = await api.adminToken();
    org = await createOrgViaApi(api, adminToken);
  });

  afterAll(async () => {
    await api?.close();
  });

  const audit = (where: FindOptionsWhere<AuditEventEntity>) => api.ds.getRepository(AuditEventEntity).find({ where, order: { seq: 'ASC' } });

  describe('login', () => {
    it('answers a bearer token and the person for the right password', async () => {
      const { chen } = org.people;
      const res = await api.http().post('/auth/login').send({ email: chen.email.toUpperCase(), password: chen.password });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ accessToken: expect.any(String), person: { id: chen.id, name: chen.name, email: chen.email }, mustChangePassword: false });
      const me = ok(await api.as(res.body.accessToken).get('/me'));
      expect(me).toEqual({
        id: chen.id,
        name: chen.name,
        email: chen.email,
        roles: [{ role: 'member', orgUnitId: org.units.branch, orgUnitName: expect.stringContaining('一车间党支部') }],
        mustChangePassword: false,
      });
    });

    it('refuses a wrong password and an unknown e-mail with the same answer, and audits neither one by one', async () => {
      const { chen } = org.people;
      const wrong = await api.http().post('/auth/login').send({ email: chen.email, password: 'not-my-password' });
      const unknown = await api.http().post('/auth/login').send({ email: `nobody.${randomUUID()}@api.tandem`, password: 'whatever1' });
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(401);
        expect(res.body.message).toBe('wrong e-mail or password');
        expect(res.body).not.toHaveProperty('accessToken');
      }
      // An anonymous caller must not grow the audit chain at will: a lockout is audited, a single failure is not
      // (test/e2e/login-throttle.spec.ts).
      expect(await audit({ action: 'login_denied' })).toEqual([]);
      expect(await audit({ action: 'login_locked' })).toEqual([]);
    });

    it('names each bad field of a login body', async () => {
      const res = await api.http().post('/auth/login').send({ email: 'not-an-email', remember: true });
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual([
        'remember: 不能提交未定义的字段「remember」',
        'email: 电子邮箱格式不正确，请填写有效的电子邮箱地址',
        'password: 密码不能超过 200 个字符',
        'password: 请填写密码',
        'password: 密码应为文字',
      ]);
    });

    it('creates the configured admin once, with one organisation-wide grant, however often the API starts', async () => {
      const again = await startApi({ DATABASE_URL: api.config.databaseUrl });
      await again.close();
      const admins = await api.ds
        .getRepository(PersonEntity)
        .createQueryBuilder('p')
        .where('lower(p.email) = lower(:email)', { email: adminLogin.email })
        .getMany();
      expect(admins).toHaveLength(1);
      const grants = await api.ds.getRepository(RoleAssignmentEntity).findBy({ personId: admins[0].id });
      expect(grants.map((g) => [g.role, g.orgUnitId])).toEqual([['admin', null]]);
      const created = (await audit({ entityId: admins[0].id, action: 'person_created' })).concat(await audit({ entityId: grants[0].id }));
      expect(created.map((e) => e.action)).toEqual(['person_created', 'role_assigned']);
    });
  });

  describe('organisation', () => {
    it('lets the admin build units, people and roles, each change audited in the organisation chain', async () => {
      const admin = api.as(adminToken);
      const committee = ok(await admin.post('/org-units', { name: '审计党委', kind: 'committee' }));
      expect(committee).toEqual({ id: expect.any(String), name: '审计党委', kind: 'committee', parentId: null, category: null, closedAt: null });
      const branch = ok(await admin.post('/org-units', { name: '审计一支部', kind: 'branch', parentId: committee.id, category: '机关' }));
      expect(branch).toMatchObject({ kind: 'branch', parentId: committee.id, category: '机关' });
      const person = ok(await admin.post('/people', { name: '郑审', email: `zheng.${randomUUID().slice(0, 6)}@api.tandem` }));
      const grant = ok(await admin.post('/role-assignments', { personId: person.id, orgUnitId: branch.id, role: 'staff' }));
      expect(grant).toEqual({ id: expect.any(String), personId: person.id, orgUnitId: branch.id, role: 'staff', validFrom: expect.any(String), validUntil: null });

      const adminId = (await api.ds.getRepository(PersonEntity).findOneByOrFail({ email: adminLogin.email })).id;
      for (const [action, entityId] of [
        ['org_unit_created', committee.id],
        ['org_unit_created', branch.id],
        ['person_created', person.id],
        ['role_assigned', grant.id],
      ]) {
        const events = await audit({ action, entityId });
        expect([action, events.length]).toEqual([action, 1]);
        expect(events[0]).toMatchObject({ chainKey: 'organisation', projectId: null, actorId: adminId });
      }
      // A person created without a password exists for notices but cannot log in.
      expect((await api.http().post('/auth/login').send({ email: person.email, password: 'anything-at-all' })).status).toBe(401);
    });

    it('shows each person the units they hold a role in and everything below, with kind and parent', async () => {
      const { units, people } = org;
      const seen = async (token: string) => (ok(await api.as(token).get('/org-units')) as { id: string }[]).map((u) => u.id);
      expect(await seen(people.li.token)).toEqual([units.general, units.branch]);
      expect(await seen(people.zhou.token)).toEqual([units.otherBranch]);
      expect(await seen(people.wang.token)).toEqual([units.committee, units.general, units.branch, units.otherGeneral, units.otherBranch]);
      expect(await seen(people.audit.token)).toEqual(expect.arrayContaining(Object.values(units)));
      expect(ok(await api.as(people.li.token).get(`/org-units/${units.branch}`))).toEqual({
        id: units.branch,
        name: expect.stringContaining('一车间党支部'),
        kind: 'branch',
        parentId: units.general,
        category: null,
        closedAt: null,
      });
    });

    it('answers 403 for a unit outside the scope, 404 for none, 400 for a malformed id', async () => {
      const zhou = api.as(org.people.zhou.token);
      const outside = await zhou.get(`/org-units/${org.units.branch}`);
      expect([outside.status, outside.body.code, outside.body.message]).toEqual([403, 'FORBIDDEN', 'this belongs to a unit outside your organisation scope']);
      expect((await zhou.get(`/org-units/${org.units.general}`)).status).toBe(403);
      const none = await zhou.get(`/org-units/${unknownId}`);
      expect([none.status, none.body]).toEqual([404, { statusCode: 404, code: 'NOT_FOUND', message: 'org unit does not exist' }]);
      const malformed = await zhou.get('/org-units/abc');
      expect([malformed.status, malformed.body.message]).toEqual([400, ['id: 编号无效，不是系统中的编号']]);
    });

    it('lists the people with a role in a visible unit; admins see everyone', async () => {
      const { people } = org;
      const names = async (token: string) => (ok(await api.as(token).get('/people')) as { id: string }[]).map((p) => p.id).sort();
      expect(await names(people.chen.token)).toEqual([people.zhang.id, people.chen.id].sort());
      expect(await names(people.li.token)).toEqual([people.li.id, people.zhang.id, people.chen.id].sort());
      const all = await names(adminToken);
      expect(all).toEqual(expect.arrayContaining(Object.values(people).map((p) => p.id)));
    });

    it('names every bad field in one 400: unknown field, missing field, wrong enum', async () => {
      const admin = api.as(adminToken);
      const unit = await admin.post('/org-units', { kind: 'club', colour: 'red' });
      expect(unit.status).toBe(400);
      // Each field named for programs (its path and rule) and for people (in Chinese, in the terms of the form).
      expect(unit.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: [
          'colour: 不能提交未定义的字段「colour」',
          'name: 党组织名称不能超过 100 个字符',
          'name: 请填写党组织名称',
          'name: 党组织名称应为文字',
          'kind: 党组织类型不是可选的值，请从列表中选择',
        ],
        fields: [
          { field: 'colour', code: 'whitelistValidation', message: '不能提交未定义的字段「colour」' },
          { field: 'name', code: 'maxLength', message: '党组织名称不能超过 100 个字符' },
          { field: 'name', code: 'minLength', message: '请填写党组织名称' },
          { field: 'name', code: 'isString', message: '党组织名称应为文字' },
          { field: 'kind', code: 'isIn', message: '党组织类型不是可选的值，请从列表中选择' },
        ],
      });
      const person = await admin.post('/people', { name: '缺邮箱', password: 'short' });
      expect(person.body.message).toEqual(['email: 电子邮箱不能超过 254 个字符', 'email: 电子邮箱格式不正确，请填写有效的电子邮箱地址', 'password: 密码至少需要 8 个字符']);
      const grant = await admin.post('/role-assignments', { personId: 'p1', role: 'boss' });
      expect(grant.body.message).toEqual(['personId: 人员无效，不是系统中的编号', 'role: 角色不是可选的值，请从列表中选择']);
    });

    it('refuses a second person with the same e-mail, whatever its case', async () => {
      const email = `dup.${randomUUID().slice(0, 6)}@api.tandem`;
      const create = (address: string) => api.as(adminToken).post('/people', { name: '重名', email: address });
      expect((await create(email)).status).toBe(201);
      const again = await create(email.toUpperCase());
      expect([again.status, again.body.code, again.body.message]).toEqual([409, 'ALREADY_EXISTS', `a person with e-mail ${email.toUpperCase()} already exists`]);
    });

    it('keeps the tree and the grants well-formed', async () => {
      const admin = api.as(adminToken);
      const refused = async (path: string, body: object) => {
        const res = await admin.post(path, body);
        return [res.status, res.body.message];
      };
      expect(await refused('/org-units', { name: '孤支部', kind: 'branch' })).toEqual([400, 'parentId: 请选择上级党组织：只有党委可以作为组织树的最上级']);
      expect(await refused('/org-units', { name: '无父', kind: 'branch', parentId: unknownId })).toEqual([400, 'parentId: 上级党组织不存在，请从组织树中选择']);
      expect(await refused('/org-units', { name: '支部下', kind: 'branch', parentId: org.units.branch })).toEqual([
        400,
        'parentId: 党支部下不能再设党组织，请选择党委或党总支作为上级',
      ]);
      const { chen } = org.people;
      expect(await refused('/role-assignments', { personId: chen.id, role: 'secretary' })).toEqual([
        400,
        'orgUnitId: 任命书记请选择党组织：只有管理员和纪检审计可以面向整个组织',
      ]);
      expect(await refused('/role-assignments', { personId: chen.id, role: 'admin', orgUnitId: org.units.branch })).toEqual([
        400,
        'orgUnitId: 管理员面向整个组织，任命管理员时不要选择党组织',
      ]);
      expect(await refused('/role-assignments', { personId: unknownId, role: 'member', orgUnitId: org.units.branch })).toEqual([400, 'personId: 人员不存在，请从人员列表中选择']);
      expect(await refused('/role-assignments', { personId: chen.id, role: 'member', orgUnitId: org.units.branch })).toEqual([409, 'this person already holds this role there']);
    });

    it('refuses writes by an auditor and by non-admins with 403, and audits each refusal', async () => {
      const { audit: auditor, wang } = org.people;
      const byAuditor = await api.as(auditor.token).post('/org-units', { name: '审计建的', kind: 'committee' });
      expect([byAuditor.status, byAuditor.body]).toEqual([403, { statusCode: 403, code: 'FORBIDDEN', message: 'only an administrator can do this' }]);
      const bySecretary = await api.as(wang.token).post('/people', { name: '王的人', email: `w.${randomUUID().slice(0, 6)}@api.tandem` });
      expect(bySecretary.status).toBe(403);
      const policy = await api.as(auditor.token).put('/policies/2026', { version: 'x' });
      expect(policy.status).toBe(403);

      const denied = await audit({ action: 'denied' });
      const routesOf = (actorId: string) => denied.filter((e) => e.actorId === actorId).map((e) => e.detail.route);
      expect(routesOf(auditor.id)).toEqual(expect.arrayContaining(['POST /org-units', 'PUT /policies/:year']));
      expect(routesOf(wang.id)).toContain('POST /people');
      expect(denied.find((e) => e.actorId === auditor.id)).toMatchObject({
        projectId: null,
        entity: 'request',
        detail: { code: 'FORBIDDEN', reason: 'only an administrator can do this' },
      });
    });
  });

  describe('year policies', () => {
    it('answers the default policy for a year nobody has set', async () => {
      const policy = ok(await api.as(org.people.chen.token).get('/policies/2031'));
      expect(policy).toMatchObject({ year: 2031, version: '2031-default-2' });
      expect(policy.quarterly.quarters).toHaveLength(4);
    });

    it('lists every invalid field of a policy in one 400, and stores a valid one with an audit event', async () => {
      const admin = api.as(adminToken);
      const bad = await admin.put('/policies/2027', { version: '', quarterly: { quarters: [{ quarter: 5, dueAt: '2027-04-15' }] } });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toEqual(
        expect.arrayContaining([
          'version 请填写规则版本',
          'quarterly.quarters[0].quarter 应为 1、2、3 或 4',
          'quarterly.quarters[0].dueAt 应为带时区的日期时间，例如 2026-04-15T17:30:00+08:00',
          'rectification.dueIn 应为时长，例如 3s、10m、2h 或 5d（秒、分钟、小时、天）',
          'evaluation.scoring 应为评分规则的设置',
        ]),
      );
      const defaults = ok(await admin.get('/policies/2027'));
      // A Q1 date beside the working-day rule, or one due time for all items beside the severities' rules, would be ignored.
      const quarters = defaults.quarterly.quarters.map((q: { quarter: number }) => (q.quarter === 1 ? { ...q, dueAt: '2027-01-02T09:00:00+08:00' } : q));
      const ignored = await admin.put('/policies/2027', { ...defaults, quarterly: { ...defaults.quarterly, quarters }, rectification: { ...defaults.rectification, dueIn: '20d' } });
      expect([ignored.status, ignored.body.message]).toEqual([
        400,
        [
          'quarterly.quarters[0].dueAt 设置了报告截止规则（quarterly.dueRule）时，截止日期由规则计算，此处的修改不会生效：请保持原值（2027-04-15T17:30:00+08:00），或删除 quarterly.dueRule 和 quarterly.remindOn 后自行设置日期',
          'rectification.dueIn 设置了按问题等级的整改规则（rectification.bySeverity）时，此处的修改不会生效：请改在 rectification.bySeverity 中设置，或删除它，让 rectification.dueIn 适用于所有等级',
        ],
      ]);
      const good = { ...defaults, version: '2027-tight', evaluation: { ...defaults.evaluation, scoringDueIn: '5d' } };
      expect(ok(await admin.put('/policies/2027', good))).toEqual(good);
      expect(ok(await api.as(org.people.chen.token).get('/policies/2027'))).toEqual(good);
      const events = await audit({ action: 'policy_set', entityId: '2027' });
      expect(events.map((e) => [e.detail.version, e.detail.previousVersion])).toEqual([['2027-tight', null]]);
      expect((await admin.get('/policies/19')).body.message).toEqual(['year: 年度不能小于 2000']);
    });
  });

  describe('drafts', () => {
    let draftId: string;

    beforeAll(async () => {
      const res = await api.as(org.people.chen.token).post('/projects', draftBody(org.units.branch));
      draftId = ok(res).id as string;
    });

    it('creates a draft owned by the caller, audited in the project chain', async () => {
      const { chen } = org.people;
      const draft = ok(await api.as(chen.token).get(`/projects/${draftId}`));
      expect(draft).toMatchObject({
        id: draftId,
        status: 'draft',
        statusLabel: '草稿',
        kind: 'vanguard_post',
        kindLabel: '党员先锋岗',
        ownerId: chen.id,
        ownerName: chen.name,
        orgUnitId: org.units.branch,
        goals: [{ title: '隐患排查整改', target: '≥ 40 项' }],
        approvals: [],
        reports: [],
        findings: [],
        deadlines: [],
        evaluation: null,
      });
      const events = await audit({ chainKey: draftId });
      expect(events.map((e) => [e.action, e.actorId])).toEqual([['draft_created', chen.id]]);
    });

    it('lists projects by scope: the unit and above see it, another subtree does not, auditors see all', async () => {
      const ids = async (token: string, query = '') => (ok(await api.as(token).get(`/projects${query}`)) as { id: string }[]).map((p) => p.id);
      const { people, units } = org;
      for (const who of ['chen', 'zhang', 'li', 'wang', 'audit'] as const) expect([who, (await ids(people[who].token)).includes(draftId)]).toEqual([who, true]);
      expect(await ids(people.zhou.token)).not.toContain(draftId);
      expect(await ids(people.wang.token, `?unit=${units.general}`)).toContain(draftId);
      expect(await ids(people.wang.token, `?unit=${units.otherGeneral}`)).not.toContain(draftId);
      expect(await ids(people.li.token, '?year=2026&status=draft&kind=vanguard_post')).toContain(draftId);
      expect(await ids(people.li.token, '?year=2025')).not.toContain(draftId);
      expect(await ids(people.li.token, '?kind=service_team')).not.toContain(draftId);
      const badQuery = await api.as(people.li.token).get('/projects?status=done&colour=red');
      expect(badQuery.body.message).toEqual([
        'colour: 不能提交未定义的字段「colour」',
        'status: 状态不是可选的值，请从列表中选择',
      ]);
    });

    it('answers 403 to an outsider reading the project and 404 for a project that does not exist', async () => {
      const outside = await api.as(org.people.zhou.token).get(`/projects/${draftId}`);
      expect([outside.status, outside.body.code]).toEqual([403, 'FORBIDDEN']);
      expect((await api.as(org.people.audit.token).get(`/projects/${draftId}`)).status).toBe(200);
      expect((await api.as(org.people.chen.token).get(`/projects/${unknownId}`)).status).toBe(404);
    });

    it('refuses drafts in a unit the caller cannot act in, audited; and names bad fields', async () => {
      const { zhou, audit: auditor } = org.people;
      const outsider = await api.as(zhou.token).post('/projects', draftBody(org.units.branch));
      expect([outsider.status, outsider.body.message]).toEqual([403, 'this belongs to a unit outside your organisation scope']);
      const byAuditor = await api.as(auditor.token).post('/projects', draftBody(org.units.branch));
      expect([byAuditor.status, byAuditor.body.message]).toEqual([403, 'you can read this unit but not change anything in it (auditors change nothing)']);
      const denied = await audit({ action: 'denied' });
      expect(denied.filter((e) => e.detail.route === 'POST /projects').map((e) => e.actorId)).toEqual(expect.arrayContaining([zhou.id, auditor.id]));

      // A unit that does not exist is answered as one outside the scope is, so nobody learns which units exist;
      // only an administrator, who sees every unit, is told it is unknown.
      const noUnit = await api.as(zhou.token).post('/projects', draftBody(unknownId));
      expect([noUnit.status, noUnit.body.message]).toEqual([outsider.status, outsider.body.message]);
      const noUnitForAdmin = await api.as(adminToken).post('/projects', draftBody(unknownId));
      expect([noUnitForAdmin.status, noUnitForAdmin.body.message]).toEqual([400, 'orgUnitId: 所属党组织不存在，请从组织列表中选择']);
      const bad = await api.as(zhou.token).post('/projects', { ...draftBody(org.units.otherBranch, { kind: 'picnic', goals: [] }), colour: 'red' });
      expect(bad.body.message).toEqual([
        'colour: 不能提交未定义的字段「colour」',
        'kind: 项目类型不是可选的值，请从列表中选择',
        'goals: 年度目标至少需要 1 项',
      ]);
      const missing = await api.as(zhou.token).post('/projects', { title: '缺字段', kind: 'vanguard_post', orgUnitId: org.units.otherBranch, goals: [{ title: '目标' }] });
      expect(missing.body.message).toEqual([
        'year: 年度不能大于 2100',
        'year: 年度不能小于 2000',
        'year: 年度应为整数',
        'goals.0.target: 年度目标第 1 项的考核指标不能超过 100 个字符',
        'goals.0.target: 请填写年度目标第 1 项的考核指标',
        'goals.0.target: 年度目标第 1 项的考核指标应为文字',
      ]);
    });

    it('refuses a goal whose target cannot be measured (能量化、可考核), showing what one looks like', async () => {
      const title = `目标不可考核-${randomUUID().slice(0, 6)}`;
      const goals = [{ title: '隐患排查整改', target: '≥ 40 项' }, { title: '安全生产', target: '尽量做好' }];
      const vague = await api.as(org.people.chen.token).post('/projects', draftBody(org.units.branch, { title, goals }));
      expect([vague.status, vague.body.message]).toEqual([
        400,
        ['goals.1.target: 年度目标第 2 项的考核指标须能量化、可考核：写明带单位的数字、日期或数量，例如「≥ 40 项」「≥ 95%」「2026-06-30 前完成」「12」'],
      ]);
      expect(await api.ds.getRepository(ProjectEntity).countBy({ title })).toBe(0);
    });
  });
});
