import { Context } from '@temporalio/activity';
import { sweepArchives, type ArchiveSweepOutcome } from '../libs/audit/archive-sweep.js';
import { archiveProjectYear } from '../libs/audit/history-archive.js';
import type { ActivityDeps } from './deps.js';

export type { ArchiveSweepOutcome };

/** What the year's archiver reports back into its history: counts and ids, never the histories themselves. */
export interface ArchiveYearSummary {
  recorded: number;
  alreadyArchived: number;
  stillOpen: string[];
}

export function createArchiveActivities({ ds }: ActivityDeps) {
  return {
    /**
     * Archives a closed project year's histories through the worker's own Temporal client; each page read and each
     * execution reached is a heartbeat, so a big history never looks like a dead worker, and a retry resumes where
     * the archive stands (runs already stored are not fetched again).
     */
    async archiveProjectYear({ projectId }: { projectId: string }): Promise<ArchiveYearSummary> {
      const context = Context.current();
      const outcome = await archiveProjectYear(context.client, ds, projectId, { progress: (what) => context.heartbeat(what) });
      return { recorded: outcome.recorded.length, alreadyArchived: outcome.alreadyArchived, stillOpen: outcome.stillOpen };
    },

    /**
     * The daily 归档巡检 over every year not yet wholly archived. Its heartbeat carries the last project finished, so
     * an attempt after a worker's death resumes there instead of walking every year again.
     */
    async sweepArchives(): Promise<ArchiveSweepOutcome> {
      const context = Context.current();
      const resumeAfter = (context.info.heartbeatDetails as string | null | undefined) ?? null;
      return sweepArchives(context.client, ds, { resumeAfter, progress: (after) => context.heartbeat(after) });
    },
  };
}
