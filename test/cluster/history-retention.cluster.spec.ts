import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import pg from 'pg';
import { archiveSweepScheduleId } from '../../apps/api/temporal/archive-sweep-schedule.js';
import { historiesArchivedAction, type ArchivedRunRef } from '../../libs/audit/history-archive.js';
import { approvalWorkflowId, launchRef } from '../../libs/domain/index.js';
import { ok, type ApiOrg } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';
import { finishShortYear, launchShortYear, shortYearPolicy } from '../support/short-year.js';
import { startClusterFixture, type ClusterFixture } from './cluster-fixture.js';
import type { RemoteApi } from './remote-api.js';

type Body = Record<string, any>;
interface ArchivedEvent {
  runs: ArchivedRunRef[];
  stillOpen: string[];
}

/** Production keeps closed runs 90 days and sweeps daily; here both are scaled down alike, to 30 s and 5 s. */
const retentionMs = 30_000;
const sweepEvery = '5s';

/**
 * The auditors' years against the retention itself: a namespace that keeps closed runs for 30 seconds (server v1.31.2
 * takes a retention below its one-day floor once `system.namespaceMinRetentionLocal` allows it). The launch chain,
 * which closes as the year starts, is dropped by Temporal long before the year ends, yet is in the archive because the
 * archive sweep took it while the year ran; once Temporal has dropped every run of the year, the export, timeline,
 * dossier and replay read them all from the archive.
 */
describe('a project year kept in the archive past the namespace retention', () => {
  let fixture: ClusterFixture;
  let api: RemoteApi;
  let org: ApiOrg;
  let temporal: Client;
  let db: pg.Client;
  const year = 2026;

  beforeAll(async () => {
    fixture = await startClusterFixture({ retentionMs });
    ({ api, org } = fixture);
    temporal = new Client({ connection: await Connection.connect({ address: fixture.cluster.temporal.address }), namespace: fixture.cluster.temporal.namespace });
    db = new pg.Client({ connectionString: fixture.cluster.databaseUrl });
    await db.connect();
    ok(await api.as(fixture.adminToken).put(`/policies/${year}`, shortYearPolicy(year, 'retention-cluster')));
    // The API made the daily sweep's schedule at start; it runs here as often as the shortened retention needs.
    const schedule = temporal.schedule.getHandle(archiveSweepScheduleId);
    await pollUntil(() => schedule.describe().then(() => true, () => false), (made) => made, { timeoutMs: 60_000, what: 'the archive sweep schedule' });
    await schedule.update((previous) => ({ ...previous, spec: { intervals: [{ every: sweepEvery }] } }));
  }, 300_000);

  afterAll(async () => {
    await db?.end();
    await temporal?.connection.close();
    await fixture?.close();
  }, 120_000);

  const archivedEvents = async (projectId: string) =>
    (await db.query<{ detail: ArchivedEvent }>('SELECT detail FROM audit_event WHERE chain_key = $1 AND action = $2 ORDER BY seq', [projectId, historiesArchivedAction])).rows.map((r) => r.detail);
  const archivedRuns = async (projectId: string) => (await archivedEvents(projectId)).flatMap((e) => e.runs);
  const onServer = (workflowId: string) =>
    temporal.workflow
      .getHandle(workflowId)
      .describe()
      .then(
        () => true,
        (error: unknown) => {
          if (error instanceof WorkflowNotFoundError) return false;
          throw error;
        },
      );

  it('reads a closed year from the archive after the retention dropped every run, the launch chain long before the year closed', async () => {
    const actors = { api, org };
    const projectId = await launchShortYear(actors, '安全生产党员先锋岗（留存）', year);
    const launchChain = approvalWorkflowId(launchRef(projectId, 1));
    await pollUntil(async () => (await archivedRuns(projectId)).some((r) => r.workflowId === launchChain), Boolean, { timeoutMs: 60_000, what: 'the launch chain archived by the sweep' });
    await pollUntil(() => onServer(launchChain), (held) => !held, { timeoutMs: retentionMs + 60_000, what: 'the launch chain dropped by the retention' });

    await finishShortYear(actors, projectId);
    const events = await pollUntil(() => archivedEvents(projectId), (found) => found.at(-1)?.stillOpen.length === 0, { timeoutMs: 120_000, what: 'the year archived whole' });
    const runs = events.flatMap((e) => e.runs);
    const workflowIds = [...new Set(runs.map((r) => r.workflowId))];
    expect(workflowIds).toEqual(expect.arrayContaining([`project-${projectId}`, launchChain, `evaluation-${projectId}`]));
    expect(runs.length).toBe(new Set(runs.map((r) => `${r.workflowId}/${r.runId}`)).size);
    for (const workflowId of workflowIds) {
      await pollUntil(() => onServer(workflowId), (held) => !held, { timeoutMs: retentionMs + 60_000, what: `${workflowId} dropped by the retention` });
    }

    const exported = ok(await api.as(org.people.audit.token).get(`/audit/projects/${projectId}/histories`)).workflows as Body[];
    const exportedRuns = exported.flatMap((w) => (w.runs as Body[]).map((r) => ({ key: `${w.workflowId}/${r.runId}`, fromArchive: r.fromArchive })));
    expect(exportedRuns.map((r) => r.key).sort()).toEqual(runs.map((r) => `${r.workflowId}/${r.runId}`).sort());
    expect(exportedRuns.every((r) => r.fromArchive === true)).toBe(true);

    const timeline = ok(await api.as(org.people.audit.token).get(`/audit/projects/${projectId}/timeline`));
    expect([timeline.consistent, timeline.mismatches]).toEqual([true, []]);
    // The launch's decisions are read from the launch chain's archived history, not from the audit log alone.
    expect((timeline.entries as Body[]).filter((e) => e.workflowId === launchChain && e.action === 'decision_approve').map((e) => e.source)).toEqual(['history', 'history']);
    const dossier = await api.as(org.people.audit.token).get(`/audit/projects/${projectId}/dossier`);
    expect([dossier.status, dossier.text.includes('安全生产党员先锋岗（留存）')]).toEqual([200, true]);
    for (const workflowId of [`project-${projectId}`, launchChain]) {
      const verdicts = ok(await api.as(org.people.audit.token).post('/audit/replay', { workflowId })) as unknown as Body[];
      expect([verdicts.length > 0, verdicts.every((v) => v.deterministic === true)]).toEqual([true, true]);
    }
    expect(ok(await api.as(org.people.audit.token).get(`/audit/verify?projectId=${projectId}`)).ok).toBe(true);
  }, 600_000);
});
