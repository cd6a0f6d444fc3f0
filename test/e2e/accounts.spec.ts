import { randomBytes, randomUUID, scryptSync } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JwtService } from '@nestjs/jwt';
import { IsNull, type FindOptionsWhere } from 'typeorm';
import { AuditEventEntity, PersonEntity, RoleAssignmentEntity, TaskEntity } from '../../libs/db/entities/index.js';
import { seedDemo } from '../../scripts/seed.js';
import { closeApiStack, startApiStack } from '../support/api-stack.js';
import { addPersonViaApi, adminLogin, apiBase, draftBody, ok, startApi, type ApiHarness, type ApiOrg, type OrgPerson } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';
import type { TestStack } from '../support/stack.js';

type Body = Record<string, any>;

const stale = '登录已失效（密码已修改、账号已停用或角色已变更），请重新登录';

/**
 * Accounts looked after through HTTP on the real stack: tokens nobody can forge and that die with a password
 * change, a reset, a deactivation or an ended role; passwords changed by their owner, reset by an administrator
 * (and then changed before anything else), hashed at a recorded cost; a deactivated person's approval steps handed
 * to a secretary by the chain's own 转交.
 */
describe('accounts', () => {
  let stack: TestStack;
  let api: ApiHarness;
  let org: ApiOrg;
  let adminToken: string;
  let adminId: string;
  const tag = randomUUID().slice(0, 6);

  beforeAll(async () => {
    ({ stack, api, adminToken, org } = await startApiStack());
    adminId = ok(await api.as(adminToken).get('/me')).id as string;
  });

  afterAll(() => closeApiStack({ stack, api }, 'accounts'));

  const audit = (where: FindOptionsWhere<AuditEventEntity>) => api.ds.getRepository(AuditEventEntity).find({ where, order: { seq: 'ASC' } });
  const add = (key: string, role: string, orgUnitId?: string) => addPersonViaApi(api, adminToken, { key: `${key}${randomUUID().slice(0, 4)}`, name: `${key}人员`, role, orgUnitId, tag });
  const login = (email: string, password: string) => api.http().post('/auth/login').send({ email, password });
  const refusal = (res: { status: number; body: Body }) => [res.status, res.body.code ?? null, res.body.message];

  describe('login tokens', () => {
    it('refuses a token signed with the secret that used to be written in the source, for the admin as for anyone', async () => {
      const forged = new JwtService().sign({ sub: adminId, ver: 0 }, { secret: 'tandem-development-only-secret', algorithm: 'HS256' });
      expect((await api.as(forged).get('/me')).status).toBe(401);
      expect((await api.as(forged).post('/org-units', { name: `伪造-${tag}`, kind: 'committee' })).status).toBe(401);
      // Each API signs with a random secret of its own: a token of another stack is no better.
      const other = new JwtService().sign({ sub: adminId, ver: 0 }, { secret: randomBytes(32).toString('base64url'), algorithm: 'HS256' });
      expect((await api.as(other).get('/me')).status).toBe(401);
    });

    it('live for a working day at most', async () => {
      const { iat, exp } = new JwtService().decode<{ iat: number; exp: number }>(adminToken);
      expect(exp - iat).toBe(8 * 3600);
    });
  });

  describe('changing one’s own password (修改密码)', () => {
    it('needs the current password and a new one that keeps the rules, each refusal in Chinese', async () => {
      const p = await add('pw', 'member', org.units.branch);
      const me = api.as(p.token);
      expect(refusal(await me.post('/me/password', { currentPassword: 'not-it-at-all', newPassword: 'Dangjian-2026' }))).toEqual([
        400,
        'INVALID_INPUT',
        'currentPassword: 当前密码不正确',
      ]);
      expect(refusal(await me.post('/me/password', { currentPassword: p.password, newPassword: 'short' }))).toEqual([
        400,
        'INVALID_INPUT',
        'newPassword: 密码至少需要 10 个字符；密码需包含以下至少两类字符：小写字母、大写字母、数字、其他符号',
      ]);
      expect(refusal(await me.post('/me/password', { currentPassword: p.password, newPassword: p.password }))).toEqual([
        400,
        'INVALID_INPUT',
        'newPassword: 新密码不能与当前密码相同',
      ]);
      // Nothing changed: the old password and the old token still work.
      expect((await login(p.email, p.password)).status).toBe(200);
      expect((await me.get('/me')).status).toBe(200);
    });

    it('ends every earlier session, answers a fresh token and is audited; the old password no longer logs in', async () => {
      const p = await add('pw', 'member', org.units.branch);
      const elsewhere = await api.login(p.email, p.password);
      const changed = ok(await api.as(p.token).post('/me/password', { currentPassword: p.password, newPassword: 'Dangjian-2026' }));
      expect(changed).toEqual({ accessToken: expect.any(String), person: { id: p.id, name: p.name, email: p.email }, mustChangePassword: false });
      for (const old of [p.token, elsewhere]) expect(refusal(await api.as(old).get('/me'))).toEqual([401, null, stale]);
      expect(ok(await api.as(changed.accessToken).get('/me')).id).toBe(p.id);
      expect((await login(p.email, p.password)).status).toBe(401);
      expect(ok(await login(p.email, 'Dangjian-2026')).mustChangePassword).toBe(false);
      expect(await audit({ action: 'password_changed', entityId: p.id })).toEqual([expect.objectContaining({ actorId: p.id, chainKey: 'organisation' })]);
    });
  });

  describe('an administrator’s password reset (重置密码)', () => {
    it('is for administrators only', async () => {
      const p = await add('rs', 'member', org.units.branch);
      const res = await api.as(org.people.zhang.token).post(`/people/${p.id}/password-reset`, { temporaryPassword: 'Linshi-2026' });
      expect(res.status).toBe(403);
      expect((await login(p.email, p.password)).status).toBe(200);
      expect(refusal(await api.as(adminToken).post(`/people/${randomUUID()}/password-reset`, { temporaryPassword: 'Linshi-2026' }))[0]).toBe(404);
      expect(refusal(await api.as(adminToken).post(`/people/${p.id}/password-reset`, { temporaryPassword: 'linshi' }))).toEqual([
        400,
        'INVALID_INPUT',
        'temporaryPassword: 密码至少需要 10 个字符；密码需包含以下至少两类字符：小写字母、大写字母、数字、其他符号',
      ]);
    });

    it('ends the person’s sessions and lets the temporary password do nothing but change itself', async () => {
      const p = await add('rs', 'member', org.units.branch);
      const reset = ok(await api.as(adminToken).post(`/people/${p.id}/password-reset`, { temporaryPassword: 'Linshi-2026' }));
      expect(reset).toMatchObject({ id: p.id, mustChangePassword: true, deactivatedAt: null });
      expect(refusal(await api.as(p.token).get('/tasks'))).toEqual([401, null, stale]);
      expect((await login(p.email, p.password)).status).toBe(401);

      const temporary = ok(await login(p.email, 'Linshi-2026'));
      expect(temporary.mustChangePassword).toBe(true);
      const restricted = api.as(temporary.accessToken);
      for (const res of [await restricted.get('/tasks'), await restricted.get('/org-units'), await restricted.post('/projects', draftBody(org.units.branch))]) {
        expect(refusal(res)).toEqual([403, 'PASSWORD_CHANGE_REQUIRED', '请先修改密码（POST /me/password），修改后才能进行其他操作']);
      }
      expect(ok(await restricted.get('/me'))).toMatchObject({ id: p.id, mustChangePassword: true });
      const changed = ok(await restricted.post('/me/password', { currentPassword: 'Linshi-2026', newPassword: 'Wode-mima-2026' }));
      expect(changed.mustChangePassword).toBe(false);
      expect((await api.as(changed.accessToken).get('/tasks')).status).toBe(200);
      expect((await restricted.get('/me')).status).toBe(401);
      expect((await audit({ action: 'password_reset', entityId: p.id })).map((e) => e.actorId)).toEqual([adminId]);
      expect((await audit({ action: 'password_changed', entityId: p.id })).map((e) => e.detail)).toEqual([{ required: true }]);
    });
  });

  describe('a person an administrator creates with a password', () => {
    it('must change it at first login before anything else, like a reset one', async () => {
      const email = `new.${tag}@api.tandem`;
      const person = ok(await api.as(adminToken).post('/people', { name: '新人员', email, password: 'Chushi-2026' }));
      const first = ok(await login(email, 'Chushi-2026'));
      expect(first.mustChangePassword).toBe(true);
      expect(refusal(await api.as(first.accessToken).get('/tasks'))[1]).toBe('PASSWORD_CHANGE_REQUIRED');
      const changed = ok(await api.as(first.accessToken).post('/me/password', { currentPassword: 'Chushi-2026', newPassword: 'Ziji-mima-2026' }));
      expect(changed.mustChangePassword).toBe(false);
      expect((await api.as(changed.accessToken).get('/tasks')).status).toBe(200);
      expect((await audit({ action: 'person_created', entityId: person.id })).map((e) => e.detail)).toEqual([
        { name: '新人员', email, canLogIn: true, mustChangePassword: true },
      ]);
    });
  });

  describe('the default admin', () => {
    it('must change the well-known default password at its first login; one given in ADMIN_PASSWORD need not be', async () => {
      expect(ok(await login(adminLogin.email, adminLogin.password)).mustChangePassword).toBe(false);
      const fresh = await startApi({ ADMIN_PASSWORD: undefined });
      try {
        const first = ok(await fresh.http().post('/auth/login').send(adminLogin));
        expect(first.mustChangePassword).toBe(true);
        const res = await fresh.as(first.accessToken).post('/org-units', { name: '集团党委', kind: 'committee' });
        expect([res.status, res.body.code]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
        const changed = ok(await fresh.as(first.accessToken).post('/me/password', { currentPassword: adminLogin.password, newPassword: 'Guanliyuan-2026' }));
        expect((await fresh.as(changed.accessToken).post('/org-units', { name: '集团党委', kind: 'committee' })).status).toBe(201);
        expect((await fresh.http().post('/auth/login').send(adminLogin)).status).toBe(401);
      } finally {
        await fresh.close();
      }
    });

    it('still has to change it after `npm run up` seeded the demo organisation with it, and a later start seeds nothing', async () => {
      const fresh = await startApi({ ADMIN_PASSWORD: undefined });
      try {
        const server = fresh.app.getHttpServer() as Server;
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${apiBase}`;
        expect(await seedDemo(baseUrl, adminLogin)).toBe(true);
        expect(await fresh.ds.getRepository(PersonEntity).countBy({ email: 'chen@demo.tandem' })).toBe(1);
        const first = ok(await fresh.http().post('/auth/login').send(adminLogin));
        expect(first.mustChangePassword).toBe(true);
        expect((await fresh.as(first.accessToken).get('/org-units')).status).toBe(403);
        const adminRow = (await fresh.ds.getRepository(PersonEntity).findOneByOrFail({ email: adminLogin.email })).id;
        const events = await fresh.ds.getRepository(AuditEventEntity).find({ where: { entityId: adminRow }, order: { seq: 'ASC' } });
        expect(events.map((e) => e.action).filter((a) => a.startsWith('password'))).toEqual(['password_changed', 'password_reset']);
        expect(await seedDemo(baseUrl, adminLogin)).toBe(false);
        // Once someone has chosen their own password, a start with the default seeds nothing and fails nothing.
        const again = ok(await fresh.http().post('/auth/login').send(adminLogin));
        expect(again.mustChangePassword).toBe(true);
        ok(await fresh.as(again.accessToken).post('/me/password', { currentPassword: adminLogin.password, newPassword: 'Guanliyuan-2026' }));
        expect(await seedDemo(baseUrl, adminLogin)).toBe(false);
      } finally {
        await fresh.close();
      }
    });
  });

  describe('password hashes', () => {
    it('in the older format still log in, and are hashed again at the recorded cost', async () => {
      const p = await add('old', 'member', org.units.branch);
      const salt = randomBytes(16);
      const legacy = `scrypt$${salt.toString('base64')}$${scryptSync(p.password, salt, 64).toString('base64')}`;
      await api.ds.getRepository(PersonEntity).update({ id: p.id }, { passwordHash: legacy });
      expect((await login(p.email, p.password)).status).toBe(200);
      const row = await api.ds.getRepository(PersonEntity).createQueryBuilder('p').addSelect('p.passwordHash').where('p.id = :id', { id: p.id }).getOneOrFail();
      expect(row.passwordHash).toMatch(new RegExp(`^scrypt\\$N=${api.config.passwords.scryptN},r=8,p=1\\$`));
      expect((await login(p.email, p.password)).status).toBe(200);
      expect((await audit({ action: 'password_rehashed', entityId: p.id })).length).toBe(1);
    });
  });

  describe('ending a role (免职)', () => {
    it('ends the grant and the holder’s sessions, audited, for administrators only', async () => {
      const p = await add('end', 'member', org.units.branch);
      const [grant] = await api.ds.getRepository(RoleAssignmentEntity).findBy({ personId: p.id });
      expect((await api.as(org.people.zhang.token).post(`/role-assignments/${grant.id}/end`)).status).toBe(403);
      expect((await api.as(p.token).get('/me')).status).toBe(200);

      const ended = ok(await api.as(adminToken).post(`/role-assignments/${grant.id}/end`));
      expect(ended).toEqual({ id: grant.id, personId: p.id, orgUnitId: org.units.branch, role: 'member', validFrom: grant.validFrom.toISOString(), validUntil: expect.any(String) });
      // The ended term stays on record, with the moment it ended.
      expect((await api.ds.getRepository(RoleAssignmentEntity).findOneByOrFail({ id: grant.id })).validUntil?.toISOString()).toBe(ended.validUntil);
      expect(refusal(await api.as(p.token).get('/me'))).toEqual([401, null, stale]);
      expect(ok(await api.as(await api.login(p.email, p.password)).get('/me')).roles).toEqual([]);
      expect((await audit({ action: 'role_ended', entityId: grant.id })).map((e) => [e.actorId, e.detail])).toEqual([
        [adminId, { personId: p.id, orgUnitId: org.units.branch, role: 'member', reason: 'ended' }],
      ]);
      expect((await api.as(adminToken).post(`/role-assignments/${grant.id}/end`)).status).toBe(404);
    });

    it('keeps the last administrator', async () => {
      const [grant] = await api.ds.getRepository(RoleAssignmentEntity).findBy({ personId: adminId, role: 'admin' });
      expect(refusal(await api.as(adminToken).post(`/role-assignments/${grant.id}/end`))).toEqual([409, 'WRONG_STAGE', '这是最后一个管理员角色，不能结束']);
      expect((await api.as(adminToken).get('/me')).status).toBe(200);
    });
  });

  describe('deactivating a person (停用人员)', () => {
    /** A branch of the test's own under the general branch: its secretary, and a member who submits. */
    async function branchWithProject(): Promise<{ secretary: OrgPerson; owner: OrgPerson; member: OrgPerson; projectId: string; unitId: string }> {
      const unitId = ok(await api.as(adminToken).post('/org-units', { name: `三车间党支部-${randomUUID().slice(0, 6)}`, kind: 'branch', parentId: org.units.general })).id as string;
      const secretary = await add('sec', 'secretary', unitId);
      const owner = await add('own', 'member', unitId);
      const member = await add('mem', 'member', unitId);
      const draft = ok(await api.as(owner.token).post('/projects', draftBody(unitId, { title: `项目-${randomUUID().slice(0, 6)}` })));
      ok(await api.as(owner.token).post(`/projects/${draft.id}/submit`, {}));
      return { secretary, owner, member, unitId, projectId: draft.id as string };
    }

    const openTaskOf = (token: string, projectId: string, what: string) =>
      pollUntil(
        async () => (ok(await api.as(token).get('/tasks?assignee=me&status=open')) as Body[]).find((t) => t.projectId === projectId),
        (t) => t !== undefined,
        { timeoutMs: 30_000, what },
      ) as Promise<Body>;

    it('refuses other people than administrators, and an administrator deactivating themself', async () => {
      const p = await add('de', 'member', org.units.branch);
      expect((await api.as(org.people.zhang.token).post(`/people/${p.id}/deactivate`)).status).toBe(403);
      expect(refusal(await api.as(adminToken).post(`/people/${adminId}/deactivate`))).toEqual([409, 'WRONG_STAGE', '不能停用自己的账号']);
      expect((await api.as(adminToken).post(`/people/${randomUUID()}/deactivate`)).status).toBe(404);
      expect((await api.as(p.token).get('/me')).status).toBe(200);
    });

    it('ends sessions, logins and roles, and hands an open step to the nearest secretary above when the leaver was the unit’s', async () => {
      const { secretary, owner, projectId } = await branchWithProject();
      const step = await openTaskOf(secretary.token, projectId, 'the branch level for its secretary');

      const answer = ok(await api.as(adminToken).post(`/people/${secretary.id}/deactivate`));
      expect(answer).toMatchObject({ person: { id: secretary.id, deactivatedAt: expect.any(String) }, endedRoles: [{ personId: secretary.id, role: 'secretary' }], leftOpen: [] });
      expect(answer.handedOver).toEqual([{ taskId: step.id, projectId, title: step.title, toId: org.people.li.id, toName: org.people.li.name }]);

      // The general branch secretary now decides the branch level, and the chain goes on.
      const taken = await openTaskOf(org.people.li.token, projectId, 'the handed-over step for li');
      expect(taken).toMatchObject({ level: 0 });
      expect((await api.ds.getRepository(TaskEntity).findOneByOrFail({ id: step.id })).outcome).toBe('delegated');
      const events = await audit({ projectId, action: 'delegated' });
      expect(events.map((e) => [e.actorId, e.detail.fromId, e.detail.toId, e.detail.comment])).toEqual([[adminId, secretary.id, org.people.li.id, '人员停用，由管理员移交']]);
      ok(await api.as(org.people.li.token).post(`/tasks/${taken.id}/decision`, { decision: 'approve' }));

      // Gone for good: the old token, a login (answered as a wrong password is), and every role.
      expect(refusal(await api.as(secretary.token).get('/me'))).toEqual([401, null, stale]);
      const denied = await login(secretary.email, secretary.password);
      const wrong = await login(owner.email, 'not-the-password');
      expect([denied.status, denied.body]).toEqual([wrong.status, wrong.body]);
      expect(await api.ds.getRepository(RoleAssignmentEntity).findBy({ personId: secretary.id, validUntil: IsNull() })).toEqual([]);
      expect((await audit({ action: 'person_deactivated', entityId: secretary.id })).map((e) => e.actorId)).toEqual([adminId]);

      // Asking again changes nothing and hands nothing twice.
      const again = ok(await api.as(adminToken).post(`/people/${secretary.id}/deactivate`));
      expect(again).toMatchObject({ endedRoles: [], handedOver: [], leftOpen: [] });
      expect(await audit({ projectId, action: 'delegated' })).toHaveLength(1);
    });

    it('passes over a secretary above who may not decide (an auditor too) for the next one up', async () => {
      const general = ok(await api.as(adminToken).post('/org-units', { name: `四总支-${randomUUID().slice(0, 6)}`, kind: 'general_branch', parentId: org.units.committee })).id as string;
      const generalSecretary = await add('gsec', 'secretary', general);
      ok(await api.as(adminToken).post('/role-assignments', { personId: generalSecretary.id, role: 'auditor', orgUnitId: general }));
      const branch = ok(await api.as(adminToken).post('/org-units', { name: `五支部-${randomUUID().slice(0, 6)}`, kind: 'branch', parentId: general })).id as string;
      const secretary = await add('bsec', 'secretary', branch);
      const owner = await add('bown', 'member', branch);
      const draft = ok(await api.as(owner.token).post('/projects', draftBody(branch, { title: `项目-${randomUUID().slice(0, 6)}` })));
      ok(await api.as(owner.token).post(`/projects/${draft.id}/submit`, {}));
      await openTaskOf(secretary.token, draft.id as string, 'the branch level for its secretary');

      const answer = ok(await api.as(adminToken).post(`/people/${secretary.id}/deactivate`));
      expect(answer.handedOver).toMatchObject([{ toId: org.people.wang.id }]);
      await openTaskOf(org.people.wang.token, draft.id as string, 'the handed-over step for the committee secretary');
    });

    it('hands a draft to the unit’s secretary, audited, and a campaign report to the unit’s other secretary', async () => {
      const unitId = ok(await api.as(adminToken).post('/org-units', { name: `六车间党支部-${randomUUID().slice(0, 6)}`, kind: 'branch', parentId: org.units.general })).id as string;
      const secretary = await add('sec', 'secretary', unitId);
      const deputy = await add('dep', 'secretary', unitId);
      const owner = await add('own', 'member', unitId);
      const draft = ok(await api.as(owner.token).post('/projects', draftBody(unitId, { title: `草稿-${randomUUID().slice(0, 6)}` })));
      const campaign = ok(
        await api.as(adminToken).post('/campaigns', {
          title: `述职述责-${randomUUID().slice(0, 6)}`,
          instructions: '请报送述职述责报告。',
          targets: { subtreeId: unitId },
          dueRule: { kind: 'working_days_after', days: 10, at: '17:30' },
        }),
      );
      const reportOf = (p: OrgPerson) =>
        pollUntil(() => api.ds.getRepository(TaskEntity).findOneBy({ campaignId: campaign.id, assigneeId: p.id, status: 'open' }), (t) => t !== null, { timeoutMs: 30_000, what: 'a campaign report task' });
      const [secretarysReport, deputysReport] = await Promise.all([reportOf(secretary), reportOf(deputy)]);

      const leaving = ok(await api.as(adminToken).post(`/people/${owner.id}/deactivate`));
      expect(leaving).toMatchObject({ handedOver: [], leftOpen: [], handedOverDrafts: [{ projectId: draft.id, title: draft.title, toId: secretary.id, toName: secretary.name }] });
      expect((await audit({ projectId: draft.id, action: 'owner_changed' })).map((e) => [e.actorId, e.detail])).toEqual([
        [adminId, { fromId: owner.id, toId: secretary.id, reason: 'deactivated' }],
      ]);
      expect(ok(await api.as(secretary.token).get(`/projects/${draft.id}`)).ownerId).toBe(secretary.id);
      expect((await api.as(adminToken).post(`/people/${owner.id}/deactivate`)).body.handedOverDrafts).toEqual([]);

      // The campaign's report goes to the unit's other secretary, who already owes it: the leaver's task is closed.
      const deputyLeaves = ok(await api.as(adminToken).post(`/people/${deputy.id}/deactivate`));
      expect(deputyLeaves.leftOpen).toEqual([]);
      expect(deputyLeaves.handedOverWork).toEqual([
        { kind: 'campaign_report', projectId: null, campaignId: campaign.id, title: deputysReport?.title, taskIds: [secretarysReport?.id], toId: secretary.id, toName: secretary.name },
      ]);
      expect((await api.ds.getRepository(TaskEntity).findOneByOrFail({ id: deputysReport!.id })).outcome).toBe('handed_over');
    });

    it('hands a step someone was given back to the secretary of its unit', async () => {
      const { secretary, member, projectId } = await branchWithProject();
      const step = await openTaskOf(secretary.token, projectId, 'the branch level for its secretary');
      ok(await api.as(secretary.token).post(`/tasks/${step.id}/delegate`, { toId: member.id, comment: '请代为审核' }));
      const delegated = await openTaskOf(member.token, projectId, 'the delegated step for the member');

      const answer = ok(await api.as(adminToken).post(`/people/${member.id}/deactivate`));
      expect(answer.handedOver).toEqual([{ taskId: delegated.id, projectId, title: delegated.title, toId: secretary.id, toName: secretary.name }]);
      const back = await openTaskOf(secretary.token, projectId, 'the step back with the branch secretary');
      ok(await api.as(secretary.token).post(`/tasks/${back.id}/decision`, { decision: 'approve' }));
      await openTaskOf(org.people.li.token, projectId, 'the general branch level');
    });
  });
});
