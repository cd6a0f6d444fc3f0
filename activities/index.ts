import { createApprovalsActivities } from './approvals.activities.js';
import { createArchiveActivities } from './archive.activities.js';
import { createCalendarActivities } from './calendar.activities.js';
import { createCampaignsActivities } from './campaigns.activities.js';
import type { ActivityDeps } from './deps.js';
import { createDeadlinesActivities } from './deadlines.activities.js';
import { createDigestActivities } from './digest.activities.js';
import { createDirectoryActivities } from './directory.activities.js';
import { createEvaluationActivities } from './evaluation.activities.js';
import { createHandOverActivities } from './hand-over.activities.js';
import { withFinalFailures } from './failures.js';
import { withHeartbeats } from './liveness.js';
import { createNoticesActivities } from './notices.activities.js';
import { createProjectsActivities } from './projects.activities.js';
import { createQuarterlyActivities } from './quarterly.activities.js';
import { createRectificationActivities } from './rectification.activities.js';
import { createTasksActivities } from './tasks.activities.js';
import { createTermChangeActivities } from './term-changes.activities.js';

export type { ActivityDeps } from './deps.js';

/**
 * Every activity of the worker; errors a retry cannot mend (bad data, constraints, domain refusals) fail them for good,
 * and each heartbeats while it runs, so a killed worker's activities run again within seconds.
 */
export function createActivities(deps: ActivityDeps) {
  return withHeartbeats(withFinalFailures({
    ...createProjectsActivities(deps),
    ...createTasksActivities(deps),
    ...createApprovalsActivities(deps),
    ...createQuarterlyActivities(deps),
    ...createRectificationActivities(deps),
    ...createDeadlinesActivities(deps),
    ...createEvaluationActivities(deps),
    ...createNoticesActivities(deps),
    ...createDirectoryActivities(deps),
    ...createCalendarActivities(deps),
    ...createDigestActivities(deps),
    ...createCampaignsActivities(deps),
    ...createHandOverActivities(deps),
    ...createArchiveActivities(deps),
    ...createTermChangeActivities(deps),
  }));
}

export type Activities = ReturnType<typeof createActivities>;

/** One type per area: a workflow's proxy of one area cannot call another's activities. */
export type ProjectsActivities = ReturnType<typeof createProjectsActivities>;
export type TasksActivities = ReturnType<typeof createTasksActivities>;
export type ApprovalsActivities = ReturnType<typeof createApprovalsActivities>;
export type QuarterlyActivities = ReturnType<typeof createQuarterlyActivities>;
export type RectificationActivities = ReturnType<typeof createRectificationActivities>;
export type DeadlinesActivities = ReturnType<typeof createDeadlinesActivities>;
export type EvaluationActivities = ReturnType<typeof createEvaluationActivities>;
export type NoticesActivities = ReturnType<typeof createNoticesActivities>;
export type DirectoryActivities = ReturnType<typeof createDirectoryActivities>;
export type CalendarActivities = ReturnType<typeof createCalendarActivities>;
export type DigestActivities = ReturnType<typeof createDigestActivities>;
export type CampaignsActivities = ReturnType<typeof createCampaignsActivities>;
export type HandOverActivities = ReturnType<typeof createHandOverActivities>;
export type ArchiveActivities = ReturnType<typeof createArchiveActivities>;
export type TermChangeActivities = ReturnType<typeof createTermChangeActivities>;
