import { randomUUID } from 'node:crypto';
import { AuditEventEntity, CampaignTargetEntity, NoticeEntity, ProjectEntity, TaskEntity } from '../../libs/db/entities/index.js';
import { beijingDateOf, defaultApprovalPolicy, defaultYearPolicy, type YearPolicy } from '../../libs/domain/index.js';
import { closeApiStack, startApiStack } from '../support/api-stack.js';
import { addPersonViaApi, openTaskOf, draftBody, ok, type ApiHarness, type ApiOrg, type OrgPerson } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';
import type { TestStack } from '../support/stack.js';

type Body = Record<string, any>;

/**
 * A project that changes hands takes what follows it along, through HTTP on the real stack: its waiting launch chain
 * becomes the new holder's request, and the level the new holder would have decided goes to someone who may decide
 * there (never the holder: the decision and a 转交 to them are refused, saying why); the year's result goes to whoever
 * holds the project when it is published, though the self-assessment was in before the hand-over; and a 换届 carried
 * out at its scheduled moment moves the leaver's held work (a project, a campaign report) as a 换届 made now does.
 */
describe('a project handed over takes its chains and its notices along', () => {
  let stack: TestStack;
  let api: ApiHarness;
  let org: ApiOrg;
  let adminToken: string;
  const tag = randomUUID().slice(0, 6);
  const year = 2026;

  beforeAll(async () => {
    ({ stack, api, adminToken, org } = await startApiStack());
  });

  afterAll(() => closeApiStack({ stack, api }, 'handover'));

  const add = (key: string, role: string, orgUnitId: string) => addPersonViaApi(api, adminToken, { key: `${key}${randomUUID().slice(0, 4)}`, name: `${key}同志`, role, orgUnitId, tag });
  const admin = () => api.as(adminToken);
  const as = (p: OrgPerson) => api.as(p.token);
  const openTask = (p: OrgPerson, match: (t: Body) => boolean, what: string) => openTaskOf(api, p, match, what);
  const openSteps = (projectId: string) => api.ds.getRepository(TaskEntity).find({ where: { projectId, kind: 'approval', status: 'open' } });
  const noticesOf = (projectId: string, kind: string) => api.ds.getRepository(NoticeEntity).findBy({ projectId, kind: kind as NoticeEntity['kind'] });

  it('routes the new holder’s level to the unit above, refuses them the decision, and sends the result to the holder', async () => {
    const { zhang, li, wang, chen } = org.people;
    const successor = await add('jr', 'member', org.units.otherBranch);
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const quiet = { remindBefore: [], escalate: [] };
    const base = defaultYearPolicy(year);
    const policy: YearPolicy = {
      ...base,
      version: 'hand-over-holder',
      quarterly: { quarters: [{ quarter: 4, dueAt: later }], ladder: quiet },
      rectification: { dueIn: '1d', reopenDueIn: '1d', ladder: quiet },
      evaluation: { ...base.evaluation, selfAssessmentDueAt: later, scoringDueIn: '1d', ladder: quiet, panel: 'committee' },
      approval: { ...defaultApprovalPolicy, levelDeadline: null },
    };
    ok(await admin().put(`/policies/${year}`, policy));
    const project = ok(await as(chen).post('/projects', { title: `接手项目-${tag}`, kind: 'vanguard_post', year, orgUnitId: org.units.branch, goals: [{ title: '隐患排查整改', target: '≥ 40 项' }] }));
    const projectId = project.id as string;
    ok(await as(chen).post(`/projects/${projectId}/submit`, {}));
    const branchStep = await openTask(zhang, (t) => t.projectId === projectId && t.purpose === 'launch', 'the branch level for its secretary');

    // ── 停用 of the owner: the project goes to the branch secretary, who was to decide its first level ──
    const deactivated = ok(await admin().post(`/people/${chen.id}/deactivate`));
    expect(deactivated.leftOpen).toEqual([]);
    expect(deactivated.handedOverWork).toEqual([expect.objectContaining({ kind: 'report', projectId, toId: zhang.id })]);
    expect((await api.ds.getRepository(ProjectEntity).findOneByOrFail({ id: projectId })).ownerId).toBe(zhang.id);
    // That level is now the general branch secretary's, as routing passes a level up when its only decider is the submitter.
    const steps = await openSteps(projectId);
    expect(steps.map((s) => [s.assigneeId, s.level])).toEqual([[li.id, 0]]);
    expect((await api.ds.getRepository(TaskEntity).findOneByOrFail({ id: branchStep.id })).status).not.toBe('open');
    const changed = await api.ds.getRepository(AuditEventEntity).findOneByOrFail({ projectId, action: 'holder_changed' });
    expect(changed.detail).toMatchObject({ fromId: chen.id, toId: zhang.id, reason: 'deactivated', submitter: true, places: [{ level: 0, toId: li.id }] });

    // The holder decides no level of their own project, and is handed none.
    const own = await as(zhang).post(`/tasks/${branchStep.id}/decision`, { decision: 'approve' });
    expect([own.status, own.body.message]).toEqual([403, '你是本项目的负责人或提交人，不能审批此事项']);
    const liStep = await openTask(li, (t) => t.projectId === projectId && t.level === 0, 'the rerouted branch level');
    const handBack = await as(li).post(`/tasks/${liStep.id}/delegate`, { toId: zhang.id, comment: '请张书记办理' });
    expect([handBack.status, handBack.body.message]).toEqual([409, `toId：${zhang.name}是本项目的负责人或提交人，不能接受转交`]);
    const addHolder = await as(li).post(`/tasks/${liStep.id}/add-approver`, { personId: zhang.id, position: 'before', comment: '请张书记先审' });
    expect([addHolder.status, addHolder.body.message]).toEqual([409, `personId：${zhang.name}是本项目的负责人或提交人，不能被加签`]);
    ok(await as(li).post(`/tasks/${liStep.id}/decision`, { decision: 'approve' }));
    const general = await openTask(li, (t) => t.projectId === projectId && t.level === 1, 'the general branch level');
    ok(await as(li).post(`/tasks/${general.id}/decision`, { decision: 'approve' }));
    // The launch's outcome is the holder's news now, not the leaver's.
    const outcome = await pollUntil(() => noticesOf(projectId, 'approval_outcome'), (n) => n.length > 0, { timeoutMs: 30_000, what: 'the launch outcome notice' });
    expect(outcome.map((n) => n.recipientId)).toEqual([zhang.id]);

    // ── The holder reports and assesses the year; then a 换届 hands the project on after the self-assessment ──
    await openTask(zhang, (t) => t.projectId === projectId && t.kind === 'report', 'the report task for the holder');
    ok(await as(zhang).post(`/projects/${projectId}/reports`, { quarter: 4, content: '第四季度：全年目标完成。' }));
    const review = await openTask(li, (t) => t.projectId === projectId && t.purpose === 'report_review', 'the quarterly review');
    ok(await as(li).post(`/tasks/${review.id}/decision`, { decision: 'approve', ratings: { partyBuilding: 'good', business: 'good' } }));
    await openTask(zhang, (t) => t.projectId === projectId && t.kind === 'self_assessment', 'the self-assessment');
    ok(await as(zhang).post(`/projects/${projectId}/self-assessment`, { summary: '全年目标完成。' }));
    const score = await openTask(wang, (t) => t.projectId === projectId && t.kind === 'score', 'the panel score');
    const termChange = ok(
      await admin().post(`/org-units/${org.units.branch}/term-change`, { role: 'secretary', fromPersonId: zhang.id, toPersonId: successor.id, effectiveOn: beijingDateOf(Date.now()) }),
    );
    expect(termChange.leftOpen).toEqual([]);
    expect(termChange.movedWork).toEqual([expect.objectContaining({ kind: 'report', projectId, toId: successor.id, taskIds: [] })]);
    ok(await as(wang).post(`/evaluations/${score.subjectId}/scores`, { politicalExecution: 22, organisationalDelivery: 23, fortressRole: 21, responsibility: 24, comment: '成效显著' }));
    const signOff = await openTask(wang, (t) => t.projectId === projectId && t.purpose === 'evaluation_publish', 'the sign-off');
    ok(await as(wang).post(`/tasks/${signOff.id}/decision`, { decision: 'approve' }));
    const result = await pollUntil(() => noticesOf(projectId, 'evaluation_result'), (n) => n.length > 0, { timeoutMs: 60_000, what: 'the evaluation result notice' });
    expect(result.map((n) => n.recipientId)).toEqual([successor.id]);
  }, 360_000);

  it('carries out a scheduled 换届 moving the held work as one made now does, and the level its successor would decide goes up', async () => {
    const { li, wang } = org.people;
    const unitId = ok(await admin().post('/org-units', { name: `预约移交支部-${tag}`, kind: 'branch', parentId: org.units.general })).id as string;
    const leaving = await add('ls', 'secretary', unitId);
    const draft = ok(await as(leaving).post('/projects', draftBody(unitId, { title: `预约移交项目-${tag}` })));
    const projectId = draft.id as string;
    ok(await as(leaving).post(`/projects/${projectId}/submit`, {}));
    // The submitter is the branch's only secretary: the general branch decides the launch.
    const step = await openTask(li, (t) => t.projectId === projectId, 'the launch level for the general branch');
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const campaign = ok(await admin().post('/campaigns', { title: `预约述职-${tag}`, instructions: '请报送述职报告。', targets: { subtreeId: unitId }, dueAt: later }));
    const report = await openTask(leaving, (t) => t.campaignId === campaign.id, 'the branch’s campaign report');

    // The general branch's secretary takes the branch's post too, and with it the project whose level they decide.
    const effectiveAt = new Date(Date.now() + 6_000).toISOString();
    const scheduled = ok(await admin().post(`/org-units/${unitId}/term-change-schedules`, { role: 'secretary', fromPersonId: leaving.id, toPersonId: li.id, effectiveAt }));
    const done = await pollUntil(
      async () => (ok(await admin().get('/term-change-schedules')) as Body[]).find((s) => s.id === scheduled.id),
      (s) => s?.status === 'done',
      { timeoutMs: 90_000, what: 'the scheduled 换届 carried out' },
    );
    expect(done!.leftOpen).toEqual([]);
    expect(done!.movedWork.map((w: Body) => [w.kind, w.projectId ?? w.campaignId, w.toId, w.taskIds]).sort()).toEqual([
      ['campaign_report', campaign.id, li.id, [report.id]],
      ['report', projectId, li.id, []],
    ]);
    expect((await api.ds.getRepository(ProjectEntity).findOneByOrFail({ id: projectId })).ownerId).toBe(li.id);
    expect((await api.ds.getRepository(CampaignTargetEntity).findOneByOrFail({ campaignId: campaign.id, unitId })).secretaryIds).toEqual([li.id]);
    const moved = await api.ds.getRepository(AuditEventEntity).find({ where: { projectId, action: 'work_handed_over' } });
    expect(moved.map((e) => [e.detail.fromId, e.detail.toId, e.detail.reason])).toEqual([[leaving.id, li.id, 'term_change']]);
    // The level the new holder was to decide is the committee's secretary's now.
    expect((await api.ds.getRepository(TaskEntity).findOneByOrFail({ id: step.id })).status).not.toBe('open');
    expect((await openSteps(projectId)).map((s) => [s.assigneeId, s.level])).toEqual([[wang.id, 0]]);
    const rerouted = await api.ds.getRepository(AuditEventEntity).findOneByOrFail({ projectId, action: 'holder_changed' });
    expect(rerouted.detail).toMatchObject({ fromId: leaving.id, toId: li.id, reason: 'term_change', submitter: true, places: [{ level: 0, toId: wang.id }] });
    const taken = await openTask(wang, (t) => t.projectId === projectId, 'the launch level for the committee secretary');
    ok(await as(wang).post(`/tasks/${taken.id}/decision`, { decision: 'approve' }));
    ok(await as(li).post(`/campaigns/${campaign.id}/reports`, { unitId, text: '述职报告' }));
  }, 240_000);

  it('hands on a leaver’s place behind the step now open at a 依次 level, so the level reaches the successor', async () => {
    const unitId = ok(await admin().post('/org-units', { name: `双书记支部-${tag}`, kind: 'branch', parentId: org.units.general })).id as string;
    const first = await add('s1', 'secretary', unitId);
    const second = await add('s2', 'secretary', unitId);
    const owner = await add('m', 'member', unitId);
    const successor = await add('s3', 'member', org.units.otherBranch);
    const draft = ok(await as(owner).post('/projects', draftBody(unitId, { title: `依次层级-${tag}` })));
    const projectId = draft.id as string;
    ok(await as(owner).post(`/projects/${projectId}/submit`, {}));
    const step = await openTask(first, (t) => t.projectId === projectId, 'the branch level for its first secretary');

    const changed = ok(await admin().post(`/org-units/${unitId}/term-change`, { role: 'secretary', fromPersonId: second.id, toPersonId: successor.id, effectiveOn: beijingDateOf(Date.now()) }));
    expect(changed.places).toEqual([{ workflowId: expect.stringMatching(/^approval-/), projectId }]);
    const handed = await api.ds.getRepository(AuditEventEntity).findOneByOrFail({ projectId, action: 'places_handed_over' });
    expect(handed.detail).toMatchObject({ fromId: second.id, toId: successor.id, unitId, levels: [0] });
    ok(await as(first).post(`/tasks/${step.id}/decision`, { decision: 'approve' }));
    const next = await openTask(successor, (t) => t.projectId === projectId, 'the successor’s turn at the branch level');
    expect(next.level).toBe(0);
    expect(await api.ds.getRepository(TaskEntity).countBy({ projectId, assigneeId: second.id })).toBe(0);
  }, 120_000);
});
