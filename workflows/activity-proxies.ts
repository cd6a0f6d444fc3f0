import { ApplicationFailure, log, proxyActivities, proxyLocalActivities, type ActivityOptions, type LocalActivityOptions } from '@temporalio/workflow';
import type {
  ApprovalsActivities,
  ArchiveActivities,
  CalendarActivities,
  CampaignsActivities,
  DeadlinesActivities,
  DigestActivities,
  DirectoryActivities,
  EvaluationActivities,
  HandOverActivities,
  NoticesActivities,
  ProjectsActivities,
  QuarterlyActivities,
  RectificationActivities,
  TasksActivities,
  TermChangeActivities,
} from '../activities/index.js';
import { DomainError, domainErrorCodes, type DomainErrorCode, type NoticeRequest } from '../libs/domain/index.js';

/**
 * Every activity heartbeats while it runs (activities/liveness.ts): one whose worker was killed is run again after
 * this, not after its start-to-close timeout, which must cover a slow database or mail server. A worker killed every
 * few seconds otherwise left each of its activities hanging for the whole timeout.
 */
const heartbeatTimeout = '5s';

/**
 * Database reads and writes: quick and idempotent, retried through an outage of up to an hour; then they fail, and
 * the workflow asks for attention instead of waiting for ever. Domain refusals and what a retry cannot mend (bad
 * data, constraints: activities/failures.ts) fail at once.
 */
const databaseOptions: ActivityOptions = {
  startToCloseTimeout: '30s',
  heartbeatTimeout,
  scheduleToCloseTimeout: '1h',
  retry: { initialInterval: '1s', maximumInterval: '30s', nonRetryableErrorTypes: [...domainErrorCodes] },
};
/** One proxy per area, each typed by its own factory: a workflow reaches an activity only through its area. */
export const projects = proxyActivities<ProjectsActivities>(databaseOptions);
export const tasks = proxyActivities<TasksActivities>(databaseOptions);
export const approvals = proxyActivities<ApprovalsActivities>(databaseOptions);
export const quarterly = proxyActivities<QuarterlyActivities>(databaseOptions);
export const rectifications = proxyActivities<RectificationActivities>(databaseOptions);
export const deadlines = proxyActivities<DeadlinesActivities>(databaseOptions);
export const evaluations = proxyActivities<EvaluationActivities>(databaseOptions);
export const campaigns = proxyActivities<CampaignsActivities>(databaseOptions);
export const directory = proxyActivities<DirectoryActivities>(databaseOptions);
export const calendar = proxyActivities<CalendarActivities>(databaseOptions);
export const digests = proxyActivities<DigestActivities>(databaseOptions);
export const handOvers = proxyActivities<HandOverActivities>(databaseOptions);

/**
 * The writes an action waits for, run as local activities: inside the workflow task that takes the action, so a
 * decision is answered after one workflow task instead of one per write plus a task queue round trip each (the
 * bench: `npm run bench`). Safe for quick idempotent writes keyed by their step only: a worker that dies mid-task
 * has the whole task, writes included, run again. Same limits as `databaseOptions`; no heartbeat, as the workflow
 * task's own timeout notices a dead worker.
 */
const localDatabaseOptions: LocalActivityOptions = {
  startToCloseTimeout: databaseOptions.startToCloseTimeout,
  scheduleToCloseTimeout: databaseOptions.scheduleToCloseTimeout,
  retry: databaseOptions.retry,
};
export const localTasks = proxyLocalActivities<TasksActivities>(localDatabaseOptions);
export const localApprovals = proxyLocalActivities<ApprovalsActivities>(localDatabaseOptions);
export const localProjects = proxyLocalActivities<ProjectsActivities>(localDatabaseOptions);
export const localCalendar = proxyLocalActivities<CalendarActivities>(localDatabaseOptions);

/**
 * The archive of a closed year: Temporal reads and Postgres writes, minutes for a long year on a busy server, retried
 * (each attempt resumes from what is stored) for a day; after that an operator runs `npm run archive`.
 */
export const archive = proxyActivities<ArchiveActivities>({
  startToCloseTimeout: '30m',
  heartbeatTimeout,
  scheduleToCloseTimeout: '1d',
  retry: { initialInterval: '10s', maximumInterval: '10m' },
});
/**
 * The daily sweep of every year not wholly archived: hours for tens of thousands of years, each attempt resuming after
 * the last project its heartbeat named; a sweep that still fails is taken up by the next day's.
 */
export const archiveSweeper = proxyActivities<Pick<ArchiveActivities, 'sweepArchives'>>({
  startToCloseTimeout: '6h',
  heartbeatTimeout: '1m',
  scheduleToCloseTimeout: '20h',
  retry: { initialInterval: '1m', maximumInterval: '30m' },
});
/** A 换届 hands each step on through its chain (Temporal calls as well as database work), so it gets a longer start-to-close. */
export const termChanges = proxyActivities<TermChangeActivities>({ ...databaseOptions, startToCloseTimeout: '2m' });

/**
 * Mail: the activity writes the outbox row and makes one quick attempt; it defers rather than fails on SMTP 4xx or a
 * slow server, and the sweeper owns every retry. What is retried here is only the database write of the row.
 */
const mail = proxyActivities<Pick<NoticesActivities, 'sendNotice'>>({
  startToCloseTimeout: '1m',
  heartbeatTimeout,
  scheduleToCloseTimeout: '10m',
  retry: { initialInterval: '1s', maximumInterval: '30s' },
});

/**
 * The sweeper's run heartbeats while it sends. A run whose worker died is tried again (its claims lapse, so nothing
 * is sent twice, and each attempt keeps what the one before it sent) until it gets through, for half an hour at
 * most: workers killed three times in a row (the chaos run does so every 5–15 s) no longer leave a failed sweep.
 */
export const mailSweeper = proxyActivities<Pick<NoticesActivities, 'retryDueNotices'>>({
  startToCloseTimeout: '10m',
  heartbeatTimeout,
  scheduleToCloseTimeout: '30m',
  retry: { initialInterval: '5s', maximumInterval: '30s' },
});

/**
 * A notice that cannot be mailed must not stop the process it reports on: the in-app notice stands,
 * the outbox row says why the mail failed, and the ladder goes on.
 */
export async function notify(request: NoticeRequest): Promise<void> {
  try {
    await mail.sendNotice(request);
  } catch (error) {
    log.warn('notice not written', { key: request.key, error: (error as Error).message });
  }
}

export function refusal(code: DomainErrorCode, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message, nonRetryable: true });
}

/** Runs a pure domain check inside an update validator; its DomainError becomes a refusal the API can map. */
export function guard(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof DomainError) throw refusal(error.code, error.message);
    throw error;
  }
}

export const nowIso = (): string => new Date().toISOString();
