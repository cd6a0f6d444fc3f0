import type { ArchiveYearSummary } from '../activities/archive.activities.js';
import { archive } from './activity-proxies.js';

/**
 * Archives a closed project year's histories into Postgres (libs/audit/history-archive.ts). The year starts it as it
 * closes and does not wait for it: a workflow's own history is complete only once it has returned, so the activity
 * waits for the year (and any chain closed a moment before) to close, then archives every run.
 */
export async function archiveYear({ projectId }: { projectId: string }): Promise<ArchiveYearSummary> {
  return archive.archiveProjectYear({ projectId });
}
