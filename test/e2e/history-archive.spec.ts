import { gunzipSync } from 'node:zlib';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import type { ArchiveSweepOutcome } from '../../libs/audit/archive-sweep.js';
import { archiveProjectYear, historiesArchivedAction, historySha256, sha256Hex, type ArchivedRunRef } from '../../libs/audit/history-archive.js';
import { AuditEventEntity } from '../../libs/db/entities/index.js';
import { approvalWorkflowId, launchRef } from '../../libs/domain/index.js';
import { closeApiStack, startApiStack } from '../support/api-stack.js';
import { draftBody, ok, openTaskOf, type ApiHarness, type ApiOrg, type PersonKey } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';
import { finishShortYear, launchShortYear, shortYearPolicy, waitForProjectStatus } from '../support/short-year.js';
import type { TestStack } from '../support/stack.js';
import { temporalAddress } from '../support/temporal.js';

type Body = Record<string, any>;
interface ExportedRunJson {
  runId: string;
  history: { events: unknown[] };
  fromArchive?: true;
}
interface ExportedJson {
  workflowId: string;
  workflowType: string;
  runs: ExportedRunJson[];
}

/**
 * The auditors' years: a shortened project year archives what has closed while it runs (the daily sweep), then the
 * rest as it closes; then Temporal drops every execution of it (DeleteWorkflowExecution, the deletion the namespace's
 * retention makes) and the export, the timeline, the dossier and a replay still work, read from the archive, with the
 * archive's hashes in the verified audit chain. A year that ended before the archive (rejected at launch here) is
 * archived by `npm run archive`.
 *
 * The runs are deleted through the API here because the dev server (CLI 1.5.1, server v1.29.1) refuses a retention
 * under one hour; `test/cluster/history-retention.cluster.spec.ts` shows the retention itself doing it on server
 * v1.31.2, with a namespace that keeps closed runs for seconds.
 */
describe('histories kept for the auditors\' years', () => {
  let stack: TestStack;
  let ds: DataSource;
  let api: ApiHarness;
  let org: ApiOrg;
  let adminToken: string;
  const year = 2026;
  let projectId: string;
  let liveExport: ExportedJson[];
  let liveTimeline: Body;

  beforeAll(async () => {
    ({ stack, api, adminToken, org } = await startApiStack());
    ({ ds } = stack);
    ok(await api.as(adminToken).put(`/policies/${year}`, shortYearPolicy(year, 'archive-e2e')));
  });

  afterAll(() => closeApiStack({ stack, api }, 'archive'));

  const as = (who: PersonKey) => api.as(org.people[who].token);
  const newProject = async (title: string) => ok(await as('chen').post('/projects', draftBody(org.units.branch, { title, year }))).id as string;
  const archivedEvents = async (id: string) =>
    (await ds.getRepository(AuditEventEntity).find({ where: { chainKey: id, action: historiesArchivedAction }, order: { seq: 'ASC' } })).map((e) => e.detail as { runs: ArchivedRunRef[]; stillOpen: string[] });
  /** One run of the 归档巡检 workflow, as its daily schedule starts it, on the test's worker. */
  const sweep = (): Promise<ArchiveSweepOutcome> =>
    stack.temporal.client.workflow.execute('archiveSweep', { workflowId: `archive-sweep-${randomUUID()}`, taskQueue: stack.temporal.taskQueue, args: [] });
  const historiesOf = async (id: string) => (ok(await as('audit').get(`/audit/projects/${id}/histories`)).workflows as ExportedJson[]);

  /** What retention does when it expires: the server deletes the execution (mutable state, history, visibility). */
  async function dropFromTemporal(workflows: { workflowId: string; runs: { runId: string }[] }[]): Promise<void> {
    const { client } = stack.temporal;
    for (const { workflowId, runs } of workflows) {
      for (const { runId } of runs) {
        await client.workflowService.deleteWorkflowExecution({ namespace: client.options.namespace, workflowExecution: { workflowId, runId } });
      }
    }
    // The deletion runs as a task on the server: wait until the server answers as it does after the retention.
    for (const { workflowId, runs } of workflows) {
      for (const { runId } of runs) {
        await pollUntil(
          () => client.workflow.getHandle(workflowId, runId).describe().then(() => 'held', (error: unknown) => (error instanceof WorkflowNotFoundError ? 'gone' : 'held')),
          (state) => state === 'gone',
          { timeoutMs: 60_000, what: `${workflowId} run ${runId} deleted` },
        );
      }
    }
  }

  it('archives what has closed while the year runs (the daily sweep), then the rest as the year closes', async () => {
    const actors = { api, org };
    projectId = await launchShortYear(actors, '安全生产党员先锋岗（归档）', year);
    const launchChain = approvalWorkflowId(launchRef(projectId, 1));
    // The launch chain closed as the year became active: the sweep archives it, long before the year's own pass.
    await pollUntil(() => stack.temporal.client.workflow.getHandle(launchChain).describe().then((d) => d.status.name), (s) => s !== 'RUNNING', { timeoutMs: 30_000, what: 'the launch chain closed' });
    const swept = await sweep();
    expect([swept.failed, swept.failures]).toEqual([0, []]);
    const [duringYear] = await archivedEvents(projectId);
    expect(duringYear.runs.map((r) => r.workflowId)).toContain(launchChain);
    expect(duringYear.stillOpen).toContain(`project-${projectId}`);
    // A second sweep records only what closed since (the year's own runs, as it continues as new): nothing twice.
    await sweep();
    const runKeys = (events: { runs: ArchivedRunRef[] }[]) => events.flatMap((e) => e.runs.map((r) => `${r.workflowId}/${r.runId}`));
    const afterTwo = runKeys(await archivedEvents(projectId));
    expect(afterTwo.length).toBe(new Set(afterTwo).size);

    await finishShortYear(actors, projectId);
    const events = await pollUntil(() => archivedEvents(projectId), (found) => found.at(-1)?.stillOpen.length === 0, { timeoutMs: 120_000, what: 'the year archived' });
    const archived = { runs: events.flatMap((e) => e.runs), stillOpen: events.at(-1)!.stillOpen };
    expect(runKeys(events).length).toBe(new Set(runKeys(events)).size);
    liveExport = await historiesOf(projectId);
    // Every run of the year and of all it started, nothing else, each with the hash of what is stored.
    const liveRuns = liveExport.flatMap((w) => w.runs.map((r) => `${w.workflowId}/${r.runId}`)).sort();
    expect(archived.runs.map((r) => `${r.workflowId}/${r.runId}`).sort()).toEqual(liveRuns);
    expect(archived.stillOpen).toEqual([]);
    expect(new Set(liveExport.map((w) => w.workflowType))).toEqual(new Set(['projectLifecycle', 'approvalChain', 'deadline', 'yearEndEvaluation']));
    const rows = (await ds.query(`SELECT sha256, history_gzip FROM history_archive WHERE project_id = $1`, [projectId])) as { sha256: string; history_gzip: Buffer }[];
    expect(rows).toHaveLength(liveRuns.length);
    for (const row of rows) expect(sha256Hex(gunzipSync(row.history_gzip))).toBe(row.sha256);
    for (const w of liveExport) {
      for (const run of w.runs) {
        const recorded = archived.runs.find((r) => r.workflowId === w.workflowId && r.runId === run.runId)!;
        // Recomputed from the export (any serialisation of the run) and from the stored bytes alike.
        expect([w.workflowId, recorded.sha256]).toEqual([w.workflowId, historySha256(run.history)]);
        expect(recorded.events).toBe(run.history.events.length);
      }
    }
    liveTimeline = ok(await as('audit').get(`/audit/projects/${projectId}/timeline`));
    expect(liveTimeline.consistent).toBe(true);
    expect((liveTimeline.entries as Body[]).some((e) => e.action === historiesArchivedAction)).toBe(true);

    // A second pass (the workflow's retry, an operator, the sweep) stores and records nothing more.
    const again = await archiveProjectYear(stack.temporal.client, ds, projectId, { closingWaitMs: 0 });
    expect([again.recorded, again.alreadyArchived]).toEqual([[], liveRuns.length]);
    expect((await sweep()).recorded).toBe(0);
    expect(await archivedEvents(projectId)).toHaveLength(events.length);
  });

  it('reads the export, timeline, dossier and replay from the archive once Temporal has dropped every run', async () => {
    const archiver = await stack.temporal.client.workflow.getHandle(`archive-${projectId}`).describe();
    await dropFromTemporal([...liveExport, { workflowId: archiver.workflowId, runs: [{ runId: archiver.runId }] }]);

    const fromArchive = await historiesOf(projectId);
    expect(fromArchive.every((w) => w.runs.every((r) => r.fromArchive === true))).toBe(true);
    const strip = (ws: ExportedJson[]) => ws.map((w) => ({ ...w, runs: w.runs.map(({ runId, history }) => ({ runId, history })) }));
    expect(strip(fromArchive)).toEqual(strip(liveExport));
    const one = ok(await as('audit').get(`/audit/workflows/project-${projectId}/history`));
    expect(one.runs.map((r: Body) => r.runId)).toEqual(liveExport[0].runs.map((r) => r.runId));

    const timeline = ok(await as('audit').get(`/audit/projects/${projectId}/timeline`));
    expect([timeline.consistent, timeline.mismatches]).toEqual([true, []]);
    expect(timeline.entries).toEqual(liveTimeline.entries);
    expect([timeline.workflows, timeline.runs]).toEqual([liveTimeline.workflows, liveTimeline.runs]);

    const dossier = await as('audit').get(`/audit/projects/${projectId}/dossier`);
    expect(dossier.status).toBe(200);
    expect(dossier.text).toContain('安全生产党员先锋岗（归档）');

    const verdicts = ok(await as('audit').post('/audit/replay', { workflowId: `project-${projectId}` })) as unknown as Body[];
    expect(verdicts.length).toBe(liveExport[0].runs.length);
    expect(verdicts.every((v) => v.deterministic === true)).toBe(true);
    const chain = liveExport.find((w) => w.workflowType === 'approvalChain')!;
    const chainVerdicts = ok(await as('audit').post('/audit/replay', { workflowId: chain.workflowId })) as unknown as Body[];
    expect(chainVerdicts.map((v) => v.deterministic)).toEqual([true]);

    // The chain holds the archive's hashes and verifies; the archive's bytes are what those hashes say.
    const verified = ok(await as('audit').get(`/audit/verify?projectId=${projectId}`));
    expect([verified.ok, verified.chains[0].chainKey]).toEqual([true, projectId]);
    const archivedRuns = (await archivedEvents(projectId)).flatMap((e) => e.runs);
    const stored = (await ds.query(`SELECT workflow_id AS "workflowId", run_id AS "runId", sha256 FROM history_archive WHERE project_id = $1`, [projectId])) as Body[];
    expect(stored.map((s) => `${s.workflowId}/${s.runId}/${s.sha256}`).sort()).toEqual(archivedRuns.map((r) => `${r.workflowId}/${r.runId}/${r.sha256}`).sort());
    // The app's own credentials add to the archive and read it, nothing more.
    await expect(ds.query(`UPDATE history_archive SET sha256 = sha256 WHERE project_id = $1`, [projectId])).rejects.toThrow('permission denied for table history_archive');
    await expect(ds.query(`DELETE FROM history_archive WHERE project_id = $1`, [projectId])).rejects.toThrow('permission denied for table history_archive');
  });

  it('archives a year that ended before the archive existed with `npm run archive -- --year N`, once', async () => {
    const rejected = await newProject('服务队（未立项）');
    ok(await as('chen').post(`/projects/${rejected}/submit`, {}));
    const task = await openTaskOf(api, org.people.zhang, (t) => t.projectId === rejected && t.purpose === 'launch', 'launch task for zhang');
    ok(await as('zhang').post(`/tasks/${task.id}/decision`, { decision: 'reject', comment: '目标不具体' }));
    await waitForProjectStatus({ api, org }, rejected, 'rejected');
    await pollUntil(() => stack.temporal.client.workflow.getHandle(`project-${rejected}`).describe().then((d) => d.status.name), (s) => s !== 'RUNNING', { timeoutMs: 30_000, what: 'the rejected year closed' });
    expect(await archivedEvents(rejected)).toEqual([]);

    const first = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/archive.ts', '--year', String(year)], {
      env: { ...process.env, DATABASE_URL: stack.databaseUrl, TEMPORAL_ADDRESS: temporalAddress(), TEMPORAL_NAMESPACE: stack.temporal.client.options.namespace },
      timeout: 90_000,
    });
    expect(first.stdout).toContain(`${rejected} 服务队（未立项）: 2 runs archived and recorded, 0 already archived`);
    // The closed year is read back from the archive alone: nothing of it is on the server any more.
    expect(first.stdout).toMatch(new RegExp(`${projectId} .*: 0 runs archived and recorded, \\d+ already archived`));
    const [recorded] = await archivedEvents(rejected);
    expect(recorded.runs.map((r) => r.workflowType).sort()).toEqual(['approvalChain', 'projectLifecycle']);

    // Run again (the command in-process, to spare the suite a second start of Node): nothing stored or recorded twice.
    const second = await archiveProjectYear(stack.temporal.client, ds, rejected, { closingWaitMs: 0 });
    expect([second.recorded, second.alreadyArchived]).toEqual([[], 2]);
    expect(await archivedEvents(rejected)).toHaveLength(1);
    const verified = ok(await as('audit').get(`/audit/verify?projectId=${rejected}`));
    expect(verified.ok).toBe(true);
  });
});
