// A reporting campaign to thousands of units on a dev server with the server's default limits, measured:
// `npm run bench:campaign -- --units 5000` (not part of `npm test`; see bench/README.md).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, homedir, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createTandemWorker } from '../apps/worker/worker.js';
import { createDataSource } from '../libs/db/data-source.js';
import { DeadlineEntity, OrgUnitEntity, PersonEntity, RoleAssignmentEntity } from '../libs/db/entities/index.js';
import { campaignFanOutBatch, campaignWorkflowId } from '../libs/domain/index.js';
import { createMailer } from '../libs/mail/mailer.js';
import { workflowsPath } from '../libs/temporal/workflows-path.js';
import { localRolePasswords, prepareDatabase } from '../libs/dev-stack/database-roles.js';
import { startMailSink } from '../libs/dev-stack/mail-sink.js';
import { startTemporalDevServer } from '../libs/dev-stack/temporal-dev-server.js';
import { campaignStateQuery, type ReportingCampaignInput } from '../workflows/campaign.messages.js';
import type { reportingCampaign } from '../workflows/campaign.workflow.js';
import { Cleanup } from './cleanup.js';
import { createBenchDatabase } from './database.js';

const { values } = parseArgs({ options: { units: { type: 'string', default: '5000' }, batch: { type: 'string', default: String(campaignFanOutBatch) } } });
const units = Number(values.units);
const batchSize = Number(values.batch);
const log = (message: string) => console.log(`[bench:campaign] ${message}`);
process.env.TEMPORAL_CLI_PATH ??= join(homedir(), '.cache/tandem/bin/temporal');

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 60 * 60_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (done(await read().catch(() => undefined as T))) return Date.now();
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    // Not more often: the campaign's state, which a query returns, runs to a megabyte or more at thousands of units.
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

/**
 * The whole stack in this process but Temporal and Postgres: a dev server with the server's default limits (2,000
 * pending children or activities per execution, continue-as-new suggested at 4 Ki events), the bench's own database,
 * the mail sink and one worker. Then `units` branches, each with its own secretary, and one campaign to all of them:
 * how long until every deadline is started (the fan-out), every deadline has recorded itself, and every secretary has
 * the issue notice; how many runs it took.
 */
async function main(): Promise<void> {
  const cleanup = new Cleanup();
  const workDir = mkdtempSync(join(tmpdir(), 'tandem-bench-campaign-'));
  cleanup.add('work dir', () => rmSync(workDir, { recursive: true, force: true }));
  process.once('SIGINT', () => void cleanup.allNow().then(() => process.exit(130)));
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    const temporal = await startTemporalDevServer({ dbFile: join(workDir, 'temporal.db'), log });
    cleanup.add('Temporal dev server', () => temporal.stop());
    const db = await createBenchDatabase(log);
    cleanup.add('bench database', () => db.drop());
    const { appUrl } = await prepareDatabase(db.url, localRolePasswords());
    const ds = await createDataSource(appUrl).initialize();
    cleanup.add('data source', () => ds.destroy());
    const sink = await startMailSink({ smtpPort: 0 });
    cleanup.add('mail sink', () => sink.stop());

    const tag = randomUUID().slice(0, 6);
    const committee = await ds.getRepository(OrgUnitEntity).save({ name: `集团党委-${tag}`, kind: 'committee', parentId: null });
    const general = await ds.getRepository(OrgUnitEntity).save({ name: `党总支-${tag}`, kind: 'general_branch', parentId: committee.id });
    const branches = await ds.getRepository(OrgUnitEntity).save(
      Array.from({ length: units }, (_, i) => ({ name: `支部${String(i).padStart(5, '0')}`, kind: 'branch' as const, parentId: general.id })),
      { chunk: 500 },
    );
    const people = await ds.getRepository(PersonEntity).save([...branches, committee].map((_, i) => ({ name: `书记${i}`, email: `s${i}.${tag}@bench.tandem`, passwordHash: null })), { chunk: 500 });
    await ds
      .getRepository(RoleAssignmentEntity)
      .save([...branches, committee].map((u, i) => ({ personId: people[i].id, role: 'secretary' as const, orgUnitId: u.id })), { chunk: 500 });
    log(`${units} branches with a secretary each`);

    const taskQueue = `bench-campaign-${tag}`;
    const nativeConnection = await NativeConnection.connect({ address: temporal.address });
    const mailer = createMailer({ host: '127.0.0.1', port: sink.smtpPort, secure: false, user: null, password: null, from: 'Tandem <tandem@bench.local>' });
    const worker = await createTandemWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: { ds, mailer },
      workflowBundle: await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: new DefaultLogger('WARN') }),
    });
    const running = worker.run();
    cleanup.add('worker', async () => {
      worker.shutdown();
      await running;
      await nativeConnection.close();
      mailer.close();
    });
    const connection = await Connection.connect({ address: temporal.address });
    cleanup.add('client', () => connection.close());
    const client = new Client({ connection });

    const campaignId = randomUUID();
    const input: ReportingCampaignInput = {
      campaignId,
      title: `述职述责-${tag}`,
      instructions: '请报送述职述责报告。',
      targets: { subtreeId: general.id, kinds: ['branch'] },
      dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      ladder: { remindBefore: ['1d'], escalate: [{ after: '1h', to: 'owner' }] },
      createdBy: people[units].id,
      batchSize,
    };
    log(`campaign to ${units} units in batches of ${batchSize}`);
    const started = Date.now();
    const handle = await client.workflow.start<typeof reportingCampaign>('reportingCampaign', { taskQueue, workflowId: campaignWorkflowId(campaignId), args: [input] });
    const recorded = await poll(() => handle.query(campaignStateQuery), (s) => s?.campaignId !== null, 'campaign recorded');
    log(`recorded (targets and tasks) after ${recorded - started} ms`);
    const fannedOut = await poll(() => handle.query(campaignStateQuery), (s) => s?.status === 'open', 'fan-out');
    log(`fan-out done after ${fannedOut - started} ms`);
    const deadlinesOpen = await poll(() => ds.getRepository(DeadlineEntity).countBy({ campaignId }), (n) => n === units, 'deadlines recorded');
    const noticed = await poll(async () => sink.messages.length, (n) => n >= units, 'issue notices mailed');
    let runs = 0;
    let events = 0;
    let runId: string | undefined = handle.firstExecutionRunId;
    while (runId) {
      const history: { workflowExecutionContinuedAsNewEventAttributes?: { newExecutionRunId?: string | null } | null }[] = (await client.workflow.getHandle(handle.workflowId, runId).fetchHistory()).events ?? [];
      runs++;
      events += history.length;
      runId = history[history.length - 1]?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    }
    const result = {
      at: new Date().toISOString(),
      machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version, loadAverage: loadavg() },
      units,
      batchSize,
      ms: { recorded: recorded - started, fanOut: fannedOut - started, deadlinesRecorded: deadlinesOpen - started, noticesMailed: noticed - started },
      runs,
      events,
      deadlines: await ds.getRepository(DeadlineEntity).countBy({ campaignId }),
      mails: sink.messages.length,
      distinctRecipients: new Set(sink.messages.map((m) => m.to[0])).size,
    };
    const file = `bench/results/campaign-${result.at.replace(/[:.]/g, '-')}.json`;
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    log(`fan-out ${result.ms.fanOut} ms, every deadline recorded ${result.ms.deadlinesRecorded} ms, every notice mailed ${result.ms.noticesMailed} ms; ${runs} runs, ${events} events; ${file}`);
    await handle.terminate('bench done');
  } finally {
    await cleanup.inOrder(log);
  }
}

await main();
