import { Context } from '@temporalio/activity';
import { archiveProjectYear } from '../libs/audit/history-archive.js';
import type { ActivityDeps } from './deps.js';

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
  };
}
