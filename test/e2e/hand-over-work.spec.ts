import { randomUUID } from 'node:crypto';
import { AuditEventEntity, NoticeEntity, ProjectEntity, RectificationItemEntity, TaskEntity } from '../../libs/db/entities/index.js';
import { beijingDateOf, defaultApprovalPolicy, defaultYearPolicy, type YearPolicy } from '../../libs/domain/index.js';
import { closeApiStack, startApiStack } from '../support/api-stack.js';
import { addPersonViaApi, openTaskOf, ok, type ApiHarness, type ApiOrg, type OrgPerson } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';
import type { TestStack } from '../support/stack.js';

type Body = Record<string, any>;

/**
 * 移交 of the work a running workflow holds for a person, through HTTP on the real stack: a deactivated owner's project
 * (its reports) and evidence go to the branch secretary, who then reports and submits; a 换届 passes the project, the
 * self-assessment and a campaign report to the successor, who submits them; a panel member's score goes to the
 * committee secretary already on the panel, and that seat to the committee's next secretary, who scores. Each move is
 * audited and the taker told once.
 */
describe('open work handed over (移交)', () => {
  let stack: TestStack;
  let api: ApiHarness;
  let org: ApiOrg;
  let adminToken: string;
  const tag = randomUUID().slice(0, 6);
  const year = 2026;

  beforeAll(async () => {
    ({ stack, api, adminToken, org } = await startApiStack());
  });

  afterAll(() => closeApiStack({ stack, api }, 'hand-over'));

  const add = (key: string, role: string, orgUnitId: string) => addPersonViaApi(api, adminToken, { key, name: `${key}同志`, role, orgUnitId, tag });
  const admin = () => api.as(adminToken);
  const as = (p: OrgPerson) => api.as(p.token);
  const openTask = (p: OrgPerson, match: (t: Body) => boolean, what: string) => openTaskOf(api, p, match, what);
  /** A project's hand-overs in its audit chain, or a campaign's in the campaign's own. */
  const handOvers = (where: { projectId: string } | { chainKey: string }) => api.ds.getRepository(AuditEventEntity).find({ where: { ...where, action: 'work_handed_over' }, order: { seq: 'ASC' } });
  const handOverNotices = async (p: OrgPerson) => (await api.ds.getRepository(NoticeEntity).findBy({ recipientId: p.id, kind: 'task_assigned' })).filter((n) => n.idempotencyKey.includes('/hand-over:'));

  it('moves a project’s reports, evidence, a self-assessment, a campaign report and a panel score, and each taker acts', async () => {
    const { zhang, li, wang } = org.people;
    const chen = org.people.chen;
    const businessOwner = await add('biz', 'member', org.units.branch);
    const panelMember = await add('cm', 'member', org.units.committee);
    const branchSuccessor = await add('nb', 'member', org.units.otherBranch);
    const committeeSuccessor = await add('nc', 'member', org.units.otherGeneral);

    // A year whose dates lie well ahead, with no reminders: only the hand-overs move anything.
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const quiet = { remindBefore: [], escalate: [] };
    const base = defaultYearPolicy(year);
    const policy: YearPolicy = {
      ...base,
      version: 'hand-over',
      quarterly: { quarters: [1, 2, 3, 4].map((quarter) => ({ quarter, dueAt: later })), ladder: quiet },
      rectification: { dueIn: '1d', reopenDueIn: '1d', ladder: quiet },
      evaluation: { ...base.evaluation, selfAssessmentDueAt: later, scoringDueIn: '1d', ladder: quiet, panel: 'committee' },
      approval: { ...defaultApprovalPolicy, levelDeadline: null },
    };
    ok(await admin().put(`/policies/${year}`, policy));

    const project = ok(await as(chen).post('/projects', { title: `移交先锋岗-${tag}`, kind: 'vanguard_post', year, orgUnitId: org.units.branch, goals: [{ title: '隐患排查整改', target: '≥ 40 项' }] }));
    const projectId = project.id as string;
    ok(await as(chen).post(`/projects/${projectId}/submit`, {}));
    for (const approver of [zhang, li]) {
      const step = await openTask(approver, (t) => t.projectId === projectId && t.purpose === 'launch', 'a launch step');
      ok(await as(approver).post(`/tasks/${step.id}/decision`, { decision: 'approve' }));
    }
    await openTask(chen, (t) => t.projectId === projectId && t.kind === 'report' && t.subjectId === '4', 'the owner’s report tasks');
    const raised = ok(
      await as(li).post(`/projects/${projectId}/findings`, { description: '台账不全', severity: 'general', measures: '补齐台账', partyOwnerId: chen.id, businessOwnerId: businessOwner.id }),
    );
    const itemId = raised.itemId as string;
    await openTask(chen, (t) => t.kind === 'evidence' && t.subjectId === itemId, 'the evidence task');
    const campaign = ok(
      await admin().post('/campaigns', { title: `述职述责-${tag}`, instructions: '请报送述职述责报告。', targets: { subtreeId: org.units.branch }, dueAt: later }),
    );
    await openTask(zhang, (t) => t.campaignId === campaign.id, 'the branch’s campaign report');

    // ── 停用: the owner's project (its four reports) and their evidence go to the branch secretary ──
    const deactivated = ok(await admin().post(`/people/${chen.id}/deactivate`));
    expect(deactivated.leftOpen).toEqual([]);
    expect(deactivated.handedOverWork).toEqual([
      { kind: 'report', projectId, campaignId: null, title: project.title, taskIds: expect.any(Array), toId: zhang.id, toName: zhang.name },
      { kind: 'evidence', projectId, campaignId: null, title: expect.stringContaining('台账不全'), taskIds: [expect.any(String)], toId: zhang.id, toName: zhang.name },
    ]);
    expect(deactivated.handedOverWork[0].taskIds).toHaveLength(4);
    expect((await api.ds.getRepository(ProjectEntity).findOneByOrFail({ id: projectId })).ownerId).toBe(zhang.id);
    expect((await api.ds.getRepository(RectificationItemEntity).findOneByOrFail({ id: itemId })).partyOwnerId).toBe(zhang.id);
    expect((await handOvers({ projectId })).map((e) => [e.actorId, e.detail.fromId, e.detail.toId, e.detail.reason, e.detail.kinds])).toEqual([
      [expect.any(String), chen.id, zhang.id, 'deactivated', ['report']],
      [expect.any(String), chen.id, zhang.id, 'deactivated', ['evidence']],
    ]);
    // Asked again, nothing moves twice.
    expect(ok(await admin().post(`/people/${chen.id}/deactivate`)).handedOverWork).toEqual([]);
    expect(await handOvers({ projectId })).toHaveLength(2);

    // The taker reports every quarter and submits the evidence; the reviews accept the reports.
    for (const quarter of [1, 2, 3, 4]) ok(await as(zhang).post(`/projects/${projectId}/reports`, { quarter, content: `第${quarter}季度：按计划推进。` }));
    ok(await as(zhang).post(`/rectifications/${itemId}/evidence`, { text: '台账已补齐' }));
    for (let reviewed = 0; reviewed < 4; reviewed++) {
      const review = await openTask(li, (t) => t.projectId === projectId && t.purpose === 'report_review', 'a quarterly review');
      ok(await as(li).post(`/tasks/${review.id}/decision`, { decision: 'approve', ratings: { partyBuilding: 'good', business: 'good' } }));
    }
    await openTask(zhang, (t) => t.projectId === projectId && t.kind === 'self_assessment', 'the self-assessment for the new owner');
    const told = await pollUntil(() => handOverNotices(zhang), (n) => n.length >= 2, { timeoutMs: 30_000, what: 'the taker told of the project and the item' });
    expect(told.map((n) => n.idempotencyKey).sort()).toEqual([
      `project-${projectId}/hand-over:${chen.id}>${zhang.id}/${zhang.id}`,
      `rectification-${itemId}/hand-over:${chen.id}>${zhang.id}:${itemId}/${zhang.id}`,
    ]);

    // ── 换届 of the branch: the project, its self-assessment and the campaign report pass to the successor ──
    const today = beijingDateOf(Date.now());
    const branchChange = ok(
      await admin().post(`/org-units/${org.units.branch}/term-change`, { role: 'secretary', fromPersonId: zhang.id, toPersonId: branchSuccessor.id, effectiveOn: today }),
    );
    expect(branchChange.leftOpen).toEqual([]);
    expect(branchChange.movedWork.map((w: Body) => [w.kind, w.toId, w.taskIds.length]).sort()).toEqual([
      ['campaign_report', branchSuccessor.id, 1],
      ['report', branchSuccessor.id, 0],
      ['self_assessment', branchSuccessor.id, 1],
    ]);
    ok(await as(branchSuccessor).post(`/campaigns/${campaign.id}/reports`, { unitId: org.units.branch, text: '述职述责报告' }));
    ok(await as(branchSuccessor).post(`/projects/${projectId}/self-assessment`, { summary: '全年目标完成。' }));
    expect((await handOvers({ chainKey: `campaign:${campaign.id}` })).map((e) => [e.detail.fromId, e.detail.toId, e.detail.reason])).toEqual([[zhang.id, branchSuccessor.id, 'term_change']]);

    // ── The panel: a member leaves (the committee secretary already scores), then the secretary's post passes on ──
    const memberScore = await openTask(panelMember, (t) => t.projectId === projectId && t.kind === 'score', 'the panel member’s score task');
    const memberLeaves = ok(await admin().post(`/people/${panelMember.id}/deactivate`));
    expect(memberLeaves.handedOverWork).toEqual([expect.objectContaining({ kind: 'score', projectId, toId: wang.id, taskIds: [expect.any(String)] })]);
    expect((await api.ds.getRepository(TaskEntity).findOneByOrFail({ id: memberScore.id })).outcome).toBe('handed_over');
    const committeeChange = ok(
      await admin().post(`/org-units/${org.units.committee}/term-change`, { role: 'secretary', fromPersonId: wang.id, toPersonId: committeeSuccessor.id, effectiveOn: today }),
    );
    expect(committeeChange.movedWork).toEqual([expect.objectContaining({ kind: 'score', projectId, toId: committeeSuccessor.id, taskIds: [expect.any(String)] })]);
    const score = await openTask(committeeSuccessor, (t) => t.projectId === projectId && t.kind === 'score', 'the score task for the successor');
    ok(await as(committeeSuccessor).post(`/evaluations/${score.subjectId}/scores`, { politicalExecution: 22, organisationalDelivery: 23, fortressRole: 21, responsibility: 24, comment: '成效显著' }));
    // One panel seat left, scored: the result goes on to its sign-off by the committee's secretary now in post.
    await openTask(committeeSuccessor, (t) => t.projectId === projectId && t.purpose === 'evaluation_publish', 'the sign-off for the new committee secretary');
    // A whole year's course (launch, four reports and reviews, evaluation) through some fifty requests, each answered by
    // a workflow: half a minute on a quiet machine, minutes on a loaded one.
  }, 360_000);
});
