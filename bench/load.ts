import { performance } from 'node:perf_hooks';
import { startCpuMeter, type CpuShare } from './cpu.js';
import { summarize, median, type LatencySummary } from './stats.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface OpenLoopResult {
  rate: number;
  latency: LatencySummary;
  errors: number;
  firstErrors: string[];
  /** How late the generator fired its latest request: above a few ms, the load generator itself was starved. */
  maxSendLagMs: number;
  cpu: CpuShare | null;
}

/**
 * Fixed arrival rate, whatever the answers do (open loop): a slow answer does not hold back the next request, as
 * with people clicking independently. Latency counts from the planned send time, so a stalled generator shows up
 * in the numbers instead of hiding (no coordinated omission).
 */
export async function openLoop<T>(items: readonly T[], ratePerSecond: number, send: (item: T) => Promise<void>): Promise<OpenLoopResult> {
  const latencies: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  let maxSendLagMs = 0;
  const cpu = startCpuMeter();
  const t0 = performance.now() + 10;
  const inFlight: Promise<void>[] = [];
  for (const [i, item] of items.entries()) {
    const planned = t0 + (i * 1000) / ratePerSecond;
    const wait = planned - performance.now();
    if (wait > 0) await sleep(wait);
    maxSendLagMs = Math.max(maxSendLagMs, performance.now() - planned);
    inFlight.push(
      send(item).then(
        () => void latencies.push(performance.now() - planned),
        (error: unknown) => {
          errors++;
          if (firstErrors.length < 3) firstErrors.push(String((error as Error).message ?? error));
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return { rate: ratePerSecond, latency: summarize(latencies), errors, firstErrors, maxSendLagMs: Math.round(maxSendLagMs * 10) / 10, cpu: cpu() };
}

export interface ClosedLoopResult {
  concurrency: number;
  durationS: number;
  /** Operations that completed inside the window, per second of the window. */
  perSecond: number;
  /** Median of the per-second completion counts: a stall or a burst in one second does not move it. */
  medianPerSecond: number;
  completed: number;
  perSecondCounts: number[];
  latency: LatencySummary;
  errors: number;
  firstErrors: string[];
  /** The supply of work ran out before the window ended: the rates are then over the shorter window that was run. */
  exhausted: boolean;
  /** Seconds the rates are over: durationS, or up to the last completion when the supply ran out. */
  windowS: number;
  cpu: CpuShare | null;
}

/**
 * `concurrency` lanes, each starting its next operation as soon as the last one answered, for `durationS`
 * seconds; operations still running at the end finish but do not count. `next` returns undefined when the
 * supply (e.g. of draft projects) is exhausted.
 */
export async function closedLoop(concurrency: number, durationS: number, next: () => (() => Promise<void>) | undefined): Promise<ClosedLoopResult> {
  const durationMs = durationS * 1000;
  const cpu = startCpuMeter();
  const t0 = performance.now();
  const end = t0 + durationMs;
  const completions: number[] = [];
  const latencies: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  let exhausted = false;
  const lane = async () => {
    while (performance.now() < end) {
      const op = next();
      if (!op) {
        exhausted = true;
        return;
      }
      const started = performance.now();
      try {
        await op();
        const done = performance.now();
        if (done <= end) {
          completions.push(done - t0);
          latencies.push(done - started);
        }
      } catch (error) {
        errors++;
        if (firstErrors.length < 3) firstErrors.push(String((error as Error).message ?? error));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const cpuShare = cpu();
  const windowS = exhausted ? Math.max(0.001, (completions.at(-1) ?? 0) / 1000) : durationS;
  const seconds = Math.max(1, Math.floor(windowS));
  const perSecondCounts = Array.from({ length: seconds }, () => 0);
  for (const at of completions) perSecondCounts[Math.min(seconds - 1, Math.floor(at / 1000))]++;
  return {
    concurrency,
    durationS,
    perSecond: Math.round((completions.length / windowS) * 10) / 10,
    medianPerSecond: median(perSecondCounts),
    completed: completions.length,
    perSecondCounts,
    latency: summarize(latencies),
    errors,
    firstErrors,
    exhausted,
    windowS: Math.round(windowS * 10) / 10,
    cpu: cpuShare,
  };
}

/** Runs `work` on every item, `concurrency` at a time: untimed set-up (drafts, submits, workflow starts). */
export async function inLanes<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}
