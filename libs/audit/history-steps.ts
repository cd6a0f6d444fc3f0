import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { ExportedWorkflow } from './history-export.js';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payloads = temporal.api.common.v1.IPayloads | null | undefined;

/**
 * One activity a workflow ran, as its history tells it: what it was asked to do (the decoded input), when it was
 * scheduled and when it ended. Records and notices are written by activities, so these are the steps an auditor
 * checks against the database.
 */
export interface HistoryStep {
  workflowId: string;
  workflowType: string;
  runId: string;
  /** The ActivityTaskScheduled event, or the MarkerRecorded event of a local activity. */
  eventId: number;
  activityType: string;
  input: Record<string, unknown>;
  scheduledAt: number;
  /** When the activity completed or failed for good; null while it is still running or retrying. */
  closedAt: number | null;
  outcome: 'completed' | 'failed' | 'running';
}

const firstArgument = (payloads: Payloads): Record<string, unknown> => {
  const payload = payloads?.payloads?.[0];
  return payload ? (defaultPayloadConverter.fromPayload<Record<string, unknown>>(payload) ?? {}) : {};
};

const eventIdOf = (event: HistoryEvent): number => Number(event.eventId);

/**
 * An event's time in ms. A fetched history holds Long seconds, one read from JSON plain numbers or strings; the SDK's
 * tsToMs takes only the first.
 */
export function eventMs(event: HistoryEvent): number {
  const seconds = event.eventTime?.seconds ?? 0;
  const whole = typeof seconds === 'object' ? seconds.toNumber() : Number(seconds);
  return whole * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6);
}

/** The event that ended an activity, keyed by the id of the event that scheduled it. */
function closingEvents(events: HistoryEvent[]): Map<number, { at: number; outcome: HistoryStep['outcome'] }> {
  const closed = new Map<number, { at: number; outcome: HistoryStep['outcome'] }>();
  for (const event of events) {
    const at = eventMs(event);
    const completed = event.activityTaskCompletedEventAttributes?.scheduledEventId;
    const failed =
      event.activityTaskFailedEventAttributes?.scheduledEventId ??
      event.activityTaskTimedOutEventAttributes?.scheduledEventId ??
      event.activityTaskCanceledEventAttributes?.scheduledEventId;
    if (completed) closed.set(Number(completed), { at, outcome: 'completed' });
    else if (failed) closed.set(Number(failed), { at, outcome: 'failed' });
  }
  return closed;
}

/** The marker the SDK records for each local activity (its result, never its input). */
const localActivityMarker = 'core_local_activity';

/**
 * A local activity, as its marker tells it. Writes run locally answer their own input (activities/steps.ts,
 * `recorded`), so the marker says what was recorded as an ActivityTaskScheduled event would.
 */
function localStep(event: HistoryEvent): Omit<HistoryStep, 'workflowId' | 'workflowType' | 'runId'> | null {
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== localActivityMarker) return null;
  const data = firstArgument(marker.details?.data) as { activity_type?: string; activityType?: string };
  const at = eventMs(event);
  return {
    eventId: eventIdOf(event),
    activityType: data.activity_type ?? data.activityType ?? '',
    input: firstArgument(marker.details?.result),
    scheduledAt: at,
    closedAt: at,
    outcome: marker.failure ? 'failed' : 'completed',
  };
}

/** Every activity (local ones included) of every run of the exported workflows, in the order each history recorded them. */
export function historySteps(workflows: ExportedWorkflow[]): HistoryStep[] {
  return workflows.flatMap(({ workflowId, workflowType, runs }) =>
    runs.flatMap(({ runId, history }) => {
      const events = history.events ?? [];
      const closed = closingEvents(events);
      return events.flatMap((event): HistoryStep[] => {
        const local = localStep(event);
        if (local) return [{ workflowId, workflowType, runId, ...local }];
        const scheduled = event.activityTaskScheduledEventAttributes;
        if (!scheduled) return [];
        const end = closed.get(eventIdOf(event));
        return [
          {
            workflowId,
            workflowType,
            runId,
            eventId: eventIdOf(event),
            activityType: scheduled.activityType?.name ?? '',
            input: firstArgument(scheduled.input),
            scheduledAt: eventMs(event),
            closedAt: end?.at ?? null,
            outcome: end?.outcome ?? 'running',
          },
        ];
      });
    }),
  );
}

/** What a run was started with: the first argument in its first event. */
export const startInputOf = (first: HistoryEvent | null | undefined): Record<string, unknown> =>
  firstArgument(first?.workflowExecutionStartedEventAttributes?.input);

/** The policy a project's year runs under, as its first run was started with. */
export function policyVersionOf(workflows: ExportedWorkflow[], projectWorkflowId: string): string | null {
  const input = startInputOf(workflows.find((w) => w.workflowId === projectWorkflowId)?.runs[0]?.history.events?.[0]);
  const policy = input.policy as { version?: string } | undefined;
  return policy?.version ?? null;
}
