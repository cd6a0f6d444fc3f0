import { randomUUID } from 'node:crypto';
import { AuditEventEntity } from '../../libs/db/entities/index.js';
import { closeApiStack, startApiStack } from '../support/api-stack.js';
import { draftBody, ok, type ApiHarness, type ApiOrg } from '../support/api.js';
import type { TestStack } from '../support/stack.js';

type Body = Record<string, any>;

/** 编辑草稿 (PUT /projects/:id) through HTTP: the owner's draft only, checked as a new draft is, audited once per change. */
describe('API: editing a draft', () => {
  let stack: TestStack;
  let api: ApiHarness;
  let org: ApiOrg;
  let adminToken: string;

  beforeAll(async () => {
    ({ stack, api, adminToken, org } = await startApiStack());
  });

  afterAll(() => closeApiStack({ stack, api }, 'draft-edit'));

  const chen = () => api.as(org.people.chen.token);
  const draft = async () => ok(await chen().post('/projects', draftBody(org.units.branch, { title: `草稿-${randomUUID().slice(0, 6)}` }))) as Body;
  const edits = (projectId: string) => api.ds.getRepository(AuditEventEntity).find({ where: { projectId, action: 'draft_updated' } });

  it('replaces the kind, goals and co-owning units of the owner’s draft, audited with what it was, and a repeat changes nothing', async () => {
    const { id, title } = await draft();
    const edit = draftBody(org.units.branch, {
      title,
      kind: 'joint_building',
      coOwningUnitIds: [org.units.otherBranch],
      goals: [
        { title: '联合开展安全检查', target: '≥ 12 次' },
        { title: '共建项目完成', target: '2026-11-30 前完成' },
      ],
    });
    const saved = ok(await chen().put(`/projects/${id}`, edit));
    expect(saved).toMatchObject({ id, status: 'draft', kind: 'joint_building', coOwningUnits: [{ id: org.units.otherBranch }], goals: edit.goals });
    expect(ok(await chen().get(`/projects/${id}`))).toMatchObject({ kind: 'joint_building', goals: edit.goals });
    ok(await chen().put(`/projects/${id}`, edit));
    const audited = await edits(id);
    expect(audited.map((e) => [e.actorId, (e.detail as Body).before.kind, (e.detail as Body).after.kind])).toEqual([[org.people.chen.id, 'vanguard_post', 'joint_building']]);
  });

  it('refuses a vague target and a 联建共建 without co-owners, naming the field, and keeps the draft as it was', async () => {
    const { id } = await draft();
    const vague = await chen().put(`/projects/${id}`, draftBody(org.units.branch, { goals: [{ title: '做好宣传', target: '尽量做好' }] }));
    expect([vague.status, vague.body.message.some((m: string) => m.startsWith('goals.0.target'))]).toEqual([400, true]);
    const lonely = await chen().put(`/projects/${id}`, draftBody(org.units.branch, { kind: 'joint_building' }));
    expect([lonely.status, lonely.body.message]).toEqual([400, 'coOwningUnitIds: 联建共建项目至少要选择一个共建单位']);
    expect(ok(await chen().get(`/projects/${id}`))).toMatchObject({ kind: 'vanguard_post', goals: [{ title: '隐患排查整改', target: '≥ 40 项' }] });
    expect(await edits(id)).toEqual([]);
  });

  it('lets nobody but the owner edit it, nor move it out of their scope', async () => {
    const { id } = await draft();
    const body = draftBody(org.units.branch, { title: '别人改的' });
    expect((await api.as(org.people.zhang.token).put(`/projects/${id}`, body)).status).toBe(403);
    expect((await api.as(org.people.zhou.token).put(`/projects/${id}`, body)).status).toBe(403);
    expect((await api.as(adminToken).put(`/projects/${id}`, body)).status).toBe(403);
    expect((await chen().put(`/projects/${id}`, draftBody(org.units.otherBranch))).status).toBe(403);
    expect((await chen().put(`/projects/${randomUUID()}`, body)).status).toBe(404);
    expect(await edits(id)).toEqual([]);
  });

  it('refuses to edit a submitted project (409), which keeps what was submitted', async () => {
    const { id, title } = await draft();
    ok(await chen().post(`/projects/${id}/submit`, {}, { idempotencyKey: randomUUID() }));
    const late = await chen().put(`/projects/${id}`, draftBody(org.units.branch, { title: '提交后再改' }));
    expect([late.status, late.body.code]).toEqual([409, 'WRONG_STAGE']);
    expect(ok(await chen().get(`/projects/${id}`))).toMatchObject({ title, status: 'in_approval' });
  });
});
