import { randomUUID } from 'node:crypto';
import type { temporal } from '@temporalio/proto';
import type { DataSource } from 'typeorm';
import { AuditEventEntity, CampaignEntity, CampaignTargetEntity, DeadlineEntity, OrgUnitEntity, PersonEntity, RoleAssignmentEntity, TaskEntity } from '../../libs/db/entities/index.js';
import { campaignChain } from '../../libs/db/repositories/audit.repository.js';
import { campaignWorkflowId } from '../../libs/domain/index.js';
import type { MailSink } from '../../libs/dev-stack/mail-sink.js';
import { campaignStateQuery, submitCampaignReportUpdate, type ReportingCampaignInput } from '../../workflows/campaign.messages.js';
import type { reportingCampaign } from '../../workflows/campaign.workflow.js';
import { createOrgFixture, type OrgFixture } from '../support/org-fixture.js';
import { pollUntil } from '../support/poll-until.js';
import { createTestStack, type TestStack } from '../support/stack.js';
import type { TemporalHarness } from '../support/temporal.js';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * A campaign to many units on a real server: its deadlines are started and its secretaries told a batch at a time,
 * each run continues as new when the server suggests it (the test server does from 30 events), a unit may report
 * while the fan-out goes on, and at its end date the campaign closes with the units still missing marked missing.
 */
describe('reportingCampaign', () => {
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

  /** Every event of every run of a workflow, run by run, following continue-as-new. */
  async function runsOf(workflowId: string, firstRunId: string): Promise<HistoryEvent[][]> {
    const runs: HistoryEvent[][] = [];
    let runId: string | undefined = firstRunId;
    while (runId) {
      const events: HistoryEvent[] = (await temporal.client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
      runs.push(events);
      runId = events[events.length - 1]?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    }
    return runs;
  }

  /** The most commands of a kind any one workflow task issued: those after each WorkflowTaskCompleted, up to the next event of another kind. */
  function mostPerTask(runs: HistoryEvent[][], isCommand: (e: HistoryEvent) => boolean): number {
    let most = 0;
    for (const events of runs) {
      let count = 0;
      for (const e of events) {
        if (e.workflowTaskCompletedEventAttributes) count = 0;
        else if (isCommand(e)) most = Math.max(most, ++count);
      }
    }
    return most;
  }

  it('fans out to 120 units 10 at a time over runs that continue as new, takes reports meanwhile, and closes with the rest marked missing', async () => {
    const tag = randomUUID().slice(0, 8);
    const n = 120;
    const batchSize = 10;
    const parentId = (await ds.getRepository(OrgUnitEntity).save({ name: `大型党委-${tag}`, kind: 'general_branch', parentId: org.committeeId })).id;
    const units = await ds.getRepository(OrgUnitEntity).save(
      Array.from({ length: n }, (_, i) => ({ name: `支部${String(i).padStart(3, '0')}-${tag}`, kind: 'branch' as const, parentId })),
    );
    const people = await ds.getRepository(PersonEntity).save(units.map((u, i) => ({ name: `书记${i}`, email: `s${i}.${tag}@test.tandem`, passwordHash: null })));
    await ds.getRepository(RoleAssignmentEntity).save(units.map((u, i) => ({ personId: people[i].id, role: 'secretary' as const, orgUnitId: u.id })));
    const secretaryOf = new Map(units.map((u, i) => [u.id, people[i]]));

    const campaignId = randomUUID();
    const title = `述职述责-${tag}`;
    // Due well after the fan-out can have finished on a loaded machine; closed 2 s after the due time.
    const input: ReportingCampaignInput = {
      campaignId,
      title,
      instructions: '请报送述职述责报告。',
      targets: { subtreeId: parentId, kinds: ['branch'] },
      dueAt: new Date(Date.now() + 50_000).toISOString(),
      closeAfter: '2s',
      ladder: { remindBefore: [], escalate: [] },
      createdBy: org.committeeSecretary,
      batchSize,
    };
    const workflowId = campaignWorkflowId(campaignId);
    const startedAt = Date.now();
    const handle = await temporal.client.workflow.start<typeof reportingCampaign>('reportingCampaign', { taskQueue: temporal.taskQueue, workflowId, args: [input] });
    const report = (unitId: string) =>
      handle.executeUpdate(submitCampaignReportUpdate, { args: [{ actorId: secretaryOf.get(unitId)!.id, unitId, text: '述职述责报告' }] });

    // The last unit in order reports as soon as the campaign is recorded, long before the fan-out reaches it.
    const recorded = await pollUntil(() => handle.query(campaignStateQuery), (s) => s.campaignId !== null, { timeoutMs: 60_000, what: 'the campaign recorded' });
    expect(recorded.targets).toHaveLength(n);
    const [first, last] = [recorded.targets[0].unitId, recorded.targets[n - 1].unitId];
    expect((await report(last)).submittedAt).not.toBeNull();
    const opened = await pollUntil(() => handle.query(campaignStateQuery), (s) => s.status === 'open', { timeoutMs: 45_000, what: 'the fan-out done' });
    expect(opened.status).toBe('open');
    console.log(`fan-out to ${n} units in batches of ${batchSize}: ${Date.now() - startedAt} ms`);
    await report(first);

    expect(await handle.result()).toMatchObject({ status: 'closed', campaignId });
    const runs = await runsOf(workflowId, handle.firstExecutionRunId);
    // Never more than a batch of deadlines started, or of mails scheduled, by one workflow task.
    expect(runs.length).toBeGreaterThan(n / batchSize / 2);
    expect(mostPerTask(runs, (e) => Boolean(e.startChildWorkflowExecutionInitiatedEventAttributes))).toBe(batchSize);
    expect(mostPerTask(runs, (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendNotice')).toBeLessThanOrEqual(batchSize);
    // Each unit's deadline was started once, except the last unit's: it had reported before its turn came.
    const started = runs.flat().map((e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId).filter(Boolean);
    expect([started.length, new Set(started).size]).toEqual([n - 1, n - 1]);
    const issuedMail = sink.messages.filter((m) => m.subject.startsWith('【报告任务】') && m.subject.includes(title));
    expect(issuedMail).toHaveLength(n - 1);
    expect(new Set(issuedMail.map((m) => m.to[0])).size).toBe(n - 1);

    // Closed: the units still missing are marked so, their tasks cancelled, their deadlines ended; one audited step names them.
    expect(await ds.getRepository(CampaignEntity).findOneByOrFail({ id: campaignId })).toMatchObject({ status: 'closed', closesAt: new Date(Date.parse(input.dueAt!) + 2_000) });
    const targets = await ds.getRepository(CampaignTargetEntity).findBy({ campaignId });
    const missing = targets.filter((t) => t.status === 'missing').map((t) => t.unitId);
    expect([missing.length, targets.filter((t) => t.status === 'submitted').map((t) => t.unitId).sort()]).toEqual([n - 2, [first, last].sort()]);
    const tasks = await ds.getRepository(TaskEntity).findBy({ campaignId });
    expect(tasks.filter((t) => t.status === 'cancelled' && t.outcome === 'missing')).toHaveLength(n - 2);
    expect(tasks.filter((t) => t.status === 'done')).toHaveLength(2);
    const closed = await ds.getRepository(AuditEventEntity).findBy({ chainKey: campaignChain(campaignId), action: 'campaign_closed' });
    expect(closed.map((e) => [...(e.detail.missingUnitIds as string[])].sort())).toEqual([[...missing].sort()]);
    const deadlines = await pollUntil(
      () => ds.getRepository(DeadlineEntity).findBy({ campaignId }),
      (rows) => rows.filter((d) => d.events.some((e) => e.kind === 'closed_unmet')).length === n - 2,
      { timeoutMs: 60_000, what: "the missing units' deadlines ended" },
    );
    expect(deadlines.find((d) => d.ref === targets.find((t) => t.unitId === first)!.deadlineRef)?.status).toBe('met');
  }, 300_000);
});
