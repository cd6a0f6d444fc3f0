import { knobUsage, readKnobs, type Knob } from '../knobs.js';

export interface ChaosConfig {
  quick: boolean;
  /** Project launches driven: draft, submit, both launch levels approved. */
  launches: number;
  /** Launches in flight at once. */
  concurrency: number;
  workerKillMinS: number;
  workerKillMaxS: number;
  workerRestartMinS: number;
  workerRestartMaxS: number;
  /** Load runs this long before the first outage, so every outage meets traffic in flight. */
  firstFaultS: number;
  /** Quiet time between two outages, so each one's answers are told apart. */
  gapS: number;
  temporalDownS: number;
  postgresDownS: number;
  smtpDeferS: number;
  smtpRejectS: number;
  /** One HTTP request's client-side deadline: past it the request counts as a timeout and is retried. */
  requestTimeoutS: number;
  /** After the load and the faults: how long to wait for everything to become idle before counting. */
  settleS: number;
  /** Hard bound on the whole run: the load gives up (and says so) past it. */
  maxMinutes: number;
}

/** Every number of the run: `--name value` on the command line, else CHAOS_NAME, else the default (or the quick one). */
const knobs = {
  launches: { env: 'CHAOS_LAUNCHES', full: 500, quick: 50, help: 'project launches (draft, submit, two approvals)' },
  concurrency: { env: 'CHAOS_CONCURRENCY', full: 16, quick: 8, help: 'launches in flight' },
  'worker-kill-min': { env: 'CHAOS_WORKER_KILL_MIN', full: 5, quick: 5, help: 'shortest time the worker polls before its kill -9, s' },
  'worker-kill-max': { env: 'CHAOS_WORKER_KILL_MAX', full: 15, quick: 15, help: 'longest time the worker polls before its kill -9, s' },
  'worker-restart-min': { env: 'CHAOS_WORKER_RESTART_MIN', full: 1, quick: 1, help: 'shortest wait before the worker is restarted, s' },
  'worker-restart-max': { env: 'CHAOS_WORKER_RESTART_MAX', full: 3, quick: 3, help: 'longest wait before the worker is restarted, s' },
  'first-fault': { env: 'CHAOS_FIRST_FAULT', full: 20, quick: 10, help: 'load before the first outage, s' },
  gap: { env: 'CHAOS_GAP', full: 20, quick: 8, help: 'quiet time between outages, s' },
  'temporal-down': { env: 'CHAOS_TEMPORAL_DOWN', full: 12, quick: 6, help: 'Temporal server killed (kill -9) for this long, s' },
  'postgres-down': { env: 'CHAOS_POSTGRES_DOWN', full: 30, quick: 10, help: 'Postgres stopped for this long, s' },
  'smtp-defer': { env: 'CHAOS_SMTP_DEFER', full: 120, quick: 20, help: 'SMTP answers 451 to everyone for this long, s' },
  'smtp-reject': { env: 'CHAOS_SMTP_REJECT', full: 60, quick: 15, help: 'then 550 for some recipients for this long, s' },
  'request-timeout': { env: 'CHAOS_REQUEST_TIMEOUT', full: 30, quick: 30, help: "a request's client-side deadline, s" },
  settle: { env: 'CHAOS_SETTLE', full: 180, quick: 120, help: 'longest wait for the system to become idle before counting, s' },
  'max-minutes': { env: 'CHAOS_MAX_MINUTES', full: 10, quick: 10, help: 'the load gives up past this, min' },
} satisfies Record<string, Knob>;

export const usage = () => knobUsage('usage: npm run chaos -- [--quick] [--<name> <number>]…', knobs);

export function loadChaosConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): ChaosConfig {
  const { quick, number } = readKnobs(knobs, argv, env, usage);
  const config: ChaosConfig = {
    quick,
    launches: Math.round(number('launches')),
    concurrency: Math.round(number('concurrency')),
    workerKillMinS: number('worker-kill-min'),
    workerKillMaxS: number('worker-kill-max'),
    workerRestartMinS: number('worker-restart-min'),
    workerRestartMaxS: number('worker-restart-max'),
    firstFaultS: number('first-fault'),
    gapS: number('gap'),
    temporalDownS: number('temporal-down'),
    postgresDownS: number('postgres-down'),
    smtpDeferS: number('smtp-defer'),
    smtpRejectS: number('smtp-reject'),
    requestTimeoutS: number('request-timeout'),
    settleS: number('settle'),
    maxMinutes: number('max-minutes'),
  };
  if (config.workerKillMinS > config.workerKillMaxS || config.workerRestartMinS > config.workerRestartMaxS) {
    throw new Error('each minimum must not exceed its maximum (worker-kill-min/max, worker-restart-min/max)');
  }
  return config;
}

/** A uniformly drawn value in [min, max] seconds, as milliseconds. */
export const between = (minS: number, maxS: number): number => Math.round((minS + Math.random() * (maxS - minS)) * 1000);
