import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { decideUpdate } from '../workflows/approval-chain.messages.js';
import { decide, ping, type DecisionContext, type OpenTaskRef } from './decision.js';
import { median } from './stats.js';

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

export interface ActivityTiming {
  activity: string;
  /** Scheduled → started: waiting in the task queue for a worker slot. */
  queueMs: number;
  /** Started → completed, as the server saw it: the activity's own work plus its report back. */
  runMs: number;
}

/** One decide update as the chain's history tells it (server clock). */
export interface UpdateTimeline {
  /** The update's workflow task was scheduled (the request reached the server) → the validator accepted it. */
  admitToAcceptMs: number;
  activities: ActivityTiming[];
  /** Local activities run inside the update's workflow tasks (their markers), by name: no queue, no task of their own. */
  localActivities: string[];
  /** Workflow tasks completed from admission to the update's completion: a bare update takes one. */
  workflowTasks: number;
  /** Last activity completed → the update completed (one more workflow task). */
  lastActivityToCompleteMs: number;
  /** Request reached the server → update completed. */
  serverTotalMs: number;
}

export interface DecisionBreakdown {
  samples: number;
  /** Medians, ms, each sampled one at a time on a quiet system. */
  httpDecisionMs: number;
  /** POST /tasks/<unknown id>/decision: HTTP, JWT guard (one person read), validation and the task read, then 404. */
  httpRefusedMs: number;
  /** The same decide update sent straight from a Temporal client: no HTTP, no API reads. */
  directUpdateMs: number;
  bareUpdateMs: number;
  /** httpDecisionMs − directUpdateMs: what the API adds (HTTP, auth, task and project reads, serialisation). */
  apiShareMs: number;
  /** Medians over the HTTP and the direct samples' histories. */
  server: UpdateTimeline;
}

const ms = (t: HistoryEvent['eventTime']) => Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;
// Array.prototype.findLastIndex is ES2023; the repository targets ES2022.
function lastIndex<T>(items: readonly T[], pred: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (pred(items[i])) return i;
  return -1;
}

const round = (x: number) => Math.round(x * 10) / 10;

/** The last accepted update in a history, from its admission to its completion. */
export function updateTimeline(events: HistoryEvent[]): UpdateTimeline {
  const accepted = lastIndex(events, (e) => !!e.workflowExecutionUpdateAcceptedEventAttributes);
  const completed = lastIndex(events, (e) => !!e.workflowExecutionUpdateCompletedEventAttributes);
  if (accepted < 0 || completed < accepted) throw new Error('no completed update in this history');
  const admitted = events[lastIndex(events.slice(0, accepted), (e) => !!e.workflowTaskScheduledEventAttributes)] ?? events[accepted];
  const span = events.slice(accepted, completed + 1);
  const fromAdmission = events.slice(events.indexOf(admitted), completed + 1);
  const localActivities = span.flatMap((e) => {
    const marker = e.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_local_activity') return [];
    const data = marker.details?.data?.payloads?.[0]?.data;
    const parsed = data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string; activityType?: string }) : {};
    return [parsed.activity_type ?? parsed.activityType ?? '?'];
  });
  const byId = new Map(span.map((e) => [Number(e.eventId), e]));
  const activities: ActivityTiming[] = [];
  let lastActivityDone = ms(events[accepted].eventTime);
  for (const done of span.filter((e) => e.activityTaskCompletedEventAttributes)) {
    const { scheduledEventId, startedEventId } = done.activityTaskCompletedEventAttributes ?? {};
    const scheduled = byId.get(Number(scheduledEventId));
    const started = byId.get(Number(startedEventId));
    if (!scheduled || !started) continue;
    activities.push({
      activity: scheduled.activityTaskScheduledEventAttributes?.activityType?.name ?? '?',
      queueMs: round(ms(started.eventTime) - ms(scheduled.eventTime)),
      runMs: round(ms(done.eventTime) - ms(started.eventTime)),
    });
    lastActivityDone = ms(done.eventTime);
  }
  return {
    admitToAcceptMs: round(ms(events[accepted].eventTime) - ms(admitted.eventTime)),
    activities,
    localActivities,
    workflowTasks: fromAdmission.filter((e) => e.workflowTaskCompletedEventAttributes).length,
    lastActivityToCompleteMs: round(ms(events[completed].eventTime) - lastActivityDone),
    serverTotalMs: round(ms(events[completed].eventTime) - ms(admitted.eventTime)),
  };
}

function medianTimeline(timelines: UpdateTimeline[]): UpdateTimeline {
  const names = timelines[0]?.activities.map((a) => a.activity) ?? [];
  const med = (pick: (t: UpdateTimeline) => number | undefined) => round(median(timelines.map(pick).filter((x): x is number => x !== undefined)));
  return {
    admitToAcceptMs: med((t) => t.admitToAcceptMs),
    activities: names.map((activity, i) => ({
      activity,
      queueMs: med((t) => t.activities[i]?.queueMs),
      runMs: med((t) => t.activities[i]?.runMs),
    })),
    localActivities: timelines[0]?.localActivities ?? [],
    workflowTasks: med((t) => t.workflowTasks),
    lastActivityToCompleteMs: med((t) => t.lastActivityToCompleteMs),
    serverTotalMs: med((t) => t.serverTotalMs),
  };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const history = async (client: Client, workflowId: string) => (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];

/**
 * Where one decision's time goes: the four kinds of request one at a time, interleaved so drift hits them alike,
 * then the chain histories read back for the server-side steps. Needs 2 × samples open tasks and samples targets.
 */
export async function breakDownDecision(ctx: DecisionContext, samples: number, tasks: OpenTaskRef[], targets: string[]): Promise<DecisionBreakdown> {
  const viaHttp = tasks.splice(0, samples);
  const direct = tasks.splice(0, samples);
  const bare = targets.splice(0, samples);
  const sendDecision = decide(ctx.api, ctx.org);
  const sendPing = ping(ctx.client);
  const refused = async () => {
    const answer = await ctx.api.call('POST', `/tasks/${randomUUID()}/decision`, { token: ctx.org.decider.token, body: { decision: 'approve' }, idempotent: true });
    if (answer.status !== 404) throw new Error(`a decision on an unknown task answered ${answer.status}, not 404`);
  };
  const times = { http: [] as number[], refused: [] as number[], direct: [] as number[], bare: [] as number[] };
  for (let i = 0; i < samples; i++) {
    times.http.push(await timed(() => sendDecision(viaHttp[i])));
    times.refused.push(await timed(refused));
    times.direct.push(
      await timed(() =>
        ctx.client.workflow.getHandle(direct[i].workflowId).executeUpdate(decideUpdate, {
          args: [{ taskId: direct[i].id, actorId: ctx.org.decider.id, decision: 'approve' }],
          updateId: randomUUID(),
        }),
      ),
    );
    times.bare.push(await timed(() => sendPing(bare[i])));
    // Let the next level's mail go out, so each sample starts on a quiet worker.
    await new Promise((r) => setTimeout(r, 500));
  }
  const timelines = await Promise.all([...viaHttp, ...direct].map(async (t) => updateTimeline(await history(ctx.client, t.workflowId))));
  const httpDecisionMs = round(median(times.http));
  const directUpdateMs = round(median(times.direct));
  return {
    samples,
    httpDecisionMs,
    httpRefusedMs: round(median(times.refused)),
    directUpdateMs,
    bareUpdateMs: round(median(times.bare)),
    apiShareMs: round(httpDecisionMs - directUpdateMs),
    server: medianTimeline(timelines),
  };
}
