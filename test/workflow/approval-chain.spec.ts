import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { AuditEventEntity, DecisionEntity, TaskEntity } from '../../libs/db/entities/index.js';
import { approvalWorkflowId, type LevelSpec } from '../../libs/domain/index.js';
import type { approvalChain } from '../../workflows/approval-chain.workflow.js';
import { chainStateQuery, decideUpdate, type ApprovalChainInput, type ChainView } from '../../workflows/approval-chain.messages.js';
import type { MailSink } from '../../scripts/services/mail-sink.js';
import { createOrgFixture, createProjectRow, type OrgFixture } from '../support/org-fixture.js';
import { pollUntil } from '../support/poll-until.js';
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

  async function startChain(allowed: ApprovalChainInput['allowed'] = ['approve', 'reject', 'send_back']) {
    const projectId = await createProjectRow(ds, org);
    const ref = `test-${randomUUID()}`;
    const handle = await temporal.client.workflow.start<typeof approvalChain>('approvalChain', {
      taskQueue: temporal.taskQueue,
      workflowId: approvalWorkflowId(ref),
      args: [{ ref, purpose: 'launch', projectId, subject: '安全生产党员先锋岗', submitterId: org.owner, levels: levels(), allowed } satisfies ApprovalChainInput],
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

  const refusalCode = async (promise: Promise<unknown>): Promise<string> => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    return ((error as WorkflowUpdateFailedError).cause as { type?: string }).type ?? 'none';
  };

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

    expect(await refusalCode(handle.executeUpdate(decideUpdate, { args: [{ taskId, actorId: org.committeeSecretary, decision: 'approve' }] }))).toBe('NOT_ASSIGNEE');
    expect(await refusalCode(handle.executeUpdate(decideUpdate, { args: [{ taskId, actorId: org.generalSecretary, decision: 'reject' }] }))).toBe('COMMENT_REQUIRED');
    expect(await ds.getRepository(DecisionEntity).count({ where: { projectId } })).toBe(0);

    await handle.executeUpdate(decideUpdate, { args: [{ taskId, actorId: org.generalSecretary, decision: 'approve' }] });
    expect(await refusalCode(handle.executeUpdate(decideUpdate, { args: [{ taskId, actorId: org.generalSecretary, decision: 'approve' }] }))).toBe('ALREADY_DECIDED');
    expect(await ds.getRepository(DecisionEntity).count({ where: { projectId } })).toBe(1);
    await handle.terminate('test finished');
  });

  it('refuses a decision the purpose does not allow', async () => {
    const { handle, firstTask } = await startChain(['approve', 'send_back']);
    const taskId = await firstTask(org.generalSecretary);
    expect(
      await refusalCode(handle.executeUpdate(decideUpdate, { args: [{ taskId, actorId: org.generalSecretary, decision: 'reject', comment: '不行' }] })),
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
});
