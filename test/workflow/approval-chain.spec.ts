import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditEventEntity, DecisionEntity, TaskEntity } from '../../libs/db/entities/index.js';
import { approvalWorkflowId, type LevelSpec } from '../../libs/domain/index.js';
import type { approvalChain } from '../../workflows/approval-chain.workflow.js';
import {
  addApproverUpdate,
  chainStateQuery,
  decideUpdate,
  delegateUpdate,
  nudgeUpdate,
  type ApprovalChainInput,
  type ChainView,
} from '../../workflows/approval-chain.messages.js';
import type { MailSink } from '../../libs/dev-stack/mail-sink.js';
import { createOrgFixture, createProjectRow, type OrgFixture } from '../support/org-fixture.js';
import { pollUntil } from '../support/poll-until.js';
import { updateRefusalCode } from '../support/refusal-code.js';
import { createTestStack, type TestStack } from '../support/stack.js';
import type { TemporalHarness } from '../support/temporal.js';

describe('approvalChain', () => {
  let stack: TestStack;
  let ds: DataSource;
  let sink: MailSink;
  let temporal: TemporalHarness;
  let org: OrgFixture;

  beforeAll(async () => {
    stack = await createTestStack();
    ({ ds, sink, temporal } = stack);
    org = await createOrgFixture(ds);
  });

  afterAll(() => stack?.close());

  const levels = (): LevelSpec[] => [
    { unitId: org.generalBranchId, unitName: '生产党总支', mode: 'sequential', approverIds: [org.generalSecretary] },
    { unitId: org.committeeId, unitName: '集团党委', mode: 'sequential', approverIds: [org.committeeSecretary] },
  ];

  async function startChain(allowed: ApprovalChainInput['allowed'] = ['approve', 'reject', 'send_back'], extra: Partial<ApprovalChainInput> = {}) {
    const projectId = await createProjectRow(ds, org, `先锋岗-${randomUUID().slice(0, 8)}`);
    const ref = `test-${randomUUID()}`;
    const handle = await temporal.client.workflow.start<typeof approvalChain>('approvalChain', {
      taskQueue: temporal.taskQueue,
      workflowId: approvalWorkflowId(ref),
      args: [{ ref, purpose: 'launch', projectId, subject: '安全生产党员先锋岗', submitterId: org.owner, levels: levels(), allowed, ...extra } satisfies ApprovalChainInput],
    });
    const firstTask = async (assigneeId: string) =>
      (
        await pollUntil(
          () => handle.query(chainStateQuery),
          (v: ChainView) => v.openTasks.some((t) => t.assigneeId === assigneeId),
          { timeoutMs: 15_000, what: `an open task for ${assigneeId}` },
        )
      ).openTasks.find((t) => t.assigneeId === assigneeId)!.taskId;
    return { handle, projectId, firstTask };
  }

  it('approves level by level, records each decision once and mails each approver and the submitter once', async () => {
    const { handle, projectId, firstTask } = await startChain();
    const generalTask = await firstTask(org.generalSecretary);
    const decide = { taskId: generalTask, actorId: org.generalSecretary, decision: 'approve' as const, comment: '同意' };
    const updateId = randomUUID();
    const afterFirst = await handle.executeUpdate(decideUpdate, { args: [decide], updateId });
    expect(afterFirst.current).toBe(1);
    expect(afterFirst.openTasks.map((t) => t.assigneeId)).toEqual([org.committeeSecretary]);

    // A retried HTTP request carries the same Idempotency-Key: the same answer, nothing done twice.
    const retried = await handle.executeUpdate(decideUpdate, { args: [decide], updateId });
    expect(retried.decisions).toHaveLength(1);

    const committeeTask = afterFirst.openTasks[0].taskId;
    await handle.executeUpdate(decideUpdate, { args: [{ taskId: committeeTask, actorId: org.committeeSecretary, decision: 'approve' }] });
    const result = await handle.result();
    expect(result.status).toBe('approved');
    expect(result.decisions.map((d) => [d.actorId, d.decision])).toEqual([
      [org.generalSecretary, 'approve'],
      [org.committeeSecretary, 'approve'],
    ]);

    const decisions = await ds.getRepository(DecisionEntity).find({ where: { projectId }, order: { decidedAt: 'ASC' } });
    expect(decisions.map((d) => [d.actorId, d.level, d.comment])).toEqual([
      [org.generalSecretary, 0, '同意'],
      [org.committeeSecretary, 1, null],
    ]);
    const tasks = await ds.getRepository(TaskEntity).find({ where: { projectId } });
    expect(tasks.map((t) => t.status).sort()).toEqual(['done', 'done']);
    const audited = await ds.getRepository(AuditEventEntity).find({ where: { projectId } });
    expect(audited.filter((e) => e.action === 'decision_approve')).toHaveLength(2);

    const to = (id: string) => org.emailOf.get(id)!;
    await sink.waitFor((m) => m.some((x) => x.to.includes(to(org.owner)) && x.subject.includes('已通过')), 15_000);
    const mails = sink.messages.filter((m) => m.subject.includes('安全生产党员先锋岗'));
    const count = (id: string, fragment: string) => mails.filter((m) => m.to.includes(to(id)) && m.subject.includes(fragment)).length;
    expect(count(org.generalSecretary, '待办')).toBe(1);
    expect(count(org.committeeSecretary, '待办')).toBe(1);
    expect(count(org.owner, '已通过')).toBe(1);
  });

  it('refuses the wrong person, a reject without comment and a second decision, and records none of them', async () => {
    const { handle, projectId, firstTask } = await startChain();
    const taskId = await firstTask(org.generalSecretary);

    expect(await updateRefusalCode(handle.executeUpdate(decideUpdate, { args: [{ taskId, actorId: org.committeeSecretary, decision: 'approve' }] }))).toBe('NOT_ASSIGNEE');
    expect(await updateRefusalCode(handle.executeUpdate(decideUpdate, { args: [{ taskId, actorId: org.generalSecretary, decision: 'reject' }] }))).toBe('COMMENT_REQUIRED');
    expect(await ds.getRepository(DecisionEntity).count({ where: { projectId } })).toBe(0);

    await handle.executeUpdate(decideUpdate, { args: [{ taskId, actorId: org.generalSecretary, decision: 'approve' }] });
    expect(await updateRefusalCode(handle.executeUpdate(decideUpdate, { args: [{ taskId, actorId: org.generalSecretary, decision: 'approve' }] }))).toBe('ALREADY_DECIDED');
    expect(await ds.getRepository(DecisionEntity).count({ where: { projectId } })).toBe(1);
    await handle.terminate('test finished');
  });

  it('refuses a decision the purpose does not allow', async () => {
    const { handle, firstTask } = await startChain(['approve', 'send_back']);
    const taskId = await firstTask(org.generalSecretary);
    expect(
      await updateRefusalCode(handle.executeUpdate(decideUpdate, { args: [{ taskId, actorId: org.generalSecretary, decision: 'reject', comment: '不行' }] })),
    ).toBe('DECISION_NOT_ALLOWED');
    await handle.terminate('test finished');
  });

  it('ends sent back with the comment and tells the submitter why', async () => {
    const { handle, firstTask } = await startChain();
    const taskId = await firstTask(org.generalSecretary);
    await handle.executeUpdate(decideUpdate, { args: [{ taskId, actorId: org.generalSecretary, decision: 'send_back', comment: '目标需量化' }] });
    const result = await handle.result();
    expect(result.status).toBe('sent_back');
    const mail = await sink.waitFor(
      (m) => m.some((x) => x.to.includes(org.emailOf.get(org.owner)!) && x.subject.includes('已退回修改')),
      15_000,
    );
    expect(mail.find((x) => x.subject.includes('已退回修改'))!.text).toContain('目标需量化');
  });

  it('keeps working when the worker restarts between two decisions', async () => {
    const { handle, firstTask } = await startChain();
    const taskId = await firstTask(org.generalSecretary);
    const view = await handle.executeUpdate(decideUpdate, { args: [{ taskId, actorId: org.generalSecretary, decision: 'approve' }] });
    await stack.restartWorker();
    await handle.executeUpdate(decideUpdate, { args: [{ taskId: view.openTasks[0].taskId, actorId: org.committeeSecretary, decision: 'approve' }] });
    expect((await handle.result()).status).toBe('approved');
  });

  it('hands a step on (转交) to someone who then decides, but never to the submitter', async () => {
    const { handle, firstTask } = await startChain();
    const taskId = await firstTask(org.generalSecretary);
    expect(await updateRefusalCode(handle.executeUpdate(delegateUpdate, { args: [{ taskId, actorId: org.generalSecretary, toId: org.owner }] }))).toBe('SELF_APPROVAL');
    const view = await handle.executeUpdate(delegateUpdate, { args: [{ taskId, actorId: org.generalSecretary, toId: org.branchSecretary, comment: '出差，请张书记代办' }] });
    expect(view.openTasks.map((t) => t.assigneeId)).toEqual([org.branchSecretary]);
    expect((await ds.getRepository(TaskEntity).findOneByOrFail({ id: taskId })).outcome).toBe('delegated');
    expect(await updateRefusalCode(handle.executeUpdate(decideUpdate, { args: [{ taskId, actorId: org.generalSecretary, decision: 'approve' }] }))).toBe('ALREADY_DECIDED');
    const after = await handle.executeUpdate(decideUpdate, { args: [{ taskId: view.openTasks[0].taskId, actorId: org.branchSecretary, decision: 'approve' }] });
    expect(after.current).toBe(1);
    // Only this test ever routes work to the branch secretary: exactly one to-do mail for the handed-on step.
    const toDo = () => sink.messages.filter((m) => m.to.includes(org.emailOf.get(org.branchSecretary)!) && m.subject.startsWith('【待办】'));
    await sink.waitFor(() => toDo().length > 0, 10_000);
    expect(toDo()).toHaveLength(1);
    await handle.terminate('test finished');
  });

  it('adds an approver before me (前加签): they decide first, then it is my turn again', async () => {
    const { handle, firstTask } = await startChain();
    const taskId = await firstTask(org.generalSecretary);
    const added = await handle.executeUpdate(addApproverUpdate, { args: [{ taskId, actorId: org.generalSecretary, personId: org.admin, position: 'before' }] });
    expect(added.openTasks.map((t) => t.assigneeId)).toEqual([org.admin]);
    expect((await ds.getRepository(TaskEntity).findOneByOrFail({ id: taskId })).status).toBe('cancelled');
    const back = await handle.executeUpdate(decideUpdate, { args: [{ taskId: added.openTasks[0].taskId, actorId: org.admin, decision: 'approve' }] });
    expect([back.current, back.openTasks.map((t) => t.assigneeId)]).toEqual([0, [org.generalSecretary]]);
    const done = await handle.executeUpdate(decideUpdate, { args: [{ taskId: back.openTasks[0].taskId, actorId: org.generalSecretary, decision: 'approve' }] });
    expect(done.current).toBe(1);
    expect(done.decisions.map((d) => d.actorId)).toEqual([org.admin, org.generalSecretary]);
    await handle.terminate('test finished');
  });

  it('lets the submitter nudge (催办) a waiting approver once per interval, and mails each nudge once', async () => {
    const { handle, projectId, firstTask } = await startChain(undefined, { nudgeInterval: '2s' });
    const taskId = await firstTask(org.generalSecretary);
    await handle.executeUpdate(nudgeUpdate, { args: [{ taskId, actorId: org.owner }] });
    expect(await updateRefusalCode(handle.executeUpdate(nudgeUpdate, { args: [{ taskId, actorId: org.owner }] }))).toBe('WRONG_STAGE');
    expect(await updateRefusalCode(handle.executeUpdate(nudgeUpdate, { args: [{ taskId, actorId: org.committeeSecretary }] }))).toBe('FORBIDDEN');
    await new Promise((r) => setTimeout(r, 2_100));
    await handle.executeUpdate(nudgeUpdate, { args: [{ taskId, actorId: org.owner }] });
    const nudges = () => sink.messages.filter((m) => m.to.includes(org.emailOf.get(org.generalSecretary)!) && m.subject.startsWith('【催办】'));
    await sink.waitFor(() => nudges().length >= 2, 10_000);
    const notices = await ds.query(`SELECT count(*)::int AS n FROM notice WHERE project_id = $1 AND kind = 'nudge'`, [projectId]);
    expect(notices[0].n).toBe(2);
    expect(nudges().filter((m) => m.text.includes('陈工提醒您尽快办理'))).toHaveLength(nudges().length);
    await handle.terminate('test finished');
  });
  it.each<['any' | 'all']>([['any'], ['all']])(
    'applies two decisions sent in the same instant to a %s level one at a time, never to the level after it',
    async (mode) => {
      const pair: LevelSpec = { unitId: org.generalBranchId, unitName: '生产党总支', mode, approverIds: [org.generalSecretary, org.branchSecretary] };
      const { handle, firstTask } = await startChain(['approve', 'reject', 'send_back'], { levels: [pair, levels()[1]] });
      const [a, b] = [await firstTask(org.generalSecretary), await firstTask(org.branchSecretary)];
      const results = await Promise.allSettled([
        handle.executeUpdate(decideUpdate, { args: [{ taskId: a, actorId: org.generalSecretary, decision: 'approve' }] }),
        handle.executeUpdate(decideUpdate, { args: [{ taskId: b, actorId: org.branchSecretary, decision: 'approve' }] }),
      ]);
      const view = await handle.query(chainStateQuery);
      // Every decision that was accepted counts at the first level; nobody has decided at the committee.
      expect(view.decisions.every((d) => d.level === 0)).toBe(true);
      expect(view.current).toBe(1);
      expect(view.openTasks.map((t) => t.assigneeId)).toEqual([org.committeeSecretary]);
      const accepted = results.filter((r) => r.status === 'fulfilled').length;
      // 或签: the first decision settles the level and the second is refused; 会签: both count.
      expect([accepted, view.decisions.length]).toEqual(mode === 'any' ? [1, 1] : [2, 2]);
      for (const r of results) if (r.status === 'rejected') expect(await updateRefusalCode(Promise.reject(r.reason))).toMatch(/ALREADY_DECIDED|NOT_ASSIGNEE/);
    },
  );
});
