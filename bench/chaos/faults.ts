import { mailFaults } from '../../libs/dev-stack/mail-sink.js';
import type { Exchange, ChaosClient } from './client.js';
import { between, type ChaosConfig } from './config.js';
import type { ChaosStack } from './stack.js';

export type FaultName = 'worker kill -9' | 'Temporal kill -9' | 'Postgres stopped' | 'SMTP 451 for everyone' | 'SMTP 550 for some recipients';

export interface FaultWindow {
  fault: FaultName;
  /** ms since the epoch: from the fault's injection to its repair (the server answering again). */
  from: number;
  to: number;
  /** From the repair until the API's health check answered 200 again; null if it never did within 120 s. */
  recoveryMs?: number | null;
  /** worker kills: how many; SMTP faults: the refusals the sink gave. */
  count?: number;
  recipients?: string[];
}

export interface OutageAnswers {
  /** Answers by status (or timeout / refused) of every request sent during the window. */
  statuses: Record<string, number>;
  /** Of the answers that were not 2xx-4xx, how many were 503 with Retry-After (what a client can act on). */
  unavailableWithRetryAfter: number;
  /** 5xx other than 503 + Retry-After, timeouts and refused connections: what the target forbids. */
  unhelpful: number;
  slowestMs: number;
  /** Answers that took longer than 5 s: an outage must be answered within a few seconds. */
  slowerThan5s: number;
  byRoute: Record<string, Record<string, number>>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const within = (at: number, w: { from: number; to: number }) => at >= w.from && at < w.to;

/** What the API answered to requests sent during `window`, leaving out those sent during any of `except`. */
export function answersDuring(exchanges: Exchange[], window: { from: number; to: number }, except: { from: number; to: number }[] = []): OutageAnswers {
  const during = exchanges.filter((e) => within(e.at, window) && !except.some((w) => within(e.at, w)));
  const statuses: Record<string, number> = {};
  const byRoute: Record<string, Record<string, number>> = {};
  let unavailableWithRetryAfter = 0;
  let unhelpful = 0;
  for (const e of during) {
    const key = String(e.status);
    statuses[key] = (statuses[key] ?? 0) + 1;
    byRoute[e.route] ??= {};
    byRoute[e.route][key] = (byRoute[e.route][key] ?? 0) + 1;
    if (typeof e.status === 'number' && e.status < 500) continue;
    if (e.status === 503 && e.retryAfter) unavailableWithRetryAfter++;
    else unhelpful++;
  }
  return {
    statuses,
    unavailableWithRetryAfter,
    unhelpful,
    slowestMs: Math.max(0, ...during.map((e) => e.ms)),
    slowerThan5s: during.filter((e) => e.ms > 5_000).length,
    byRoute,
  };
}

interface FaultContext {
  stack: ChaosStack;
  client: ChaosClient;
  config: ChaosConfig;
  healthPath: string;
  /** Probed during the whole schedule as its owner reads it. */
  probe: { projectId: string; token: string; email: string; password: string };
  /** Refused for good (550) during the second SMTP spell. */
  rejectedRecipients: string[];
  log(message: string): void;
}

async function untilHealthy({ client, healthPath }: FaultContext, since: number): Promise<number | null> {
  while (Date.now() - since < 120_000) {
    const reply = await client.once('GET', healthPath, healthPath, { probe: true });
    if (reply?.status === 200) return Date.now() - since;
    await sleep(250);
  }
  return null;
}

/**
 * The reads and the login of the issue's outage measurements, once a second while the faults run: what a person
 * using Tandem meets during each outage, beside the launches' own commands.
 */
function startProbes({ client, healthPath, probe }: FaultContext): () => Promise<void> {
  let running = true;
  const loop = (async () => {
    while (running) {
      await Promise.all([
        client.once('GET', healthPath, healthPath, { probe: true }),
        client.once('GET', `/projects/${probe.projectId}`, '/projects/:id', { token: probe.token, probe: true }),
        client.once('GET', '/tasks', '/tasks', { token: probe.token, probe: true }),
        client.once('POST', '/auth/login', '/auth/login', { body: { email: probe.email, password: probe.password }, probe: true }),
      ]);
      await sleep(1_000);
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

/**
 * kill -9 of the worker after 5–15 s of polling; its supervisor restarts it after 1–3 s. The interval counts from
 * when the new worker polls again, not from its restart: on a busy machine a worker needs longer than that to start,
 * and a kill before it polls would only measure a worker that never ran. Until `stop` is called.
 */
export function startWorkerKills({ stack, config, log }: FaultContext): { stop(): Promise<FaultWindow> } {
  const from = Date.now();
  let kills = 0;
  let running = true;
  let wake: () => void = () => undefined;
  const loop = (async () => {
    while (running) {
      while (running && !stack.workerPolling()) await sleep(100);
      if (!running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, between(config.workerKillMinS, config.workerKillMaxS));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (running && stack.worker.signal('SIGKILL')) {
        kills++;
        // Until its death is seen, so the next interval counts from its successor's first poll.
        while (running && stack.workerPolling()) await sleep(50);
      }
    }
  })();
  return {
    async stop() {
      running = false;
      wake();
      await loop;
      log(`worker killed ${kills} times`);
      return { fault: 'worker kill -9', from, to: Date.now(), count: kills };
    },
  };
}

/**
 * The outages, one after the other with quiet gaps so each one's answers are told apart: the Temporal server killed
 * and restarted, Postgres stopped and started, SMTP deferring everyone, then refusing some recipients for good.
 */
export async function runOutages(ctx: FaultContext): Promise<FaultWindow[]> {
  const { stack, config, log } = ctx;
  const windows: FaultWindow[] = [];
  const stopProbes = startProbes(ctx);
  try {
    await sleep(config.firstFaultS * 1000);

    log(`Temporal server: kill -9, back in ${config.temporalDownS} s`);
    let from = Date.now();
    await stack.killTemporal();
    await sleep(config.temporalDownS * 1000);
    await stack.startTemporal();
    let to = Date.now();
    windows.push({ fault: 'Temporal kill -9', from, to, recoveryMs: await untilHealthy(ctx, to) });

    await sleep(config.gapS * 1000);
    log(`Postgres: stopped for ${config.postgresDownS} s`);
    from = Date.now();
    await stack.stopPostgres();
    await sleep(config.postgresDownS * 1000);
    await stack.startPostgres();
    to = Date.now();
    windows.push({ fault: 'Postgres stopped', from, to, recoveryMs: await untilHealthy(ctx, to) });

    await sleep(config.gapS * 1000);
    log(`SMTP: 451 for everyone for ${config.smtpDeferS} s`);
    const refusedBefore = stack.sink.refused.length;
    from = Date.now();
    stack.sink.setResponder(mailFaults.deferEveryone());
    await sleep(config.smtpDeferS * 1000);
    const refusedMid = stack.sink.refused.length;
    windows.push({ fault: 'SMTP 451 for everyone', from, to: Date.now(), count: refusedMid - refusedBefore });

    log(`SMTP: 550 for ${ctx.rejectedRecipients.join(', ')} for ${config.smtpRejectS} s`);
    from = Date.now();
    stack.sink.setResponder(mailFaults.rejectRecipients(ctx.rejectedRecipients));
    await sleep(config.smtpRejectS * 1000);
    stack.sink.setResponder(null);
    windows.push({
      fault: 'SMTP 550 for some recipients',
      from,
      to: Date.now(),
      count: stack.sink.refused.length - refusedMid,
      recipients: ctx.rejectedRecipients,
    });
  } finally {
    stack.sink.setResponder(null);
    await stopProbes();
  }
  return windows;
}
