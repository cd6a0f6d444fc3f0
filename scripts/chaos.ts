import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChaosClient } from '../bench/chaos/client.js';
import { between, loadChaosConfig, usage, type ChaosConfig } from '../bench/chaos/config.js';
import { answersDuring, runOutages, startWorkerKills, type FaultWindow, type OutageAnswers } from '../bench/chaos/faults.js';
import { driveLaunches, type LaunchOutcome } from '../bench/chaos/launches.js';
import { startChaosStack } from '../bench/chaos/stack.js';
import { runAdmin } from '../bench/stack.js';
import { tally, waitUntilIdle, type Tally } from '../bench/chaos/tally.js';
import { Cleanup } from '../bench/cleanup.js';
import { Api } from '../bench/http.js';
import { createBenchOrg } from '../bench/org.js';
import { machine, writeResults } from '../bench/report.js';

/**
 * `npm run chaos`: project launches driven through the API while the worker, the Temporal server, Postgres and the
 * mail server fail in turn; then, once idle, what was lost, duplicated or left stuck (bench/README.md). Exit 1 when
 * a target is missed. Not part of `npm test`.
 */
// Timed, so a line can be matched with the services' own logs (a worker's start, a kill, a timed-out task).
const log = (message: string) => console.log(`[chaos] ${new Date().toISOString().slice(11, 19)} ${message}`);

interface Target {
  target: string;
  measured: number;
  pass: boolean;
}

interface FaultReport extends FaultWindow {
  answers: OutageAnswers;
}

interface ChaosResults {
  startedAt: string;
  finishedAt: string;
  machine: ReturnType<typeof machine>;
  config: ChaosConfig;
  launches: { asked: number; done: number; notDone: number; conflictsAfterRetry: number; errors: string[]; p50Ms: number; maxMs: number };
  workerRestarts: number;
  apiRestarts: number;
  faults: FaultReport[];
  idle: { reached: boolean; waitedMs: number };
  tally: Tally;
  targets: Target[];
  pass: boolean;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const statuses = (a: OutageAnswers) =>
  Object.entries(a.statuses)
    .sort()
    .map(([s, n]) => `${s}×${n}`)
    .join(' ') || 'no requests';

function faultLine(f: FaultReport): string {
  const span = seconds(f.to - f.from);
  const answers = `API answered ${statuses(f.answers)}; 503+Retry-After ${f.answers.unavailableWithRetryAfter}, unhelpful ${f.answers.unhelpful}, slowest ${seconds(f.answers.slowestMs)}`;
  switch (f.fault) {
    case 'worker kill -9':
      return `worker kill -9: ${f.count} kills over ${span}; ${answers}`;
    case 'Temporal kill -9':
    case 'Postgres stopped':
      return `${f.fault}: down ${span}, healthy ${f.recoveryMs === null || f.recoveryMs === undefined ? 'never (within 120 s)' : `${seconds(f.recoveryMs)} after`}; ${answers}`;
    case 'SMTP 451 for everyone':
    case 'SMTP 550 for some recipients':
      return `${f.fault}: ${span}, ${f.count} SMTP refusals${f.recipients ? ` (${f.recipients.join(', ')})` : ''}`;
  }
}

function targetsOf(r: Omit<ChaosResults, 'targets' | 'pass'>): Target[] {
  const t = r.tally;
  const outages = r.faults.filter((f) => f.fault === 'Temporal kill -9' || f.fault === 'Postgres stopped');
  const unhelpful = outages.reduce((sum, f) => sum + f.answers.unhelpful, 0);
  const slow = outages.reduce((sum, f) => sum + f.answers.slowerThan5s, 0);
  const notActive = Object.values(t.notActive).reduce((a, b) => a + b, 0);
  const target = (name: string, measured: number): Target => ({ target: name, measured, pass: measured === 0 });
  return [
    target('launches asked for and not completed', r.launches.notDone),
    target('launched projects not active', notActive),
    target('launch levels without exactly one decision', t.levelsWithoutDecision + t.levelsWithSeveralDecisions),
    target('duplicated rows (task rows, projects created twice)', t.duplicatedTaskRows + t.unexpectedProjects),
    target('broken audit chains', t.audit.broken),
    target('notices lost (pending, sent but not received, failed unrefused)', t.mail.lost),
    target('duplicate mails (same X-Tandem-Notice-Key)', t.mail.duplicateMails),
    target('failed, timed-out or terminated workflows, approval chains still running', t.workflows.failed + t.workflows.timedOut + t.workflows.terminated + t.workflows.runningChains),
    target('outage answers other than 503 with Retry-After (5xx, timeouts, refused)', unhelpful),
    target('outage answers slower than 5 s', slow),
  ];
}

async function run(config: ChaosConfig, workDir: string, cleanup: Cleanup): Promise<ChaosResults> {
  const startedAt = new Date().toISOString();
  const stack = await startChaosStack(workDir, () => between(config.workerRestartMinS, config.workerRestartMaxS), cleanup, log);
  log(`services' logs in ${stack.logDir}`);
  const api = new Api(stack.apiUrl);
  for (let waited = 0; ; waited += 500) {
    const health = await fetch(`${stack.apiUrl}/health`).catch(() => null);
    if (health?.ok) break;
    if (waited > 180_000) throw new Error('the API did not become healthy within 180 s');
    await new Promise((r) => setTimeout(r, 500));
  }
  // /health/ready where the API has it (readiness apart from liveness), else the single /health.
  const healthPath = (await fetch(`${stack.apiUrl}/health/ready`)).status === 404 ? '/health' : '/health/ready';
  const org = await createBenchOrg(api, runAdmin);
  const probeProject = await api.ok('POST', '/projects', {
    token: org.chen.token,
    body: { title: '混沌探针', kind: 'vanguard_post', year: new Date().getFullYear(), orgUnitId: org.branchId, goals: [{ title: '隐患排查整改', target: '≥ 40 项' }] },
  });
  const chen = await api.ok('GET', '/me', { token: org.chen.token });

  const giveUpAt = Date.now() + config.maxMinutes * 60_000;
  const client = new ChaosClient(stack.apiUrl, config.requestTimeoutS * 1000, giveUpAt);
  const rejectedRecipients = [(await api.ok('GET', '/me', { token: org.next.token })).email as string];
  const ctx = {
    stack,
    client,
    config,
    healthPath,
    // bench/org.ts gives each of its people the password bench-<key>-1234.
    probe: { projectId: probeProject.id as string, token: org.chen.token, email: chen.email as string, password: 'bench-chen-1234' },
    rejectedRecipients,
    log,
  };

  log(`driving ${config.launches} launches, ${config.concurrency} in flight, while the faults run`);
  const kills = startWorkerKills(ctx);
  const outcomes: LaunchOutcome[] = [];
  const progress = setInterval(() => log(`launches ended: ${outcomes.length} of ${config.launches} (${outcomes.filter((o) => o.done).length} completed)`), 15_000);
  const [, outages] = await Promise.all([driveLaunches(client, org, config.launches, config.concurrency, giveUpAt, outcomes), runOutages(ctx)]).finally(() =>
    clearInterval(progress),
  );
  log(`launches ended: ${outcomes.length} of ${config.launches} (${outcomes.filter((o) => o.done).length} completed)`);
  const killWindow = await kills.stop();
  log('load and faults over; waiting for the system to become idle');
  const idle = await waitUntilIdle(stack.databaseUrl, stack.temporalAddress, config.settleS * 1000, log);
  const launched = outcomes.flatMap((o) => (o.projectId ? [o.projectId] : []));
  const created = [probeProject.id as string, ...launched];
  const counted = await tally(stack.databaseUrl, stack.temporalAddress, { launched, created }, stack.sink.messages, rejectedRecipients);
  const draftsNeverSubmitted = outcomes.filter((o) => o.projectId && !o.done).length;
  if (draftsNeverSubmitted > 0) log(`${draftsNeverSubmitted} launches stopped part-way (see launches.errors)`);

  // The worker is killed throughout: its line counts the answers outside the outages, which have lines of their own.
  const report = (w: FaultWindow): FaultReport => ({ ...w, answers: answersDuring(client.exchanges, w, w === killWindow ? outages : []) });
  const durations = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const partial: Omit<ChaosResults, 'targets' | 'pass'> = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machine(),
    config,
    launches: {
      asked: config.launches,
      done: outcomes.filter((o) => o.done).length,
      notDone: config.launches - outcomes.filter((o) => o.done).length,
      conflictsAfterRetry: outcomes.reduce((sum, o) => sum + o.conflictsAfterRetry, 0),
      errors: [...new Set(outcomes.flatMap((o) => (o.error ? [o.error] : [])))].slice(0, 20),
      p50Ms: durations[Math.floor(durations.length / 2)] ?? 0,
      maxMs: durations.at(-1) ?? 0,
    },
    workerRestarts: stack.worker.restarts,
    apiRestarts: stack.api.restarts,
    faults: [report(killWindow), ...outages.map(report)],
    idle: { reached: idle.idle, waitedMs: idle.waitedMs },
    tally: counted,
  };
  const targets = targetsOf(partial);
  return { ...partial, targets, pass: targets.every((t) => t.pass) };
}

function print(r: ChaosResults, file: string): void {
  const t = r.tally;
  console.log('');
  for (const f of r.faults) console.log(`FAULT  ${faultLine(f)}`);
  console.log(
    `COUNT  launches ${r.launches.done}/${r.launches.asked} done (p50 ${seconds(r.launches.p50Ms)}, max ${seconds(r.launches.maxMs)}, 409 after retry ${r.launches.conflictsAfterRetry}); ` +
      `restarts: worker ${r.workerRestarts}, api ${r.apiRestarts}; idle ${r.idle.reached ? 'reached' : 'NOT reached'} after ${seconds(r.idle.waitedMs)}`,
  );
  console.log(
    `COUNT  notices ${JSON.stringify(t.noticesByStatus)}; mails received ${t.mail.received}, duplicated ${t.mail.duplicateMails}, lost ${t.mail.lost}; ` +
      `in doubt after a kill mid-send (listed for admins, not resent): ${t.mail.inDoubt.received} received, ${t.mail.inDoubt.notReceived} not`,
  );
  console.log(`COUNT  audit: ${t.audit.chains} chains, ${t.audit.events} events, ${t.audit.broken} broken; workflows failed ${t.workflows.failed}, approval chains running ${t.workflows.runningChains}`);
  for (const target of r.targets) console.log(`${target.pass ? 'PASS' : 'MISS'}   ${target.target}: ${target.measured}`);
  console.log(`\n${r.pass ? 'every target met' : 'targets missed'}; results in ${file}`);
}

async function main(): Promise<number> {
  if (process.argv.includes('--help')) {
    console.log(usage());
    return 0;
  }
  let config: ChaosConfig;
  try {
    config = loadChaosConfig(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  // The harness stops its Postgres on purpose: it must be a cluster of its own, never a shared DATABASE_URL server.
  delete process.env.DATABASE_URL;
  const workDir = mkdtempSync(join(tmpdir(), 'tandem-chaos-'));
  // As root, the embedded cluster runs as the postgres OS user, which must be able to reach its folder inside.
  chmodSync(workDir, 0o755);
  const cleanup = new Cleanup();
  let interrupted = false;
  const interrupt = () => {
    if (interrupted) return;
    interrupted = true;
    log('interrupted: stopping everything');
    void cleanup.allNow().then(() => process.exit(130));
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);

  let code = 0;
  try {
    const results = await run(config, workDir, cleanup);
    print(results, writeResults(results, 'bench/results', 'chaos-'));
    code = results.pass ? 0 : 1;
  } catch (error) {
    code = 1;
    console.error(error);
  }
  if (interrupted) return new Promise(() => undefined); // interrupt() exits once everything has stopped
  log('stopping');
  await cleanup.inOrder(log);
  if (code === 0) rmSync(workDir, { recursive: true, force: true });
  else log(`services' logs kept in ${workDir}`);
  return code;
}

process.exit(await main());
