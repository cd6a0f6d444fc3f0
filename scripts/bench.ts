import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { runAuditBench } from '../bench/audit.js';
import { breakDownDecision } from '../bench/breakdown.js';
import { Cleanup } from '../bench/cleanup.js';
import { loadBenchConfig, usage, type BenchConfig } from '../bench/config.js';
import { prepareLaunchTasks, runDecisionBench, startUpdateTargets, type DecisionContext } from '../bench/decision.js';
import { Api } from '../bench/http.js';
import { createBenchOrg, createDrafts } from '../bench/org.js';
import { loadAverageNow, machine, printResults, submitComparison, verdicts, writeResults, type BenchResults, type Measurement } from '../bench/report.js';
import { Observer } from '../bench/settle.js';
import { prepareBuild, runAdmin, startClusterStack, startStack, type BenchStack } from '../bench/stack.js';
import { measureBareStarts, measureSubmits } from '../bench/submit.js';

/**
 * `npm run bench`: decision latency and submit throughput of the real API and worker on the local dev server,
 * each beside the bare Temporal operation it is built on (bench/README.md); `--cluster` measures the production
 * topology too, in the same run. Not part of `npm test`.
 */
const log = (message: string) => console.log(`[bench] ${message}`);

/** The decision and submit measurements on one stack, from its first request to its work drained. */
async function measure(config: BenchConfig, stack: BenchStack, cleanup: Cleanup): Promise<Measurement> {
  const loadBefore = loadAverageNow();
  const connection = await Connection.connect({ address: stack.temporalAddress });
  cleanup.add('Temporal client', () => connection.close());
  const client = new Client({ connection });
  const observer = new Observer(stack.databaseUrl);
  cleanup.add('database observer', () => observer.close());
  const api = new Api(...stack.apiUrls);
  const org = await createBenchOrg(api, runAdmin);
  const ctx: DecisionContext = { api, org, client, observer, bareTaskQueue: stack.bareTaskQueue, log };

  const { warmup, lowCount, highRate, highSeconds } = config.decision;
  const samples = config.breakdownSamples;
  const decisions = warmup + lowCount + Math.round(highRate * highSeconds);
  const tasks = await prepareLaunchTasks(ctx, decisions + 2 * samples);
  const targets = await startUpdateTargets(ctx, decisions + samples);
  const decision = await runDecisionBench(ctx, config.decision, tasks, targets);
  log(`breaking one decision down (${samples} samples)`);
  const breakdown = await breakDownDecision(ctx, samples, tasks, targets);
  // Every prepared project has had its first-level task decided, which opened one for the second level.
  const approvalTasks = 2 * (decisions + 2 * samples);
  await observer.launchWorkSettled(approvalTasks);

  log(`creating ${config.submitDrafts} drafts for the submit window`);
  const drafts = await createDrafts(api, org, config.submitDrafts, 16);
  log(`HTTP submits for ${config.submit.seconds} s, ${config.submit.concurrency} in flight`);
  const http = await measureSubmits(api, org, observer, drafts, config.submit, approvalTasks);
  log(`bare starts for ${config.submit.seconds} s, ${config.submit.concurrency} in flight`);
  const bareStart = await measureBareStarts(client, stack.bareTaskQueue, config.submit);
  const submit = submitComparison(http, bareStart);
  return {
    stack: { postgres: stack.postgres, temporal: stack.temporal, ...stack.processes },
    loadAverage: { before: loadBefore, after: loadAverageNow() },
    decision,
    breakdown,
    submit,
    targets: verdicts(decision, submit),
  };
}

/**
 * The dev server's stack, measured and stopped; then, with `--cluster`, the production topology from the same
 * build, measured the same way, so the two sets of figures come from one run on one machine.
 */
async function run(config: BenchConfig, workDir: string, cleanup: Cleanup): Promise<BenchResults> {
  const startedAt = new Date().toISOString();
  const build = await prepareBuild(workDir, log);
  const onStack = async (start: typeof startStack): Promise<Measurement> => {
    // The stack's own steps, stopped before the next stack starts (and by an interrupt meanwhile).
    const own = new Cleanup();
    cleanup.add('stack', () => own.inOrder(log));
    try {
      return await measure(config, await start(build, workDir, own, log), own);
    } finally {
      log('stopping the stack');
      await own.inOrder(log);
    }
  };
  const dev = await onStack(startStack);
  const cluster = config.cluster ? await onStack(startClusterStack) : undefined;
  return { startedAt, finishedAt: new Date().toISOString(), machine: machine(), config, ...dev, ...(cluster && { cluster }) };
}

async function main(): Promise<number> {
  if (process.argv.includes('--help')) {
    console.log(usage());
    return 0;
  }
  let config: BenchConfig;
  try {
    config = loadBenchConfig(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (config.audit) {
    const { results, file } = await runAuditBench(config.quick ? 2 : 5, log);
    console.log(JSON.stringify(results, null, 2));
    log(`results written to ${file}`);
    return 0;
  }
  const workDir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
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

  let failed = false;
  try {
    const results = await run(config, workDir, cleanup);
    printResults(results, writeResults(results, 'bench/results'));
  } catch (error) {
    failed = true;
    console.error(error);
  }
  if (interrupted) return new Promise(() => undefined); // interrupt() exits once everything has stopped
  log('stopping');
  await cleanup.inOrder(log);
  if (failed) log(`service logs kept in ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
  return failed ? 1 : 0;
}

// Exit explicitly: the HTTP agent's idle keep-alive sockets would hold the process open for a while.
process.exit(await main());
