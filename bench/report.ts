import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import type { DecisionBreakdown } from './breakdown.js';
import type { BenchConfig } from './config.js';
import type { RateComparison } from './decision.js';
import type { CpuShare } from './cpu.js';
import type { OpenLoopResult } from './load.js';
import { ratio } from './stats.js';
import type { ThroughputResult } from './submit.js';

export interface Verdict {
  target: string;
  measured: number;
  limit: number;
  pass: boolean;
}

/** One stack's figures: the dev server's, or (`--cluster`) the production topology's. */
export interface Measurement {
  stack: { postgres: string; temporal: string; apis?: number; workers?: number };
  /** The machine's 1, 5 and 15 minute load averages as the stack's measuring began and ended (others' work included). */
  loadAverage?: { before: number[]; after: number[] };
  decision: { low: RateComparison; high: RateComparison };
  breakdown: DecisionBreakdown;
  submit: { http: ThroughputResult; bareStart: ThroughputResult; ratio: number; ratioOfMedians: number; ratioSustained: number };
  targets: Verdict[];
}

/** The dev server's figures at the top, as every run has written them; the cluster's beside them with `--cluster`. */
export interface BenchResults extends Measurement {
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; os: string; node: string };
  config: BenchConfig;
  cluster?: Measurement;
}

export const machine = (): BenchResults['machine'] => ({
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  os: `${platform()} ${release()}`,
  node: process.version,
});

/** The issue's targets, each with the number it was judged on. */
export const loadAverageNow = (): number[] => loadavg().map((x) => Math.round(x * 100) / 100);

export function verdicts(decision: Measurement['decision'], submit: Measurement['submit']): Verdict[] {
  const { low, high } = decision;
  return [
    { target: `decision p50 at ${low.rate}/s ≤ 2 × bare update p50`, measured: low.ratioP50, limit: 2, pass: low.ratioP50 <= 2 },
    { target: `decision p99 at ${high.rate}/s ≤ 100 ms`, measured: high.decision.latency.p99, limit: 100, pass: high.decision.latency.p99 <= 100 },
    { target: `decision p99 at ${high.rate}/s ≤ 1.5 × bare update p99`, measured: high.ratioP99, limit: 1.5, pass: high.ratioP99 <= 1.5 },
    { target: 'HTTP submits ≥ 50/s', measured: submit.http.perSecond, limit: 50, pass: submit.http.perSecond >= 50 },
    { target: 'HTTP submits ≥ 0.6 × bare starts/s', measured: submit.ratio, limit: 0.6, pass: submit.ratio >= 0.6 },
  ];
}

export function submitComparison(http: ThroughputResult, bareStart: ThroughputResult): Measurement['submit'] {
  return {
    http,
    bareStart,
    ratio: ratio(http.perSecond, bareStart.perSecond),
    ratioOfMedians: ratio(http.medianPerSecond, bareStart.medianPerSecond),
    ratioSustained: ratio(http.sustainedPerSecond, bareStart.sustainedPerSecond),
  };
}

const cell = (value: string | number, width = 8) => String(value).padStart(width);
const cpuCell = (r: { cpu: CpuShare | null }) => cell(r.cpu ? `${r.cpu.busy.toFixed(2)}/${r.cpu.foreign.toFixed(2)}` : '-', 11);

function latencyRow(label: string, r: OpenLoopResult): string {
  const { p50, p90, p99, max, count } = r.latency;
  return `  ${label.padEnd(24)}${cell(p50)}${cell(p90)}${cell(p99)}${cell(max)}${cell(count, 6)}${cell(r.errors, 7)}${cell(r.maxSendLagMs, 9)}${cpuCell(r)}`;
}

function throughputRow(label: string, r: ThroughputResult): string {
  return (
    `  ${label.padEnd(24)}${cell(r.perSecond)}${cell(r.medianPerSecond)}${cell(r.latency.p50)}${cell(r.latency.p99)}` +
    `${cell(r.completed, 7)}${cell(r.errors, 7)}${cell((r.drainMs / 1000).toFixed(1), 8)}${cell(r.sustainedPerSecond, 10)}${cpuCell(r)}${r.exhausted ? `  (drafts ran out after ${r.windowS} s)` : ''}`
  );
}

/** Other processes took CPU during a timed phase: the numbers are then lower than this machine can do. */
function foreignLoadWarning(r: Measurement): string[] {
  const phases = [r.decision.low.decision, r.decision.low.bareUpdate, r.decision.high.decision, r.decision.high.bareUpdate, r.submit.http, r.submit.bareStart];
  const worst = Math.max(...phases.map((p) => p.cpu?.foreign ?? 0));
  return worst > 0.1 ? [`WARNING: other processes used up to ${Math.round(worst * 100)} % of the machine's CPU during a timed phase; rerun on a quiet machine.`, ''] : [];
}

const stackLine = (m: Measurement) =>
  `Postgres ${m.stack.postgres}, Temporal ${m.stack.temporal}${m.stack.apis ? `, ${m.stack.apis} API / ${m.stack.workers} worker process(es)` : ''}` +
  (m.loadAverage ? `; load average ${m.loadAverage.before.join(' ')} → ${m.loadAverage.after.join(' ')}` : '');

function measurementLines(r: Measurement, config: BenchConfig): string[] {
  const lines = [
    `Decision latency, ms (open loop; n = requests, lag = generator's worst send delay; cpu = machine busy/others)`,
    `  ${''.padEnd(24)}${cell('p50')}${cell('p90')}${cell('p99')}${cell('max')}${cell('n', 6)}${cell('errors', 7)}${cell('lag', 9)}${cell('cpu', 11)}`,
  ];
  for (const c of [r.decision.low, r.decision.high]) {
    lines.push(
      latencyRow(`HTTP decision @ ${c.rate}/s`, c.decision),
      latencyRow(`bare update   @ ${c.rate}/s`, c.bareUpdate),
      `  ${'ratio decision / bare'.padEnd(24)}${cell(c.ratioP50)}${cell('')}${cell(c.ratioP99)}`,
    );
  }
  const b = r.breakdown;
  lines.push(
    '',
    `One decision, medians of ${b.samples} sent one at a time, ms`,
    `  HTTP decision ${b.httpDecisionMs} = API share ${b.apiShareMs} (HTTP, auth, task + project reads; a refused decision alone takes ${b.httpRefusedMs})`,
    `                + decide update from a client ${b.directUpdateMs} (bare update: ${b.bareUpdateMs})`,
    `  server side of the update, from its history: ${b.server.serverTotalMs} = accept ${b.server.admitToAcceptMs}` +
      b.server.activities.map((a) => ` + ${a.activity} (queue ${a.queueMs}, run ${a.runMs})`).join('') +
      (b.server.localActivities.length > 0 ? ` (local: ${b.server.localActivities.join(', ')})` : '') +
      ` + final workflow task ${b.server.lastActivityToCompleteMs}; ${b.server.workflowTasks} workflow task(s)`,
    '',
    `Submit throughput over ${config.submit.seconds} s, ${config.submit.concurrency} in flight (closed loop)`,
    `  ${''.padEnd(24)}${cell('per s')}${cell('median')}${cell('p50 ms')}${cell('p99 ms')}${cell('done', 7)}${cell('errors', 7)}${cell('drain s', 8)}${cell('sustained', 10)}${cell('cpu', 11)}`,
    throughputRow('HTTP submit', r.submit.http),
    throughputRow(`bare start (${config.submit.bareActivities} no-op act.)`, r.submit.bareStart),
    `  ${'ratio submit / bare'.padEnd(24)}${cell(r.submit.ratio)}${cell(r.submit.ratioOfMedians)}${cell('', 39)}${cell(r.submit.ratioSustained, 10)}`,
    `  (sustained = done / (window + drain): the rate at which the started work was also finished)`,
    '',
    'Targets',
    ...r.targets.map((t) => `  ${t.pass ? 'PASS' : 'FAIL'}  ${t.target}: ${t.measured}`),
    '',
    ...foreignLoadWarning(r),
  );
  return lines;
}

export function printResults(r: BenchResults, file: string): void {
  const lines = [
    '',
    `Tandem bench — ${r.machine.cpus} cores (${r.machine.cpuModel}), Node ${r.machine.node}`,
    '',
    ...(r.cluster ? ['== Temporal dev server', ''] : []),
    stackLine(r),
    '',
    ...measurementLines(r, r.config),
    ...(r.cluster ? ['== The production topology (npm run up -- --cluster)', '', stackLine(r.cluster), '', ...measurementLines(r.cluster, r.config)] : []),
    `written to ${file}`,
  ];
  console.log(lines.join('\n'));
}

/** bench/results/<ISO timestamp>.json, colons made file-name safe. */
/** `<dir>/<prefix><startedAt>.json`: the bench's results, or the chaos harness's with the prefix `chaos-`. */
export function writeResults(r: { startedAt: string }, dir: string, prefix = ''): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${prefix}${r.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
  return file;
}
