import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import proto, { type temporal } from '@temporalio/proto';
import type { DataSource, EntityManager } from 'typeorm';
import { appendAudit, auditedTransaction } from '../db/repositories/audit.repository.js';
import { canonicalJson, projectWorkflowId } from '../domain/index.js';
import { eventMs } from './history-steps.js';

type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Events per page read from Temporal: a run of 50 000 events (the server's hard limit) is read in 50 calls. */
const pageSize = 1_000;
/** The archiver's own workflow type: it runs while it archives, so it is never part of what it archives. */
export const archiveWorkflowType = 'archiveYear';
export const historiesArchivedAction = 'histories_archived';

/** One run as the archive holds it, and as the project's audit chain names it. */
export interface ArchivedRunRef {
  workflowId: string;
  runId: string;
  workflowType: string;
  events: number;
  sha256: string;
}

export interface ArchiveOutcome {
  projectId: string;
  /** Runs this pass stored and recorded in the audit chain (none when everything was already archived). */
  recorded: ArchivedRunRef[];
  /** Runs found already archived by an earlier pass. */
  alreadyArchived: number;
  /** Executions still running after the wait (a rectification item outlives its year): archived by a later pass. */
  stillOpen: string[];
}

export interface ArchiveOptions {
  /** Told what the archiver is doing between pages and executions, so an activity can heartbeat with it. */
  progress?: (what: string) => void;
  /** How long executions that are still closing (the year itself, a chain closed just before) are waited for. */
  closingWaitMs?: number;
  /**
   * Archive what has closed while the year itself still runs (the sweep's pass): the year is then reported still open
   * like any other execution. Without it, a year still running is refused with YearStillRunningError.
   */
  whileRunning?: boolean;
}

/** The year's own execution has not closed: nothing of it is archived yet (the workflow's archiver retries). */
export class YearStillRunningError extends Error {}

export const sha256Hex = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/**
 * The SHA-256 of a history as Temporal's JSON, keys sorted (canonicalJson, as the audit chain hashes its rows): the
 * server and the SDK list a map's entries (search attributes, memo) in no fixed order, so only the canonical form
 * gives the same hash for the same history, whoever fetched and serialised it. Any export of a run recomputes it.
 */
export const historySha256 = (historyJson: unknown): string => sha256Hex(canonicalJson(historyJson));

/**
 * The server no longer holds the execution or run. fetchHistory answers a gone run with the bare gRPC NOT_FOUND
 * rather than WorkflowNotFoundError, and the worker's client (over its NativeConnection) may do so anywhere.
 */
export const isNotOnServer = (error: unknown): boolean => error instanceof WorkflowNotFoundError || (error as { code?: unknown } | null)?.code === 5;

const startedOf = (history: History) => history.events?.[0]?.workflowExecutionStartedEventAttributes;
/** The children a run started, in order: the tree below a project's year is read from the histories themselves. */
export const childrenOf = (history: History): { workflowId: string; workflowType: string }[] =>
  (history.events ?? []).flatMap((e) => {
    const started = e.startChildWorkflowExecutionInitiatedEventAttributes;
    return started?.workflowId ? [{ workflowId: started.workflowId, workflowType: started.workflowType?.name ?? '' }] : [];
  });

/** A run's whole history, a page at a time: a long-lived item's run may hold thousands of events. */
async function fetchRun(client: Client, workflowId: string, runId: string, progress: (what: string) => void): Promise<History> {
  const events: HistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId, runId },
      maximumPageSize: pageSize,
      nextPageToken,
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    progress(`${workflowId} run ${runId}: ${events.length} events read`);
  } while (nextPageToken);
  return proto.temporal.api.history.v1.History.create({ events });
}

interface StoredRun {
  runId: string;
  workflowType: string;
  continuedFrom: string | null;
  children: { workflowId: string; workflowType: string }[];
}

/**
 * Stores one closed run (idempotent: the key is the workflow and run id) and answers what the walk needs of it.
 * What is stored is the canonical JSON whose SHA-256 historySha256 computes, so the bytes hash to the recorded hash.
 */
async function archiveRun(client: Client, ds: DataSource, projectId: string, workflowId: string, runId: string, progress: (what: string) => void): Promise<StoredRun & { stored: boolean }> {
  const [known] = (await ds.query(`SELECT run_id, workflow_type FROM history_archive WHERE workflow_id = $1 AND run_id = $2`, [workflowId, runId])) as { workflow_type: string }[];
  if (known) {
    const archived = await readArchivedRun(ds.manager, workflowId, runId);
    return { ...storedRunOf(runId, archived.history), workflowType: known.workflow_type, stored: false };
  }
  const history = await fetchRun(client, workflowId, runId, progress);
  const json = canonicalJson(JSON.parse(historyToJSON(history)));
  const events = history.events ?? [];
  const workflowType = startedOf(history)?.workflowType?.name ?? '';
  const inserted = (await ds.query(
    `INSERT INTO history_archive (workflow_id, run_id, project_id, workflow_type, started_at, closed_at, event_count, sha256, history_gzip)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (workflow_id, run_id) DO NOTHING RETURNING run_id`,
    [workflowId, runId, projectId, workflowType, new Date(eventMs(events[0])), new Date(eventMs(events[events.length - 1])), events.length, sha256Hex(json), await gzipAsync(json)],
  )) as unknown[];
  return { ...storedRunOf(runId, history), workflowType, stored: inserted.length > 0 };
}

/** The executions a run started that belong to the year's tree: the archiver itself never does. */
const walkedChildren = (run: StoredRun): string[] => run.children.filter((c) => c.workflowType !== archiveWorkflowType).map((c) => c.workflowId);

const storedRunOf = (runId: string, history: History): StoredRun => ({
  runId,
  workflowType: startedOf(history)?.workflowType?.name ?? '',
  continuedFrom: startedOf(history)?.continuedExecutionRunId || null,
  children: childrenOf(history),
});

/**
 * Archives every closed run of a project's year and of everything it started (launch and review chains, deadlines,
 * rectification items, the evaluation, their children) into Postgres, gzipped, and records the runs not yet recorded
 * (id, run, SHA-256) as one `histories_archived` event in the project's audit chain. Idempotent: a run already
 * archived is read back, not fetched again, and a pass that adds nothing writes nothing. Bounded: one run in memory
 * at a time, read a page at a time. Executions still running are waited for up to `closingWaitMs` (the year and the
 * chains it closed a moment ago); the year itself must have closed, anything else still open (an item that outlives
 * its year) is reported and left for a later pass.
 */
export async function archiveProjectYear(client: Client, ds: DataSource, projectId: string, options: ArchiveOptions = {}): Promise<ArchiveOutcome> {
  const progress = options.progress ?? (() => undefined);
  const waitUntil = Date.now() + (options.closingWaitMs ?? 60_000);
  const rootId = projectWorkflowId(projectId);
  const stillOpen: string[] = [];
  let alreadyArchived = 0;
  const seen = new Set<string>();

  const visit = async (workflowId: string): Promise<void> => {
    if (seen.has(workflowId)) return;
    seen.add(workflowId);
    progress(`archiving ${workflowId}`);
    const latest = await latestRunOf(client, ds, workflowId, waitUntil, progress);
    if (!latest) return;
    const children: string[] = [];
    const earlierRun = async (run: StoredRun) => (run.continuedFrom && (await archivedOrHeld(client, ds, workflowId, run.continuedFrom)) ? run.continuedFrom : null);
    let runId: string | null = latest.runId;
    if (latest.open) {
      if (workflowId === rootId && !options.whileRunning) throw new YearStillRunningError(`${rootId} is still running: its year has not closed`);
      stillOpen.push(workflowId);
      // Its children that closed (an item's first round's deadline) and its runs before a continue-as-new are archived
      // all the same: by the year's end, the namespace's retention may have dropped them.
      const open = storedRunOf(latest.runId, await fetchRun(client, workflowId, latest.runId, progress));
      children.push(...walkedChildren(open));
      runId = await earlierRun(open);
    }
    while (runId) {
      const run = await archiveRun(client, ds, projectId, workflowId, runId, progress);
      if (!run.stored) alreadyArchived++;
      children.unshift(...walkedChildren(run));
      runId = await earlierRun(run);
    }
    for (const child of children) await visit(child);
  };
  await visit(rootId);
  const recorded = await recordArchivedRuns(ds, projectId, stillOpen);
  return { projectId, recorded, alreadyArchived, stillOpen };
}

/** An earlier run is archived already or still on the server; one that is neither passed the retention before any pass. */
async function archivedOrHeld(client: Client, ds: DataSource, workflowId: string, runId: string): Promise<boolean> {
  const rows = (await ds.query(`SELECT 1 FROM history_archive WHERE workflow_id = $1 AND run_id = $2`, [workflowId, runId])) as unknown[];
  if (rows.length > 0) return true;
  try {
    await client.workflow.getHandle(workflowId, runId).describe();
    return true;
  } catch (error) {
    if (isNotOnServer(error)) return false;
    throw error;
  }
}

/**
 * The latest run of an execution, waited for while it is still closing. One the server no longer holds is taken from
 * the archive (a pass after the retention still walks below it); one known to neither is skipped.
 */
async function latestRunOf(
  client: Client,
  ds: DataSource,
  workflowId: string,
  waitUntil: number,
  progress: (what: string) => void,
): Promise<{ runId: string; open: boolean } | null> {
  for (;;) {
    let description;
    try {
      description = await client.workflow.getHandle(workflowId).describe();
    } catch (error) {
      if (!isNotOnServer(error)) throw error;
      const [archived] = (await ds.query(`SELECT run_id FROM history_archive WHERE workflow_id = $1 ORDER BY started_at DESC LIMIT 1`, [workflowId])) as { run_id: string }[];
      return archived ? { runId: archived.run_id, open: false } : null;
    }
    if (description.status.name !== 'RUNNING') return { runId: description.runId, open: false };
    if (Date.now() >= waitUntil) return { runId: description.runId, open: true };
    progress(`waiting for ${workflowId} to close`);
    await sleep(500);
  }
}

/**
 * One audit event naming every archived run of the project that no earlier event named, under the chain's lock, so
 * two passes at once (the year's own and an operator's) never record a run twice.
 */
async function recordArchivedRuns(ds: DataSource, projectId: string, stillOpen: string[]): Promise<ArchivedRunRef[]> {
  return auditedTransaction(ds, async (m) => {
    await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [projectId]);
    const runs = (await m.query(
      `SELECT h.workflow_id AS "workflowId", h.run_id AS "runId", h.workflow_type AS "workflowType", h.event_count AS events, h.sha256
         FROM history_archive h
        WHERE h.project_id = $1
          AND NOT EXISTS (
            SELECT 1 FROM audit_event a, jsonb_array_elements(a.detail->'runs') r
             WHERE a.chain_key = $3 AND a.action = $2 AND r->>'workflowId' = h.workflow_id AND r->>'runId' = h.run_id)
        ORDER BY h.started_at, h.workflow_id, h.run_id`,
      [projectId, historiesArchivedAction, projectId],
    )) as ArchivedRunRef[];
    if (runs.length === 0) return [];
    await appendAudit(m, {
      projectId,
      actorId: null,
      action: historiesArchivedAction,
      entity: 'project',
      entityId: projectId,
      detail: { runs, stillOpen },
    });
    return runs;
  });
}

export interface ArchivedRun {
  runId: string;
  workflowType: string;
  history: History;
}

/** One archived run, its SHA-256 checked against the one stored with it; a row whose bytes changed is refused. */
export async function readArchivedRun(m: EntityManager, workflowId: string, runId: string): Promise<ArchivedRun> {
  const [row] = (await m.query(`SELECT workflow_type, sha256, history_gzip FROM history_archive WHERE workflow_id = $1 AND run_id = $2`, [workflowId, runId])) as {
    workflow_type: string;
    sha256: string;
    history_gzip: Buffer;
  }[];
  if (!row) throw new WorkflowNotFoundError(`${workflowId} run ${runId} is neither on the server nor in the archive`, workflowId, runId);
  const json = JSON.parse((await gunzipAsync(row.history_gzip)).toString('utf8')) as unknown;
  if (historySha256(json) !== row.sha256) throw new Error(`the archived history of ${workflowId} run ${runId} does not match its SHA-256`);
  return { runId, workflowType: row.workflow_type, history: historyFromJSON(json) };
}

/** Every archived run of a workflow id, oldest first; empty when the archive holds none. */
export async function readArchivedWorkflow(m: EntityManager, workflowId: string): Promise<ArchivedRun[]> {
  const rows = (await m.query(`SELECT run_id FROM history_archive WHERE workflow_id = $1 ORDER BY started_at, closed_at`, [workflowId])) as { run_id: string }[];
  const runs: ArchivedRun[] = [];
  for (const { run_id } of rows) runs.push(await readArchivedRun(m, workflowId, run_id));
  return runs;
}
