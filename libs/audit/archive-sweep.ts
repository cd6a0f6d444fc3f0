import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { archiveProjectYear, historiesArchivedAction } from './history-archive.js';

/** Projects read per query: a sweep of 20,000 years holds one page of ids at a time. */
const pageSize = 200;
/** Failures named in the outcome; the count covers the rest. */
const failuresNamed = 20;

export interface ArchiveSweepOptions {
  /** The last project a previous attempt finished: a retried sweep resumes after it (ids ascend). */
  resumeAfter?: string | null;
  /** Told the last project finished, and what is being done now, so an activity heartbeats with a resumable cursor. */
  progress?: (resumeAfter: string | null, what: string) => void;
}

export interface ArchiveSweepOutcome {
  projects: number;
  recorded: number;
  failed: number;
  failures: { projectId: string; reason: string }[];
}

/**
 * The projects whose histories are not all archived: a year that has started (so has executions on the server) and
 * whose latest `histories_archived` event is missing or still names executions open at the time.
 */
async function projectsToSweep(ds: DataSource, after: string | null): Promise<string[]> {
  const rows = (await ds.query(
    `SELECT p.id FROM project p
      WHERE p.status <> 'draft' AND ($1::uuid IS NULL OR p.id > $1::uuid)
        AND COALESCE((SELECT jsonb_array_length(a.detail->'stillOpen') FROM audit_event a
                       WHERE a.chain_key = p.id::text AND a.action = $2 ORDER BY a.seq DESC LIMIT 1), 1) > 0
      ORDER BY p.id LIMIT $3`,
    [after, historiesArchivedAction, pageSize],
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

/**
 * 归档巡检: archives every run that has closed in a year not yet wholly archived, while the year itself may still run.
 * The year archives itself when it closes, but by then the namespace's retention (90 days in production) has dropped
 * what closed early in the year: its launch chain, the first quarters' deadlines and reviews. A daily pass keeps
 * every closed run in the archive well within the retention. Idempotent (runs already stored are not fetched again,
 * and a pass that adds nothing records nothing); a project that fails is reported and taken up by the next pass.
 */
export async function sweepArchives(client: Client, ds: DataSource, options: ArchiveSweepOptions = {}): Promise<ArchiveSweepOutcome> {
  const progress = options.progress ?? (() => undefined);
  const outcome: ArchiveSweepOutcome = { projects: 0, recorded: 0, failed: 0, failures: [] };
  let after = options.resumeAfter ?? null;
  for (let page = await projectsToSweep(ds, after); page.length > 0; page = await projectsToSweep(ds, after)) {
    for (const projectId of page) {
      try {
        const done = await archiveProjectYear(client, ds, projectId, { whileRunning: true, closingWaitMs: 0, progress: (what) => progress(after, what) });
        outcome.recorded += done.recorded.length;
      } catch (error) {
        outcome.failed++;
        if (outcome.failures.length < failuresNamed) outcome.failures.push({ projectId, reason: error instanceof Error ? error.message.split('\n')[0] : String(error) });
      }
      outcome.projects++;
      after = projectId;
      progress(after, `swept ${projectId}`);
    }
  }
  return outcome;
}
