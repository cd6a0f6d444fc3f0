import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { DecisionEntity, TaskEntity } from '../../libs/db/entities/index.js';
import { approvalWorkflowId, type LevelSpec } from '../../libs/domain/index.js';
import type { approvalChain } from '../../workflows/approval-chain.workflow.js';
import { chainStateQuery, decideUpdate, type ApprovalChainInput, type ChainView } from '../../workflows/approval-chain.messages.js';
import { createOrgFixture, createProjectRow, type OrgFixture } from '../support/org-fixture.js';
import { pollUntil } from '../support/poll-until.js';
import { createTestStack, type TestStack } from '../support/stack.js';
import type { TemporalHarness } from '../support/temporal.js';

/** The type of the first ApplicationFailure in a failed update's cause chain (the activity's, under an ActivityFailure). */
async function failureTypeOf(promise: Promise<unknown>): Promise<{ type: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string') return { type, message: e.message };
  }
  return { type: 'none', message: String(error) };
}

describe('activity failures a retry cannot mend', () => {
  let stack: TestStack;
  let ds: DataSource;
  let temporal: TemporalHarness;
  let org: OrgFixture;

  beforeAll(async () => {
    stack = await createTestStack();
    ({ ds, temporal } = stack);
    org = await createOrgFixture(ds);
  });

  afterAll(() => stack?.close());

  it('fails a decision Postgres cannot store at once, keeps the chain as it was and lets the same task be decided again', async () => {
    const projectId = await createProjectRow(ds, org, `先锋岗-${randomUUID().slice(0, 8)}`);
    const ref = `test-${randomUUID()}`;
    const levels: LevelSpec[] = [
      { unitId: org.generalBranchId, unitName: '生产党总支', mode: 'sequential', approverIds: [org.generalSecretary] },
      { unitId: org.committeeId, unitName: '集团党委', mode: 'sequential', approverIds: [org.committeeSecretary] },
    ];
    const handle = await temporal.client.workflow.start<typeof approvalChain>('approvalChain', {
      taskQueue: temporal.taskQueue,
      workflowId: approvalWorkflowId(ref),
      args: [{ ref, purpose: 'launch', projectId, subject: '安全生产党员先锋岗', submitterId: org.owner, levels, allowed: ['approve', 'reject', 'send_back'] } satisfies ApprovalChainInput],
    });
    const opened = await pollUntil(
      () => handle.query(chainStateQuery),
      (v: ChainView) => v.openTasks.length > 0,
      { timeoutMs: 15_000, what: 'the first open task' },
    );
    const taskId = opened.openTasks[0].taskId;

    // U+0000 cannot be stored in a Postgres text or jsonb value (SQLSTATE 22P05/22021): before, the write was
    // retried for ever while the chain held its turn. Sent straight to the workflow, past any check at the HTTP edge.
    const startedAt = Date.now();
    const failure = await failureTypeOf(
      handle.executeUpdate(decideUpdate, { args: [{ taskId, actorId: org.generalSecretary, decision: 'approve', comment: 'ok\u0000x' }] }),
    );
    expect(failure.type).toBe('INVALID_DATA');
    expect(failure.message).toContain('a value in this request cannot be stored');
    expect(Date.now() - startedAt).toBeLessThan(15_000);

    const after = await handle.query(chainStateQuery);
    expect([after.status, after.current, after.decisions]).toEqual(['pending', 0, []]);
    expect(after.openTasks.map((t) => t.taskId)).toEqual([taskId]);
    expect((await ds.getRepository(TaskEntity).findOneByOrFail({ id: taskId })).status).toBe('open');
    expect(await ds.getRepository(DecisionEntity).count({ where: { projectId } })).toBe(0);

    // The turn and the task's busy mark are released: the same person decides the same task with a valid comment.
    const decided = await handle.executeUpdate(decideUpdate, { args: [{ taskId, actorId: org.generalSecretary, decision: 'approve', comment: '同意' }] });
    expect(decided.current).toBe(1);
    const stored = await ds.getRepository(DecisionEntity).find({ where: { projectId } });
    expect(stored.map((d) => [d.actorId, d.comment])).toEqual([[org.generalSecretary, '同意']]);
    await handle.terminate('test finished');
  });
});
