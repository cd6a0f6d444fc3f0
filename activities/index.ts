import { createCalendarActivities } from './calendar.activities.js';
import { createCampaignsActivities } from './campaigns.activities.js';
import type { ActivityDeps } from './deps.js';
import { createDeadlinesActivities } from './deadlines.activities.js';
import { createDigestActivities } from './digest.activities.js';
import { createDirectoryActivities } from './directory.activities.js';
import { createEvaluationActivities } from './evaluation.activities.js';
import { withFinalFailures } from './failures.js';
import { withHeartbeats } from './liveness.js';
import { createNoticesActivities } from './notices.activities.js';
import { createRecordsActivities } from './records.activities.js';

export type { ActivityDeps } from './deps.js';

/**
 * Every activity of the worker; errors a retry cannot mend (bad data, constraints, domain refusals) fail them for good,
 * and each heartbeats while it runs, so a killed worker's activities run again within seconds.
 */
export function createActivities(deps: ActivityDeps) {
  return withHeartbeats(withFinalFailures({
    ...createRecordsActivities(deps),
    ...createDeadlinesActivities(deps),
    ...createEvaluationActivities(deps),
    ...createNoticesActivities(deps),
    ...createDirectoryActivities(deps),
    ...createCalendarActivities(deps),
    ...createDigestActivities(deps),
    ...createCampaignsActivities(deps),
  }));
}

export type Activities = ReturnType<typeof createActivities>;
