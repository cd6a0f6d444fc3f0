import { randomUUID } from 'node:crypto';
import proto from '@temporalio/proto';
import type { DataSource } from 'typeorm';
import { AuditEventEntity, DeadlineEntity, FindingEntity, NoticeEntity, RectificationItemEntity, TaskEntity } from '../../libs/db/entities/index.js';
import { approvalWorkflowId, rectificationDueRef, rectificationWorkflowId, verificationRef, type Decision } from '../../libs/domain/index.js';
import type { MailSink } from '../../libs/dev-stack/mail-sink.js';
import { chainStateQuery, decideUpdate, type ChainView } from '../../workflows/approval-chain.messages.js';
import { rectificationStateQuery, submitEvidenceUpdate, type RectificationInput } from '../../workflows/rectification.messages.js';
import type { rectification } from '../../workflows/rectification.workflow.js';
import { createOrgFixture, createProjectRow, type OrgFixture } from '../support/org-fixture.js';
import { pollUntil } from '../support/poll-until.js';
import { createTestStack, type TestStack } from '../support/stack.js';
import type { TemporalHarness } from '../support/temporal.js';

// @temporalio/proto is CommonJS: under ESM its namespaces come through the default export.
const { EventType } = proto.temporal.api.enums.v1;

/**
 * An item whose verification fails, on a server that suggests continue-as-new early (test/support/global-setup.ts):
 * the next round runs in a new run of the same workflow id, and nobody can tell from the ledger, the tasks or the mail.
 */
describe('rectification', () => {
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

  /** An item raised by the general branch's secretary, owned by the project owner and the branch secretary. */
  async function raiseItem() {
    const projectTitle = `先锋岗-${randomUUID().slice(0, 8)}`;
    const projectId = await createProjectRow(ds, org, projectTitle);
    const [findingId, itemId] = [randomUUID(), randomUUID()];
    const dueAt = new Date(Date.now() + 600_000);
    const raisedAt = new Date();
    await ds.getRepository(FindingEntity).insert({ id: findingId, projectId, raisedBy: org.generalSecretary, description: '应急演练未覆盖夜班', severity: 'serious', source: 'review', raisedAt });
    await ds.getRepository(RectificationItemEntity).insert({
      id: itemId,
      findingId,
      projectId,
      measures: '补做夜班应急演练',
      partyOwnerId: org.owner,
      businessOwnerId: org.branchSecretary,
      status: 'open',
      round: 1,
      dueAt,
      firstDueAt: dueAt,
      closedAt: null,
      closedOnTime: null,
      accountableAt: null,
      updatedAt: raisedAt,
    });
    const quiet = { remindBefore: [], escalate: [] };
    const input: RectificationInput = {
      itemId,
      findingId,
      projectId,
      projectTitle,
      unitId: org.branchId,
      description: '应急演练未覆盖夜班',
      partyOwnerId: org.owner,
      businessOwnerId: org.branchSecretary,
      verifierLevel: { unitId: org.generalBranchId, unitName: '生产党总支', mode: 'sequential', approverIds: [org.generalSecretary] },
      raisedById: org.generalSecretary,
      dueAt: dueAt.toISOString(),
      policy: { dueIn: '10m', reopenDueIn: '10m', ladder: quiet },
      severityRule: { due: '10m', reopenDue: { kind: 'working_days_after', days: 3, at: '17:30' }, ladder: quiet },
      rule: '提出后第5个工作日 17:30',
    };
    const workflowId = rectificationWorkflowId(itemId);
    const started = await temporal.client.workflow.start<typeof rectification>('rectification', { taskQueue: temporal.taskQueue, workflowId, args: [input] });
    // The API addresses the item by its workflow id alone, whichever run is current.
    const handle = temporal.client.workflow.getHandle<typeof rectification>(workflowId);
    return { projectId, projectTitle, itemId, workflowId, firstRunId: started.firstExecutionRunId, handle };
  }

  async function verify(itemId: string, round: number, decision: Decision, comment?: string) {
    const chain = temporal.client.workflow.getHandle(approvalWorkflowId(verificationRef(itemId, round)));
    const view = await pollUntil(() => chain.query(chainStateQuery), (v: ChainView) => v.openTasks.length > 0, { timeoutMs: 15_000, what: `the round ${round} verification task` });
    await chain.executeUpdate(decideUpdate, { args: [{ taskId: view.openTasks[0].taskId, actorId: org.generalSecretary, decision, ...(comment ? { comment } : {}) }] });
  }

  it('continues as new when a failed verification reopens the item, and the next round runs on the new run with nothing done twice', async () => {
    const { projectId, projectTitle, itemId, workflowId, firstRunId, handle } = await raiseItem();
    const submitted = await handle.executeUpdate(submitEvidenceUpdate, { args: [{ actorId: org.branchSecretary, text: '演练计划已制定' }] });
    expect([submitted.round, submitted.status]).toEqual([1, 'verifying']);
    await verify(itemId, 1, 'reject', '只有计划，没有演练记录');

    const secondRun = await pollUntil(() => handle.describe(), (d) => d.runId !== firstRunId, { timeoutMs: 20_000, what: 'a second run' });
    const firstEvents = (await temporal.client.workflow.getHandle(workflowId, firstRunId).fetchHistory()).events ?? [];
    expect(firstEvents[firstEvents.length - 1].eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    const secondEvents = (await temporal.client.workflow.getHandle(workflowId, secondRun.runId).fetchHistory()).events ?? [];
    expect(secondEvents[0].workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toBe(firstRunId);

    // The new run opens round 2 with the due date the reopening computed, and the ledger says the same.
    const reopened = await pollUntil(() => ds.getRepository(RectificationItemEntity).findOneByOrFail({ id: itemId }), (i) => i.round === 2, { timeoutMs: 15_000, what: 'the item reopened' });
    const state = await handle.query(rectificationStateQuery);
    // The calendar gives due dates in Beijing time (…T17:30:00+08:00), the database hands them back in UTC.
    expect([state.round, state.status, new Date(state.dueAt)]).toEqual([2, 'open', reopened.dueAt]);
    expect([reopened.status, reopened.firstDueAt.getTime() < reopened.dueAt.getTime()]).toEqual(['open', true]);
    const deadlines = await Promise.all([1, 2].map((round) => pollUntil(() => ds.getRepository(DeadlineEntity).findOneByOrFail({ ref: rectificationDueRef(itemId, round) }), () => true, { timeoutMs: 15_000, what: `the round ${round} deadline` })));
    expect(deadlines.map((d) => [d.rule, d.dueAt.toISOString()])).toEqual([
      ['提出后第5个工作日 17:30', reopened.firstDueAt.toISOString()],
      ['重开后第3个工作日 17:30', reopened.dueAt.toISOString()],
    ]);

    const second = await handle.executeUpdate(submitEvidenceUpdate, { args: [{ actorId: org.owner, text: '夜班应急演练已完成' }] });
    expect([second.round, second.status]).toEqual([2, 'verifying']);
    await verify(itemId, 2, 'approve');
    expect(await handle.result()).toEqual({ itemId, status: 'closed', round: 2, dueAt: state.dueAt });

    const item = await ds.getRepository(RectificationItemEntity).findOneByOrFail({ id: itemId });
    expect([item.status, item.round, item.closedOnTime]).toEqual(['closed', 2, false]);
    const tasks = await ds.getRepository(TaskEntity).find({ where: { subjectId: itemId, kind: 'evidence' }, order: { stepKey: 'ASC' } });
    expect(tasks.map((t) => [t.stepKey, t.status])).toEqual(
      [`evidence:r1:${org.owner}`, `evidence:r1:${org.branchSecretary}`, `evidence:r2:${org.owner}`, `evidence:r2:${org.branchSecretary}`].sort().map((key) => [key, 'done']),
    );
    const steps = await ds.getRepository(AuditEventEntity).find({ where: { workflowId }, order: { seq: 'ASC' } });
    expect(steps.map((e) => [e.stepKey, e.action])).toEqual([
      ['evidence-tasks:r1', 'tasks_opened'],
      ['evidence:r1', 'evidence_submitted'],
      ['reopened:r1', 'item_reopened'],
      ['evidence-tasks:r2', 'tasks_opened'],
      ['evidence:r2', 'evidence_submitted'],
      ['closed', 'item_closed'],
    ]);
    expect(steps[2].detail).toEqual({ round: 2, dueAt: state.dueAt, closedOnTime: null });

    // Each owner is told once of the reopening, with the verifier's reason, and once of the close.
    const notices = await ds.getRepository(NoticeEntity).find({ where: { projectId, kind: 'item_reopened' } });
    expect(notices.map((n) => n.recipientId).sort()).toEqual([org.owner, org.branchSecretary].sort());
    const mails = await sink.waitFor((all) => all.filter((m) => m.text.includes(projectTitle) && m.subject.startsWith('【整改】')).length >= 4, 15_000);
    const itemMails = mails.filter((m) => m.text.includes(projectTitle) && m.subject.startsWith('【整改】'));
    for (const person of [org.owner, org.branchSecretary]) {
      const mine = itemMails.filter((m) => m.to.includes(org.emailOf.get(person)!));
      expect(mine.map((m) => m.subject.split('：')[0]).sort()).toEqual(['【整改】已验证销号', '【整改】验证未通过，请重新整改']);
      expect(mine.find((m) => m.subject.startsWith('【整改】验证未通过'))?.text).toContain('意见：只有计划，没有演练记录');
    }
  });
});
