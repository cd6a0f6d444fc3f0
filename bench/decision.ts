import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Api } from './http.js';
import { inLanes, openLoop, type OpenLoopResult } from './load.js';
import { createDrafts, type BenchOrg } from './org.js';
import type { Observer } from './settle.js';
import { ratio } from './stats.js';
import { pingUpdate } from './workflows/messages.js';

export interface DecisionPlan {
  warmup: number;
  lowRate: number;
  lowCount: number;
  highRate: number;
  highSeconds: number;
}

export interface RateComparison {
  rate: number;
  decision: OpenLoopResult;
  bareUpdate: OpenLoopResult;
  /** decision / bare update. */
  ratioP50: number;
  ratioP99: number;
}

export interface DecisionContext {
  api: Api;
  org: BenchOrg;
  client: Client;
  observer: Observer;
  bareTaskQueue: string;
  log(message: string): void;
}

export interface OpenTaskRef {
  id: string;
  workflowId: string;
}

/**
 * Open launch tasks for the first level's secretary, one per project: drafts submitted through HTTP (untimed), then waited for until the
 * chain workflows have opened and announced them. Each measured decision hits its own chain, as real ones do.
 */
export async function prepareLaunchTasks({ api, org, observer, log }: DecisionContext, count: number): Promise<OpenTaskRef[]> {
  log(`preparing ${count} open approval tasks (drafts, submits)`);
  const drafts = await createDrafts(api, org, count, 8);
  await inLanes(drafts, 8, (id) => api.settled('POST', `/projects/${id}/submit`, { token: org.chen.token }));
  await observer.launchWorkSettled(count);
  const tasks = await observer.openApprovalTasks(org.decider.id);
  if (tasks.length < count) throw new Error(`expected ${count} open tasks for the first level, found ${tasks.length}`);
  return tasks;
}

/** The baseline's counterpart of an open task: a running workflow with an update handler, one per request. */
export async function startUpdateTargets({ client, bareTaskQueue }: DecisionContext, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => `bench-target-${randomUUID()}`);
  await inLanes(ids, 8, (workflowId) => client.workflow.start('updateTarget', { taskQueue: bareTaskQueue, workflowId }));
  return ids;
}

/** A timed decision the API could not confirm in time (503), with the key it was sent with. */
export interface Unconfirmed {
  task: OpenTaskRef;
  key: string;
}

const decisionPath = (task: OpenTaskRef) => `/tasks/${task.id}/decision`;
const decisionOptions = (org: BenchOrg, key: string) => ({ token: org.decider.token, body: { decision: 'approve' }, idempotent: true, key });

/** One timed attempt; a 503 counts as an error and is kept in `unconfirmed` to be sent again untimed (`confirm`). */
export const decide = (api: Api, org: BenchOrg, unconfirmed: Unconfirmed[] = []) => async (task: OpenTaskRef) => {
  const key = randomUUID();
  const answer = await api.call('POST', decisionPath(task), decisionOptions(org, key));
  if (answer.status === 503) unconfirmed.push({ task, key });
  if (answer.status >= 300) throw new Error(`POST ${decisionPath(task)} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
};

/**
 * Sends each unconfirmed decision again with its first key, as a careful client does, so every decision of a phase
 * acts once and the work it leaves can be waited for; a starved run otherwise waits for decisions nobody retried.
 */
async function confirm({ api, org }: DecisionContext, unconfirmed: Unconfirmed[]): Promise<void> {
  await inLanes(unconfirmed.splice(0), 8, ({ task, key }) => api.settled('POST', decisionPath(task), decisionOptions(org, key)));
}

export const ping = (client: Client) => async (workflowId: string) => {
  await client.workflow.getHandle(workflowId).executeUpdate(pingUpdate, { args: [1], updateId: randomUUID() });
};

/**
 * Decisions and bare updates at the same arrival rate, one after the other on a quiet system: each decision
 * leaves work behind (the next level's mail), which is waited for before the bare updates run.
 */
async function compareAt(ctx: DecisionContext, rate: number, tasks: OpenTaskRef[], targets: string[], decidedBefore: number, launchTasks: number): Promise<RateComparison> {
  ctx.log(`decisions at ${rate}/s: ${tasks.length} requests`);
  const unconfirmed: Unconfirmed[] = [];
  const decision = await openLoop(tasks, rate, decide(ctx.api, ctx.org, unconfirmed));
  await confirm(ctx, unconfirmed);
  await ctx.observer.launchWorkSettled(launchTasks + decidedBefore + tasks.length);
  ctx.log(`bare updates at ${rate}/s: ${targets.length} requests`);
  const bareUpdate = await openLoop(targets, rate, ping(ctx.client));
  return { rate, decision, bareUpdate, ratioP50: ratio(decision.latency.p50, bareUpdate.latency.p50), ratioP99: ratio(decision.latency.p99, bareUpdate.latency.p99) };
}

/** Warm-up, then the low and the high rate. Takes its tasks and targets from the front of the lists it is given. */
export async function runDecisionBench(ctx: DecisionContext, plan: DecisionPlan, tasks: OpenTaskRef[], targets: string[]): Promise<{ low: RateComparison; high: RateComparison }> {
  const launchTasks = tasks.length;
  const highCount = Math.round(plan.highRate * plan.highSeconds);
  const take = (n: number) => ({ tasks: tasks.splice(0, n), targets: targets.splice(0, n) });

  const warm = take(plan.warmup);
  ctx.log(`warm-up: ${plan.warmup} decisions and bare updates at 5/s`);
  const unconfirmed: Unconfirmed[] = [];
  await openLoop(warm.tasks, 5, decide(ctx.api, ctx.org, unconfirmed));
  await confirm(ctx, unconfirmed);
  await openLoop(warm.targets, 5, ping(ctx.client));
  await ctx.observer.launchWorkSettled(launchTasks + plan.warmup);

  const low = take(plan.lowCount);
  const lowResult = await compareAt(ctx, plan.lowRate, low.tasks, low.targets, plan.warmup, launchTasks);
  const high = take(highCount);
  const highResult = await compareAt(ctx, plan.highRate, high.tasks, high.targets, plan.warmup + plan.lowCount, launchTasks);
  await ctx.observer.launchWorkSettled(launchTasks + plan.warmup + plan.lowCount + highCount);
  return { low: lowResult, high: highResult };
}
