/**
 * Reading a failed replay: where the history and today's workflow code part ways, in words an operator can act on.
 * Pure functions over Temporal's history JSON (the form `historyToJSON` writes) and the error text the Temporal core
 * gives, so messages recorded from real replays test them without replaying anything.
 */

/**
 * One event of Temporal's history JSON: ids are decimal strings, types `EVENT_TYPE_…`, one `…EventAttributes` field.
 * Protobuf's JSON leaves out default values, so an unspecified type has no field.
 */
export interface HistoryEventJson {
  eventId: string;
  eventType?: string;
  [field: string]: unknown;
}

export interface Divergence {
  /** The event of the history at which replay failed; null when the input was not a history with events to point at. */
  eventId: number | null;
  eventType: string | null;
  /** What the history has there, e.g. `ActivityTaskScheduled recordReport`. */
  expected: string;
  /** What today's code did instead, e.g. `ScheduleActivityTask recordReportV2`, `StartTimer` or `no command`. */
  found: string;
  /** The error as Temporal gave it (or what makes the input no history), for anything the two lines above leave out. */
  message: string;
}

/** What the core's nondeterminism error says the code did, and the event it names when it names one. */
export interface CoreReading {
  eventId: number | null;
  found: string;
}

/** `EVENT_TYPE_ACTIVITY_TASK_SCHEDULED` → `ActivityTaskScheduled`, the name Temporal's UI and CLI show. */
export function eventTypeName(event: HistoryEventJson): string {
  return (event.eventType ?? 'EVENT_TYPE_UNSPECIFIED')
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(?:^|_)([a-z])/g, (_, c: string) => c.toUpperCase());
}

type Attributes = Record<string, any>;

/** The detail that tells one command event from another of its type; events without one are named by type alone. */
const detailOf: Record<string, (a: Attributes) => string | undefined> = {
  workflowExecutionStartedEventAttributes: (a) => a.workflowType?.name,
  activityTaskScheduledEventAttributes: (a) => a.activityType?.name,
  timerStartedEventAttributes: (a) => a.startToFireTimeout,
  startChildWorkflowExecutionInitiatedEventAttributes: (a) => `${a.workflowType?.name} ${a.workflowId}`,
  signalExternalWorkflowExecutionInitiatedEventAttributes: (a) => `${a.signalName} to ${a.workflowExecution?.workflowId}`,
  requestCancelExternalWorkflowExecutionInitiatedEventAttributes: (a) => a.workflowExecution?.workflowId,
  markerRecordedEventAttributes: (a) => a.markerName,
  workflowExecutionContinuedAsNewEventAttributes: (a) => a.workflowType?.name,
  workflowExecutionSignaledEventAttributes: (a) => a.signalName,
  workflowExecutionUpdateAcceptedEventAttributes: (a) => a.acceptedRequest?.input?.name,
};

/** `ActivityTaskScheduled recordReport`, `TimerStarted 86400s`, `StartChildWorkflowExecutionInitiated deadline deadline-…`. */
export function describeEvent(event: HistoryEventJson): string {
  const key = Object.keys(detailOf).find((k) => k in event);
  const detail = key ? detailOf[key](event[key] as Attributes) : undefined;
  return detail ? `${eventTypeName(event)} ${detail}` : eventTypeName(event);
}

/**
 * The SDK wraps the core's message in its own sentence and a Rust debug dump
 * (`… Details: Workflow activation completion failed: Failure { failure: Some(Failure { message: "…", … }`).
 * The quoted message is the part that says what happened.
 */
export function coreMessageOf(errorMessage: string): string {
  const quoted = /message: "((?:[^"\\]|\\.)*)"/.exec(errorMessage);
  if (quoted) return quoted[1].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  return errorMessage.replace(/^.*?Details: /s, '');
}

/** Core names history events `HistoryEvent(id: 5, ActivityTaskScheduled)` or, in its debug form, `HistoryEvent { event_id: 5, …`. */
function historyEventId(text: string): number | null {
  const match = /HistoryEvent(?:\(id: | \{ event_id: )(\d+)/.exec(text);
  return match ? Number(match[1]) : null;
}

/** Core's state machines are named after the command that created them; these are the ones Tandem's workflows issue. */
const commandOfMachine: Record<string, string> = {
  Activity: 'ScheduleActivityTask',
  Timer: 'StartTimer',
  'Child workflow': 'StartChildWorkflowExecution',
  'Complete workflow': 'CompleteWorkflowExecution',
  'Fail workflow': 'FailWorkflowExecution',
  'Continue as new workflow': 'ContinueAsNewWorkflowExecution',
  'Signal external WF': 'SignalExternalWorkflowExecution',
  Change: 'patch marker',
  Update: 'update response',
  UpsertWorkflowSearchAttributes: 'UpsertWorkflowSearchAttributes',
};

/**
 * The shapes of `[TMPRL1100] Nondeterminism error: …` that the core (sdk-core in @temporalio/core-bridge 1.24) gives:
 * - `No command scheduled for event HistoryEvent(id: 5, ActivityTaskScheduled)`: the code issued nothing where the
 *   history has a command (it waits on something else now);
 * - `Timer machine does not handle this event: HistoryEvent(id: 5, ActivityTaskScheduled)`: the code issued another
 *   kind of command (here a timer; `Complete workflow` when it now ends early, `Activity` when it schedules one more);
 * - `Activity type of scheduled event 'recordReport' does not match activity type of activity command 'recordReportV2'`
 *   (also `Activity id`, `Child workflow type`, `Child workflow id`, and `… of recorded marker …` for local
 *   activities): the same kind of command with another name. These name no event; the caller has to find it.
 * Anything else is returned as null and reported raw.
 */
export function readNondeterminism(coreMessage: string): CoreReading | null {
  const text = coreMessage.replace(/^\[TMPRL\d+\] Nondeterminism error: /, '');
  const noCommand = /^No command scheduled for event (.*)$/s.exec(text);
  if (noCommand) return { eventId: historyEventId(noCommand[1]), found: 'no command' };
  const otherKind = /^(.+?) ?[Mm]achine (?:does not|cannot) handle this event: (.*)$/s.exec(text);
  if (otherKind) return { eventId: historyEventId(otherKind[2]), found: commandOfMachine[otherKind[1]] ?? `${otherKind[1]} command` };
  const otherName = /^(.+?) of (?:scheduled event|recorded marker) '.*' does not match .+? of (local activity )?(?:activity )?command '(.*)'$/s.exec(text);
  if (otherName) {
    const [, label, local, value] = otherName;
    const command = label.startsWith('Child workflow') ? 'StartChildWorkflowExecution' : local ? 'local activity' : 'ScheduleActivityTask';
    return { eventId: null, found: label.endsWith(' type') ? `${command} ${value}` : `${command} with ${label.toLowerCase()} '${value}'` };
  }
  return null;
}
