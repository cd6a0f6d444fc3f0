import { randomUUID } from 'node:crypto';
import { IsNull } from 'typeorm';
import { AuditEventEntity, RoleAssignmentEntity, TaskEntity } from '../../libs/db/entities/index.js';
import { termChangeWorkflowId } from '../../libs/domain/index.js';
import { closeApiStack, startApiStack } from '../support/api-stack.js';
import { addPersonViaApi, draftBody, ok, type ApiHarness, type ApiOrg, type OrgPerson } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';
import type { TestStack } from '../support/stack.js';

type Body = Record<string, any>;

/**
 * 换届 scheduled ahead through HTTP on the real stack: stored, carried out at its moment by its durable workflow (the
 * terms, and the leaver's open step handed to the successor, who decides it), audited; another cancelled before its
 * moment is never carried out.
 */
describe('term change scheduled ahead', () => {
  let stack: TestStack;
  let api: ApiHarness;
  let org: ApiOrg;
  let adminToken: string;
  const tag = randomUUID().slice(0, 6);

  beforeAll(async () => {
    ({ stack, api, adminToken, org } = await startApiStack());
  });

  afterAll(() => closeApiStack({ stack, api }, 'term-change'));

  const add = (key: string, role: string, orgUnitId?: string) => addPersonViaApi(api, adminToken, { key: `${key}${randomUUID().slice(0, 4)}`, name: `${key}人员`, role, orgUnitId, tag });
  const branch = async (name: string) => ok(await api.as(adminToken).post('/org-units', { name: `${name}-${tag}`, kind: 'branch', parentId: org.units.general })).id as string;
  const openTaskOf = (token: string, projectId: string, what: string) =>
    pollUntil(
      async () => (ok(await api.as(token).get('/tasks?assignee=me&status=open')) as Body[]).find((t) => t.projectId === projectId),
      (t) => t !== undefined,
      { timeoutMs: 60_000, what },
    ) as Promise<Body>;
  const scheduleOf = async (id: string) => (ok(await api.as(adminToken).get('/term-change-schedules')) as Body[]).find((s) => s.id === id);
  const secondsAhead = (s: number) => new Date(Date.now() + s * 1000).toISOString();

  it('carries out a 换届 at its moment: the terms change and the open step goes to the successor, who decides it', async () => {
    const unitId = await branch('预约换届支部');
    const leaving: OrgPerson = await add('old', 'secretary', unitId);
    const owner = await add('own', 'member', unitId);
    const successor = await add('new', 'member', org.units.otherBranch);
    const draft = ok(await api.as(owner.token).post('/projects', draftBody(unitId, { title: `预约换届项目-${tag}` })));
    ok(await api.as(owner.token).post(`/projects/${draft.id}/submit`, {}));
    const step = await openTaskOf(leaving.token, draft.id as string, 'the branch level for the leaving secretary');

    const body = { role: 'secretary', fromPersonId: leaving.id, toPersonId: successor.id, effectiveAt: secondsAhead(8) };
    const path = `/org-units/${unitId}/term-change-schedules`;
    expect((await api.as(org.people.li.token).post(path, body)).status).toBe(403);
    const past = await api.as(adminToken).post(path, { ...body, effectiveAt: secondsAhead(-60) });
    expect([past.status, past.body.message]).toEqual([400, 'effectiveAt: 生效时间已过，请选择以后的时间；立即生效的换届请直接办理']);
    const scheduled = ok(await api.as(adminToken).post(path, body));
    expect(scheduled).toMatchObject({ orgUnitId: unitId, role: 'secretary', fromPersonId: leaving.id, toPersonId: successor.id, toPersonName: successor.name, status: 'scheduled', moved: [] });
    const twice = await api.as(adminToken).post(path, { ...body, effectiveAt: secondsAhead(30) });
    expect([twice.status, twice.body.message]).toEqual([409, '原任职人员的这一职务已有待执行的换届安排，请先取消']);
    // Until its moment nothing has changed.
    expect(await api.ds.getRepository(RoleAssignmentEntity).countBy({ personId: leaving.id, orgUnitId: unitId, validUntil: IsNull() })).toBe(1);

    const done = await pollUntil(() => scheduleOf(scheduled.id), (s) => s?.status === 'done', { timeoutMs: 90_000, what: 'the scheduled 换届 carried out' });
    expect(done!.moved).toEqual([{ taskId: step.id, projectId: draft.id, title: step.title }]);
    expect(done!.leftOpen).toEqual([]);
    expect(Date.parse(done!.settledAt)).toBeGreaterThanOrEqual(Date.parse(body.effectiveAt));
    const terms = await api.ds.getRepository(RoleAssignmentEntity).find({ where: { orgUnitId: unitId, role: 'secretary' }, order: { validFrom: 'ASC' } });
    expect(terms.map((t) => [t.personId, t.validUntil?.toISOString() ?? null])).toEqual([
      [leaving.id, body.effectiveAt],
      [successor.id, null],
    ]);
    expect(terms[1].validFrom.toISOString()).toBe(body.effectiveAt);
    const audited = await api.ds.getRepository(AuditEventEntity).find({ where: { entityId: scheduled.id }, order: { seq: 'ASC' } });
    expect(audited.map((e) => e.action)).toEqual(['term_change_scheduled']);
    const changed = await api.ds.getRepository(AuditEventEntity).findOneByOrFail({ action: 'term_changed', entityId: unitId });
    expect(changed.detail).toMatchObject({ scheduleId: scheduled.id, fromPersonId: leaving.id, toPersonId: successor.id });
    expect((await api.ds.getRepository(AuditEventEntity).findOneByOrFail({ projectId: draft.id, action: 'delegated' })).detail).toMatchObject({
      fromId: leaving.id,
      toId: successor.id,
      comment: '换届，由接任人员办理',
    });

    const taken = await openTaskOf(successor.token, draft.id as string, 'the moved step for the successor');
    ok(await api.as(successor.token).post(`/tasks/${taken.id}/decision`, { decision: 'approve' }));
    await openTaskOf(org.people.li.token, draft.id as string, 'the general branch level after the successor approved');
    expect((await api.ds.getRepository(TaskEntity).findOneByOrFail({ id: step.id })).outcome).toBe('delegated');
  });

  it("hands the leaver's places in approval levels not yet opened to the successor, who is asked when the level opens", async () => {
    // Levels resolve their deciders when the chain begins: the general branch's secretary is named before their level opens.
    const general = ok(await api.as(adminToken).post('/org-units', { name: `预约总支-${tag}`, kind: 'general_branch', parentId: org.units.committee })).id as string;
    const unitId = ok(await api.as(adminToken).post('/org-units', { name: `预约下级支部-${tag}`, kind: 'branch', parentId: general })).id as string;
    const branchSecretary = await add('bs', 'secretary', unitId);
    const owner = await add('bo', 'member', unitId);
    const leaving = await add('gs', 'secretary', general);
    const successor = await add('gn', 'member', org.units.otherBranch);
    const draft = ok(await api.as(owner.token).post('/projects', draftBody(unitId, { title: `未开启层级-${tag}` })));
    ok(await api.as(owner.token).post(`/projects/${draft.id}/submit`, {}));
    const first = await openTaskOf(branchSecretary.token, draft.id as string, 'the branch level');

    const body = { role: 'secretary', fromPersonId: leaving.id, toPersonId: successor.id, effectiveAt: secondsAhead(6) };
    const scheduled = ok(await api.as(adminToken).post(`/org-units/${general}/term-change-schedules`, body));
    const done = await pollUntil(() => scheduleOf(scheduled.id), (s) => s?.status === 'done', { timeoutMs: 90_000, what: 'the scheduled 换届 carried out' });
    expect(done!.moved).toEqual([]);
    expect(done!.places).toEqual([{ workflowId: expect.stringMatching(/^approval-/), projectId: draft.id }]);
    const handed = await api.ds.getRepository(AuditEventEntity).findOneByOrFail({ projectId: draft.id, action: 'places_handed_over' });
    expect(handed.detail).toMatchObject({ fromId: leaving.id, toId: successor.id, unitId: general, levels: [1] });

    ok(await api.as(branchSecretary.token).post(`/tasks/${first.id}/decision`, { decision: 'approve' }));
    const next = await openTaskOf(successor.token, draft.id as string, 'the general branch level, opened for the successor');
    expect(next.level).toBe(1);
    expect(await api.ds.getRepository(TaskEntity).countBy({ projectId: draft.id, assigneeId: leaving.id })).toBe(0);
    ok(await api.as(successor.token).post(`/tasks/${next.id}/decision`, { decision: 'approve' }));
  });

  it('never carries out a 换届 cancelled before its moment, and refuses to cancel it twice', async () => {
    const unitId = await branch('取消换届支部');
    const leaving = await add('stay', 'secretary', unitId);
    const successor = await add('next', 'member', org.units.otherBranch);
    const effectiveAt = secondsAhead(5);
    const scheduled = ok(await api.as(adminToken).post(`/org-units/${unitId}/term-change-schedules`, { role: 'secretary', fromPersonId: leaving.id, toPersonId: successor.id, effectiveAt }));
    expect((await api.as(org.people.audit.token).post(`/term-change-schedules/${scheduled.id}/cancel`, {})).status).toBe(403);
    const cancelled = ok(await api.as(adminToken).post(`/term-change-schedules/${scheduled.id}/cancel`, {}));
    expect(cancelled.status).toBe('cancelled');
    const again = await api.as(adminToken).post(`/term-change-schedules/${scheduled.id}/cancel`, {});
    expect([again.status, again.body.message]).toEqual([409, '该换届安排已取消']);

    // Its timer ends with it, and past its moment the post is still the leaver's.
    const handle = stack.temporal.client.workflow.getHandle(termChangeWorkflowId(scheduled.id));
    await pollUntil(async () => (await handle.describe()).status.name, (status) => status === 'CANCELLED', { timeoutMs: 30_000, what: 'the cancelled timer' });
    await pollUntil(async () => Date.now(), (now) => now > Date.parse(effectiveAt) + 2_000, { timeoutMs: 30_000, what: 'the moment passed' });
    expect((await scheduleOf(scheduled.id))?.status).toBe('cancelled');
    expect(await api.ds.getRepository(RoleAssignmentEntity).countBy({ personId: leaving.id, orgUnitId: unitId, validUntil: IsNull() })).toBe(1);
    expect(await api.ds.getRepository(RoleAssignmentEntity).countBy({ personId: successor.id, orgUnitId: unitId })).toBe(0);
    const audited = await api.ds.getRepository(AuditEventEntity).find({ where: { entityId: scheduled.id }, order: { seq: 'ASC' } });
    expect(audited.map((e) => [e.action, e.actorId])).toEqual([
      ['term_change_scheduled', expect.any(String)],
      ['term_change_cancelled', expect.any(String)],
    ]);
  });
});
