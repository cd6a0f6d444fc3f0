import { randomUUID } from 'node:crypto';
import { AuditEventEntity, DecisionEntity, RoleAssignmentEntity } from '../../libs/db/entities/index.js';
import { draftBody, ok } from '../support/api.js';
import { approvalStack, type Body, type Who } from '../support/approval-stack.js';
import { pollUntil } from '../support/poll-until.js';

/**
 * Every approval action through HTTP on a real Temporal server, Postgres and SMTP server: chains routed by the
 * year's templates, committee meetings, withdrawal, send-back to the previous level with resumption, cc, comment
 * policy, who may take a step handed on, with the 409 reasons users see and the mail each action causes. The due
 * dates of levels and reports are approval-due-dates.spec.ts's.
 */
describe('approval chains through the API', () => {
  const chains = approvalStack('actions');
  const { person, as, mailTo, approvalPolicy, submitted, openTask, noOpenTask, waitForStatus, refusal } = chains;

  it('routes each kind by its template and lists each step with its level, mode and the chain so far', async () => {
    await approvalPolicy({});
    // An ordinary kind goes to the owning branch, then the general branch.
    const ordinary = await submitted('chen');
    const zhangStep = await openTask('zhang', ordinary, 'branch level of an ordinary project');
    expect(zhangStep).toMatchObject({ purpose: 'launch', level: 0, levelMode: 'sequential', projectKindLabel: '党员先锋岗' });
    expect(zhangStep.chain.steps.map((s: Body) => [s.assigneeName, s.status])).toEqual([['张卫东', 'open']]);
    ok(await as('zhang').post(`/tasks/${zhangStep.id}/decision`, { decision: 'approve', comment: '支部同意' }));
    const liStep = await openTask('li', ordinary, 'general branch level of an ordinary project');
    expect(liStep.level).toBe(1);
    expect(liStep.chain.steps.map((s: Body) => [s.level, s.assigneeName, s.status, s.decisions.map((d: Body) => d.comment)])).toEqual([
      [0, '张卫东', 'done', ['支部同意']],
      [1, '李红梅', 'open', []],
    ]);
    ok(await as('li').post(`/tasks/${liStep.id}/decision`, { decision: 'approve' }));
    await waitForStatus(ordinary, 'active');

    // 联建共建: the co-owning branch's secretary signs between the owning branch and the general branch.
    const badJoint = await as('chen').post('/projects', draftBody(chains.org.units.branch, { kind: 'joint_building' }));
    expect([badJoint.status, badJoint.body.message]).toEqual([400, 'coOwningUnitIds: 联建共建项目至少要选择一个共建单位']);
    const joint = await submitted('chen', { kind: 'joint_building', coOwningUnitIds: [chains.org.units.otherBranch] });
    ok(await as('zhang').post(`/tasks/${(await openTask('zhang', joint, 'joint: own branch')).id}/decision`, { decision: 'approve' }));
    const sunStep = await openTask('sun', joint, 'joint: co-owner');
    expect(sunStep).toMatchObject({ level: 1, levelMode: 'all' });
    ok(await as('sun').post(`/tasks/${sunStep.id}/decision`, { decision: 'approve', comment: '共建单位同意' }));
    ok(await as('li').post(`/tasks/${(await openTask('li', joint, 'joint: general branch')).id}/decision`, { decision: 'approve' }));
    await waitForStatus(joint, 'active');
  });

  it('decides 党委前置研究 at a committee meeting, checking quorum and majority', async () => {
    await approvalPolicy({ launchByKind: { secretary_project: [{ scope: 'parent_unit', mode: 'sequential' }, { scope: 'committee', mode: 'sequential', meeting: true }] } });
    // The branch secretary's own 书记项目.
    const projectId = await submitted('zhang', { kind: 'secretary_project' });
    ok(await as('li').post(`/tasks/${(await openTask('li', projectId, 'general branch level')).id}/decision`, { decision: 'approve' }));
    const step = await openTask('wang', projectId, 'committee meeting level');
    // The step says it is decided at a meeting, and by whom (the submitter excused), offering no lone decision; to its assignee only.
    const meetingLevel = ok(await as('wang').get(`/tasks/${step.id}`));
    expect([meetingLevel.decisions, meetingLevel.assigneeId]).toEqual([[], person('wang').id]);
    expect(meetingLevel.meeting.members.map((m: { id: string }) => m.id).sort()).toEqual([person('wang').id, person('m1').id, person('m2').id].sort());
    expect(ok(await as('li').get(`/tasks/${step.id}`)).meeting).toBeNull();
    expect(refusal(await as('wang').post(`/tasks/${step.id}/decision`, { decision: 'approve' }))).toEqual([409, 'WRONG_STAGE']);
    const meeting = { heldOn: '2026-03-05', minutesRef: '党委会纪要〔2026〕5号', votesAgainst: 0, abstentions: 0 };
    const noQuorum = await as('wang').post(`/tasks/${step.id}/meeting`, { meeting: { ...meeting, attendeeIds: [person('wang').id], votesFor: 1 } });
    expect([noQuorum.status, noQuorum.body.code, noQuorum.body.message]).toEqual([
      409,
      'QUORUM_NOT_MET',
      '1 of 3 members attended; more than half must attend for the meeting to decide',
    ]);
    const byMember = await as('m1').post(`/tasks/${step.id}/meeting`, { meeting: { ...meeting, attendeeIds: [person('wang').id, person('m1').id], votesFor: 2 } });
    expect(byMember.status).toBe(409);
    const key = randomUUID();
    const body = { meeting: { ...meeting, attendeeIds: [person('wang').id, person('m1').id], votesFor: 2 }, comment: '党委会研究同意' };
    const first = ok(await as('wang').post(`/tasks/${step.id}/meeting`, body, key));
    expect(ok(await as('wang').post(`/tasks/${step.id}/meeting`, body, key))).toEqual(first);
    await waitForStatus(projectId, 'active');
    const decisions = await chains.ds.getRepository(DecisionEntity).find({ where: { projectId, level: 1 } });
    expect(decisions.map((d) => [d.decision, d.meeting?.minutesRef, d.meeting?.votesFor])).toEqual([['approve', '党委会纪要〔2026〕5号', 2]]);
    const audited = await chains.ds.getRepository(AuditEventEntity).countBy({ projectId, action: 'meeting_approve' });
    expect(audited).toBe(1);
    // The denied attempts are audited too.
    const denied = await chains.ds.getRepository(AuditEventEntity).findBy({ projectId, action: 'denied' });
    expect(denied.map((e) => e.detail.code).sort()).toEqual(['NOT_ASSIGNEE', 'QUORUM_NOT_MET', 'WRONG_STAGE']);
  });

  it('lets the submitter withdraw before the final decision, closing the open steps, and refuses it afterwards', async () => {
    await approvalPolicy({});
    const projectId = await submitted('chen', {}, { ccIds: [person('zhou').id] });
    await openTask('zhang', projectId, 'step to be withdrawn');
    expect(refusal(await as('zhang').post(`/projects/${projectId}/withdraw`, { comment: '不是我的' }))).toEqual([403, 'FORBIDDEN']);
    const key = randomUUID();
    const first = ok(await as('chen').post(`/projects/${projectId}/withdraw`, { comment: '方案需重新论证' }, key));
    expect(first.status).toBe('withdrawn');
    const retried = ok(await as('chen').post(`/projects/${projectId}/withdraw`, { comment: '方案需重新论证' }, key));
    expect(retried.workflow).toEqual(first.workflow);
    await noOpenTask('zhang', projectId, 'the withdrawn step closed');
    const again = await as('chen').post(`/projects/${projectId}/withdraw`, {}, randomUUID());
    expect([again.status, again.body.code, again.body.message]).toEqual([409, 'WRONG_STAGE', 'only a project whose launch is not yet decided can be withdrawn (it is withdrawn)']);
    expect(await chains.ds.getRepository(AuditEventEntity).countBy({ projectId, action: 'withdrawn', actorId: person('chen').id })).toBe(1);

    const decided = await submitted('chen');
    ok(await as('zhang').post(`/tasks/${(await openTask('zhang', decided, 'first level')).id}/decision`, { decision: 'approve' }));
    ok(await as('li').post(`/tasks/${(await openTask('li', decided, 'second level')).id}/decision`, { decision: 'approve' }));
    await waitForStatus(decided, 'active');
    expect(refusal(await as('chen').post(`/projects/${decided}/withdraw`, {}, randomUUID()))).toEqual([409, 'WRONG_STAGE']);

    // Mail: zhang was told of the step once; nobody was told of an outcome of a withdrawn request.
    expect(mailTo('zhang', '【待办】').filter((m) => m.text.includes(first.title))).toHaveLength(1);
    expect(mailTo('zhou', '【抄送】')).toHaveLength(0);
  });

  it('ends the year of a launch rejected at its first level: the project is rejected for good, neither withdrawn nor resubmitted', async () => {
    await approvalPolicy({});
    const projectId = await submitted('chen');
    const task = await openTask('zhang', projectId, 'level to reject');
    ok(await as('zhang').post(`/tasks/${task.id}/decision`, { decision: 'reject', comment: '目标不可考核' }));
    await waitForStatus(projectId, 'rejected');
    expect(refusal(await as('chen').post(`/projects/${projectId}/withdraw`, {}, randomUUID()))).toEqual([409, 'WRONG_STAGE']);
    expect(refusal(await as('chen').post(`/projects/${projectId}/resubmit`, {}, randomUUID()))).toEqual([409, 'WRONG_STAGE']);
    expect(await chains.ds.getRepository(AuditEventEntity).countBy({ projectId, action: 'launch_rejected' })).toBe(1);
  });

  it('sends back to the previous level, resumes at the level that sent it back, copies people in, and asks comments where policy says', async () => {
    await approvalPolicy({ onResubmit: 'resume', commentRequired: ['delegate'] });
    const projectId = await submitted('chen', {}, { ccIds: [person('zhou').id] });
    const title = ok(await as('chen').get(`/projects/${projectId}`)).title as string;
    const zhang1 = await openTask('zhang', projectId, 'first branch step');
    expect(refusal(await as('li').post(`/tasks/${zhang1.id}/decision`, { decision: 'approve' }))).toEqual([409, 'NOT_ASSIGNEE']);
    expect(refusal(await as('zhang').post(`/tasks/${zhang1.id}/decision`, { decision: 'send_back_previous', comment: '无上一级' }))).toEqual([409, 'DECISION_NOT_ALLOWED']);
    ok(await as('zhang').post(`/tasks/${zhang1.id}/decision`, { decision: 'approve' }));
    expect(refusal(await as('zhang').post(`/tasks/${zhang1.id}/decision`, { decision: 'approve' }, randomUUID()))).toEqual([409, 'ALREADY_DECIDED']);

    const li1 = await openTask('li', projectId, 'first general branch step');
    expect(refusal(await as('li').post(`/tasks/${li1.id}/decision`, { decision: 'send_back_previous' }))).toEqual([409, 'COMMENT_REQUIRED']);
    ok(await as('li').post(`/tasks/${li1.id}/decision`, { decision: 'send_back_previous', comment: '请支部先核实人数' }));
    const zhang2 = await openTask('zhang', projectId, 'branch step again', (t) => t.id !== zhang1.id);
    expect(zhang2.chain.steps.map((s: Body) => [s.level, s.outcome])).toEqual([
      [0, 'approve'],
      [1, 'send_back_previous'],
      [0, null],
    ]);
    ok(await as('zhang').post(`/tasks/${zhang2.id}/decision`, { decision: 'approve', comment: '已核实' }));
    const li2 = await openTask('li', projectId, 'general branch step again', (t) => t.id !== li1.id);
    ok(await as('li').post(`/tasks/${li2.id}/decision`, { decision: 'send_back', comment: '目标请量化到月' }));
    await waitForStatus(projectId, 'sent_back');
    ok(await as('chen').post(`/projects/${projectId}/resubmit`, { goals: [{ title: '隐患排查整改', target: '每月 ≥ 4 项' }] }, randomUUID()));

    // Resumed at the general branch: the branch is not asked a third time.
    const li3 = await openTask('li', projectId, 'resumed general branch step', (t) => t.id !== li2.id);
    expect(li3.level).toBe(1);
    expect(ok(await as('zhang').get('/tasks?assignee=me&status=open')).some((t: Body) => t.projectId === projectId)).toBe(false);
    expect(refusal(await as('li').post(`/tasks/${li3.id}/delegate`, { toId: person('wang').id }))).toEqual([409, 'COMMENT_REQUIRED']);
    ok(await as('li').post(`/tasks/${li3.id}/decision`, { decision: 'approve' }));
    await waitForStatus(projectId, 'active');

    // 抄送: told of each round's outcome, once each.
    await chains.sink.waitFor(() => mailTo('zhou', '【抄送】').length >= 2 && mailTo('chen', '【立项审批】已通过').some((m) => m.subject.endsWith(title)), 20_000);
    const subjects = (who: Who, fragment: string) => mailTo(who, fragment).map((m) => m.subject).filter((subject) => subject.endsWith(title));
    expect(subjects('zhou', '【抄送】')).toEqual([`【抄送】立项审批已退回修改：${title}`, `【抄送】立项审批已通过：${title}`]);
    expect(subjects('chen', '【立项审批】')).toEqual([`【立项审批】已退回修改：${title}`, `【立项审批】已通过：${title}`]);
  });

  it('hands a step (转交, 加签) only to someone who may decide at its level, and checks the decider again at each decision', async () => {
    await approvalPolicy({});
    const projectId = await submitted('chen');
    const step = await openTask('zhang', projectId, 'branch level');
    const handTo = async (path: 'delegate' | 'add-approver', who: Who) => {
      const body = path === 'delegate' ? { toId: person(who).id, comment: '请代为审核' } : { personId: person(who).id, position: 'after' };
      const res = await as('zhang').post(`/tasks/${step.id}/${path}`, body, randomUUID());
      return [res.status, res.body.code, res.body.message];
    };
    // The organisation-wide auditor, a secretary of a sibling subtree, and the owner: none may decide at the branch.
    expect(await handTo('delegate', 'audit')).toEqual([409, 'DECISION_NOT_ALLOWED', `toId：${person('audit').name}是纪检审计人员，只监督不审批，不能接受转交`]);
    expect(await handTo('add-approver', 'audit')).toEqual([409, 'DECISION_NOT_ALLOWED', `personId：${person('audit').name}是纪检审计人员，只监督不审批，不能被加签`]);
    const levelName = step.levelUnitName as string;
    expect(await handTo('delegate', 'sun')).toEqual([409, 'DECISION_NOT_ALLOWED', `toId：${person('sun').name}在${levelName}及其上级党组织中没有书记或委员职务，不能接受转交`]);
    expect(await handTo('add-approver', 'zhou')).toEqual([409, 'DECISION_NOT_ALLOWED', `personId：${person('zhou').name}在${levelName}及其上级党组织中没有书记或委员职务，不能被加签`]);
    expect((await handTo('delegate', 'chen')).slice(0, 2)).toEqual([409, 'SELF_APPROVAL']);
    // Nothing was handed on: zhang still holds the step, nobody else got one.
    expect((await openTask('zhang', projectId, 'step still with zhang')).id).toBe(step.id);
    for (const who of ['audit', 'sun', 'zhou'] as const) expect(ok(await as(who).get('/tasks?assignee=me&status=open')).some((t: Body) => t.projectId === projectId)).toBe(false);

    // A committee member sits above the branch: 加签 after zhang is accepted.
    ok(await as('zhang').post(`/tasks/${step.id}/add-approver`, { personId: person('m1').id, position: 'after' }, randomUUID()));
    // zhang's secretary role ends (换届) before they decide: their open step no longer lets them decide.
    const grant = { personId: person('zhang').id, orgUnitId: chains.org.units.branch, role: 'secretary' as const };
    await chains.ds.getRepository(RoleAssignmentEntity).delete(grant);
    try {
      const res = await as('zhang').post(`/tasks/${step.id}/decision`, { decision: 'approve' }, randomUUID());
      expect([res.status, res.body.message]).toEqual([403, `你在${levelName}及其上级党组织中没有书记或委员职务，不能审批此事项`]);
    } finally {
      await chains.ds.getRepository(RoleAssignmentEntity).save(grant);
    }
    ok(await as('zhang').post(`/tasks/${step.id}/decision`, { decision: 'approve' }, randomUUID()));
    ok(await as('m1').post(`/tasks/${(await openTask('m1', projectId, 'added committee member')).id}/decision`, { decision: 'approve' }, randomUUID()));
    await openTask('li', projectId, 'general branch level after the branch');
  });

  it('shows admins a mail refused for good, while the notice stays in the recipient\'s inbox', async () => {
    await approvalPolicy({});
    chains.sink.setResponder((input) => (input.stage === 'RCPT' && input.recipient === person('zhou').email ? { code: 550, message: '5.1.1 mailbox unavailable' } : null));
    try {
      const projectId = await submitted('chen', {}, { ccIds: [person('zhou').id] });
      ok(await as('zhang').post(`/tasks/${(await openTask('zhang', projectId, 'first level')).id}/decision`, { decision: 'approve' }));
      ok(await as('li').post(`/tasks/${(await openTask('li', projectId, 'second level')).id}/decision`, { decision: 'approve' }));
      const undelivered = await pollUntil(
        async () => ok(await chains.api.as(chains.adminToken).get('/notices/undelivered')) as Body[],
        (rows) => rows.some((n) => n.projectId === projectId),
        { timeoutMs: 20_000, what: 'the refused cc mail listed for admins' },
      );
      expect(undelivered.filter((n) => n.projectId === projectId).map((n) => [n.kind, n.email, n.mail, n.attempts])).toEqual([['approval_cc', person('zhou').email, 'failed', 1]]);
      expect(undelivered.find((n) => n.projectId === projectId)?.lastError).toMatch(/550/);
      const inbox = ok(await as('zhou').get('/notices')) as Body[];
      expect(inbox.filter((n) => n.projectId === projectId).map((n) => [n.kind, n.mail])).toEqual([['approval_cc', 'failed']]);
      expect((await as('li').get('/notices/undelivered')).status).toBe(403);
    } finally {
      chains.sink.setResponder(null);
    }
  });
});
