import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { bundleWorkflowCode, DefaultLogger, ReplayError, Runtime, Worker, type History, type WorkflowBundleOption } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { workflowInterceptorModules, workflowsPath } from '../temporal/workflows-path.js';
import type { ReplayItem } from './replay-items.js';
import { coreMessageOf, describeEvent, eventTypeName, readNondeterminism, type Divergence, type HistoryEventJson } from './divergence.js';

export type { Divergence } from './divergence.js';
export type { ReplayItem } from './replay-items.js';

/**
 * Replaying recorded histories against today's workflow code: does it still make the same decisions? One code path
 * for `POST /audit/replay`, `npm run replay` and the replay tests. Plain functions, no NestJS.
 */

export type ReplayVerdict =
  | { name: string; workflowId: string; deterministic: true }
  | { name: string; workflowId: string; deterministic: false; divergence: Divergence };

export interface ReplayOptions {
  /** The code to replay against: replayBundle(), or in a test a deliberately changed copy. */
  bundle: WorkflowBundleOption;
}

let bundle: Promise<WorkflowBundleOption> | undefined;

/**
 * The code the worker runs: its prebuilt bundle where one is deployed (`codePath`, from WORKFLOW_BUNDLE_PATH), else
 * workflows/ bundled here. Built once per process: webpack takes seconds of CPU (in an API, seconds in which no other
 * request is answered), and the code cannot change under a running process.
 */
export function replayBundle(codePath: string | null): Promise<WorkflowBundleOption> {
  if (!bundle) {
    bundle = codePath ? Promise.resolve({ codePath }) : bundleWorkflowCode({ workflowsPath: workflowsPath(), workflowInterceptorModules: workflowInterceptorModules(), logger: new DefaultLogger('WARN') });
    // A failed build is not kept: the next replay tries again instead of failing until a restart.
    bundle.catch(() => {
      bundle = undefined;
    });
  }
  return bundle;
}

/**
 * Replays each history in turn on one replay worker and answers a verdict per history, in input order, as soon as it
 * is known. A history that is not one answers `deterministic: false` with what is wrong with it, and the rest go on.
 */
export async function* replayHistories(
  items: AsyncIterable<ReplayItem> | Iterable<ReplayItem>,
  { bundle: workflowBundle }: ReplayOptions,
): AsyncGenerator<ReplayVerdict> {
  quietRuntime();
  // Verdicts reached without replaying wait here until the replayer has answered for every history before them.
  const settled: ReplayVerdict[] = [];
  let replaying: Replayable | undefined;
  async function* replayables() {
    for await (const item of items) {
      const prepared = prepare(item);
      if ('deterministic' in prepared) settled.push(prepared);
      else {
        replaying = prepared;
        yield { workflowId: prepared.workflowId, history: prepared.history };
      }
    }
  }
  try {
    for await (const { error } of Worker.runReplayHistories({ workflowBundle }, replayables())) {
      const replayed = replaying as Replayable;
      replaying = undefined;
      const { name, workflowId } = replayed;
      yield* settled.splice(0);
      yield error
        ? { name, workflowId, deterministic: false, divergence: await divergenceOf(error, replayed, workflowBundle) }
        : { name, workflowId, deterministic: true };
    }
  } catch (error) {
    throw replaying ? new Error(`replay stopped at ${replaying.name}: ${(error as Error).message}`, { cause: error }) : error;
  }
  yield* settled.splice(0);
}

/**
 * A process that runs no worker of its own (the API, the bench) would otherwise get the SDK's default runtime, which
 * logs every replay worker's start and stop; a process that installed one keeps its own.
 */
function quietRuntime(): void {
  if (Runtime._instance === undefined) {
    Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  }
}

interface Replayable {
  name: string;
  workflowId: string;
  history: History;
  events: HistoryEventJson[];
  /** Length of the shortest prefix that runs workflow code; the replayer waits forever on a shorter one. */
  firstTaskStarted: number;
}

class InvalidHistory extends Error {
  constructor(readonly divergence: Omit<Divergence, 'message'>) {
    super(`not a replayable workflow history: expected ${divergence.expected}, found ${divergence.found}`);
  }
}

function prepare(item: ReplayItem): Replayable | ReplayVerdict {
  let read: ReturnType<typeof readHistory>;
  try {
    read = readHistory(item.history);
  } catch (error) {
    if (!(error instanceof InvalidHistory)) throw error;
    const divergence = { ...error.divergence, message: error.message };
    return { name: item.name, workflowId: item.workflowId ?? item.name, deterministic: false, divergence };
  }
  const started = read.events[0].workflowExecutionStartedEventAttributes as { workflowId?: string } | undefined;
  const workflowId = item.workflowId ?? started?.workflowId ?? item.name;
  const firstTaskStarted = read.events.findIndex((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_TASK_STARTED') + 1;
  // A run whose first workflow task never started (a delayed start) has run no code, so nothing in it can diverge.
  if (firstTaskStarted === 0) return { name: item.name, workflowId, deterministic: true };
  return { name: item.name, workflowId, ...read, firstTaskStarted };
}

/**
 * Both forms of a history, checked for what would otherwise crash the replay worker (ids out of sequence) or leave it
 * waiting forever (no start event) instead of failing this one history.
 */
function readHistory(input: unknown): { history: History; events: HistoryEventJson[] } {
  const events = (input as { events?: unknown } | null)?.events;
  if (!Array.isArray(events) || events.length === 0) {
    const found = Array.isArray(events) ? 'no events' : 'no "events" list';
    throw new InvalidHistory({ eventId: null, eventType: null, expected: 'a workflow history { "events": [...] }', found });
  }
  const isJson = typeof (events[0] as { eventId?: unknown } | null)?.eventId === 'string';
  let read: { history: History; events: HistoryEventJson[] };
  try {
    read = isJson
      ? { history: historyFromJSON(input), events: events as HistoryEventJson[] }
      : { history: input as History, events: (JSON.parse(historyToJSON(input as History)) as { events: HistoryEventJson[] }).events };
  } catch (error) {
    throw new InvalidHistory({ eventId: null, eventType: null, expected: 'Temporal history events', found: (error as Error).message });
  }
  const first = read.events[0];
  if (first.eventType !== 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED') {
    throw new InvalidHistory({ eventId: 1, eventType: eventTypeName(first), expected: 'WorkflowExecutionStarted', found: describeEvent(first) });
  }
  read.events.forEach((event, i) => {
    if (Number(event.eventId) !== i + 1) {
      throw new InvalidHistory({ eventId: i + 1, eventType: null, expected: `event ${i + 1}`, found: `event ${event.eventId} in its place` });
    }
  });
  return read;
}

async function divergenceOf(error: Error, replayed: Replayable, workflowBundle: WorkflowBundleOption): Promise<Divergence> {
  const core = coreMessageOf(error.message);
  const reading = error instanceof DeterminismViolationError ? readNondeterminism(core) : null;
  const eventId = reading?.eventId ?? (await firstFailingPrefix(replayed, workflowBundle));
  const event = replayed.events[eventId - 1];
  return {
    eventId,
    eventType: eventTypeName(event),
    expected: describeEvent(event),
    found: reading?.found ?? (error instanceof ReplayError ? `the workflow task failed: ${core}` : core),
    message: reading ? core : error.message,
  };
}

/**
 * Core names no event when a command has the right kind but another name, nor when the workflow throws. Replay fails
 * from the first prefix of the history that holds the event it stumbles on (and every prefix holding a workflow task
 * replays like a history fetched mid-run), so a binary search over prefix lengths finds that event in log2(events)
 * short replays.
 */
async function firstFailingPrefix(replayed: Replayable, workflowBundle: WorkflowBundleOption): Promise<number> {
  let [lo, hi] = [replayed.firstTaskStarted, replayed.events.length];
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const prefix = { workflowId: replayed.workflowId, history: { events: replayed.history.events?.slice(0, mid) } };
    for await (const { error } of Worker.runReplayHistories({ workflowBundle }, [prefix])) {
      if (error) hi = mid;
      else lo = mid + 1;
    }
  }
  return hi;
}
