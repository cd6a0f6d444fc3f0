import type { DecisionPlan } from './decision.js';
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
}

interface Knob {
  env: string;
  full: number;
  quick: number;
  help: string;
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

type KnobName = keyof typeof knobs;

export const usage = () =>
  `usage: npm run bench -- [--quick] [--<name> <number>]…  |  npm run bench -- --audit\n` +
  Object.entries(knobs)
    .map(([name, k]) => `  --${name.padEnd(26)} ${k.env.padEnd(32)} ${String(k.full).padStart(4)} (quick ${k.quick})  ${k.help}`)
    .join('\n');

function parseArgs(argv: string[]): { quick: boolean; audit: boolean; values: Map<string, string> } {
  const values = new Map<string, string>();
  let quick = false;
  let audit = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') {
      quick = true;
      continue;
    }
    if (arg === '--audit') {
      audit = true;
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match || !(match[1] in knobs)) throw new Error(`unknown argument ${arg}\n${usage()}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${match[1]} needs a value`);
    values.set(match[1], value);
  }
  return { quick, audit, values };
}

export function loadBenchConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const { quick, audit, values } = parseArgs(argv);
  const number = (name: KnobName): number => {
    const knob: Knob = knobs[name];
    const raw = values.get(name) ?? env[knob.env];
    if (raw === undefined || raw === '') return quick ? knob.quick : knob.full;
    const n = Number(raw);
    if (!(Number.isFinite(n) && n > 0)) throw new Error(`--${name} / ${knob.env} must be a positive number, got "${raw}"`);
    return n;
  };
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
    audit,
  };
}
