import type { DecisionPlan } from './decision.js';
import { knobUsage, readKnobs, type Knob } from './knobs.js';
import type { SubmitPlan } from './submit.js';

export interface BenchConfig {
  decision: DecisionPlan;
  breakdownSamples: number;
  submit: SubmitPlan;
  /** Drafts created before the submit window: enough for the window at `submitDraftsPerSecond`. */
  submitDrafts: number;
  quick: boolean;
  /** `--audit`: replay and timeline times on stored histories instead of the load run (bench/audit.ts). */
  audit: boolean;
  /** `--cluster`: the same run again on the production topology (Temporal server on Postgres, two APIs, two workers). */
  cluster: boolean;
}

/** Every number of the run: `--name value` or `--name=value` on the command line, else BENCH_NAME, else the default. */
const knobs = {
  warmup: { env: 'BENCH_WARMUP', full: 20, quick: 10, help: 'decisions (and bare updates) sent at 5/s before measuring' },
  'low-rate': { env: 'BENCH_LOW_RATE', full: 1, quick: 1, help: 'the low arrival rate, requests/s' },
  'low-count': { env: 'BENCH_LOW_COUNT', full: 30, quick: 10, help: 'requests at the low rate' },
  'high-rate': { env: 'BENCH_HIGH_RATE', full: 20, quick: 20, help: 'the high arrival rate, requests/s' },
  'high-seconds': { env: 'BENCH_HIGH_SECONDS', full: 15, quick: 5, help: 'seconds at the high rate' },
  'breakdown-samples': { env: 'BENCH_BREAKDOWN_SAMPLES', full: 10, quick: 5, help: 'one-at-a-time decisions whose time is broken down' },
  'submit-seconds': { env: 'BENCH_SUBMIT_SECONDS', full: 60, quick: 10, help: 'length of each throughput window (the issue asks for ≥ 60)' },
  'submit-concurrency': { env: 'BENCH_SUBMIT_CONCURRENCY', full: 16, quick: 16, help: 'submits (and bare starts) in flight' },
  'submit-drafts-per-second': { env: 'BENCH_SUBMIT_DRAFTS_PER_SECOND', full: 60, quick: 60, help: 'drafts prepared per second of window; the run says if they ran out' },
  'bare-activities': { env: 'BENCH_BARE_ACTIVITIES', full: 1, quick: 1, help: 'no-op activities per bare workflow (a submit runs 1 before answering)' },
} satisfies Record<string, Knob>;

export const usage = () => knobUsage('usage: npm run bench -- [--quick] [--cluster] [--<name> <number>]…  |  npm run bench -- --audit', knobs);

export function loadBenchConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const { quick, switchOn, number } = readKnobs(knobs, argv, env, usage, ['audit', 'cluster']);
  const submitSeconds = number('submit-seconds');
  return {
    decision: {
      warmup: number('warmup'),
      lowRate: number('low-rate'),
      lowCount: number('low-count'),
      highRate: number('high-rate'),
      highSeconds: number('high-seconds'),
    },
    breakdownSamples: number('breakdown-samples'),
    submit: { seconds: submitSeconds, concurrency: number('submit-concurrency'), bareActivities: number('bare-activities') },
    submitDrafts: Math.ceil(submitSeconds * number('submit-drafts-per-second')),
    quick,
    audit: switchOn('audit'),
    cluster: switchOn('cluster'),
  };
}
