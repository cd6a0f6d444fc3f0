import type { ArchiveSweepOutcome } from '../activities/archive.activities.js';
import { archiveSweeper } from './activity-proxies.js';

/**
 * 归档巡检: started daily by its schedule; archives every run that has closed in a year not yet wholly archived, so
 * that nothing passes the namespace's retention before the year's own archive at its close.
 */
export async function archiveSweep(): Promise<ArchiveSweepOutcome> {
  return archiveSweeper.sweepArchives();
}
