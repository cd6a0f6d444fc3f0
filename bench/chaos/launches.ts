import { randomUUID } from 'node:crypto';
import type { BenchOrg, Person } from '../org.js';
import { GaveUp, type ChaosClient } from './client.js';

export interface LaunchOutcome {
  projectId: string | null;
  done: boolean;
  /** Why it did not finish: the step and the last answer. */
  error?: string;
  /** A retried decision answered 409: the first attempt had acted, but its answer was lost. */
  conflictsAfterRetry: number;
  ms: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The open approval tasks of one person, read through `GET /tasks` as their to-do list shows them: one poll a
 * second serves every launch waiting on that person, so waiting costs the API one request per person, not per launch.
 */
class TaskBoard {
  private readonly waiting = new Map<string, (taskId: string) => void>();
  private polling = false;

  constructor(
    private readonly client: ChaosClient,
    private readonly person: Person,
  ) {}

  /** The open launch task of `level` on `projectId`, once it is there; GaveUp past the run's deadline. */
  taskFor(projectId: string, level: number, giveUpAt: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const key = `${projectId}/${level}`;
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        reject(new GaveUp(`the level ${level} task never appeared in the approver's GET /tasks`));
      }, Math.max(0, giveUpAt - Date.now()));
      this.waiting.set(key, (taskId) => {
        clearTimeout(timer);
        resolve(taskId);
      });
      void this.poll();
    });
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      while (this.waiting.size > 0) {
        const reply = await this.client.once('GET', '/tasks', '/tasks', { token: this.person.token });
        if (reply?.status === 200 && Array.isArray(reply.body)) {
          for (const task of reply.body as { id: string; projectId: string | null; purpose: string | null; level: number | null }[]) {
            const key = `${task.projectId}/${task.level}`;
            if (task.purpose === 'launch' && this.waiting.has(key)) {
              this.waiting.get(key)?.(task.id);
              this.waiting.delete(key);
            }
          }
        }
        if (this.waiting.size > 0) await sleep(1_000);
      }
    } finally {
      this.polling = false;
    }
  }
}

/**
 * Launches projects as their people would (each outcome pushed to `outcomes` as it ends, for the progress line), `concurrency` at a time: the owner creates a draft and submits it, the
 * branch secretary approves level 1, the general branch's secretary level 2. Every command carries one
 * Idempotency-Key for all its retries, so a retry after a lost answer must not act twice.
 */
export async function driveLaunches(client: ChaosClient, org: BenchOrg, count: number, concurrency: number, giveUpAt: number, outcomes: LaunchOutcome[]): Promise<LaunchOutcome[]> {
  const boards = [new TaskBoard(client, org.decider), new TaskBoard(client, org.next)];
  const approvers = [org.decider, org.next];
  const year = new Date().getFullYear();

  const launch = async (n: number): Promise<LaunchOutcome> => {
    const started = Date.now();
    let projectId: string | null = null;
    let conflictsAfterRetry = 0;
    try {
      const draft = await client.ok('POST', '/projects', '/projects', {
        token: org.chen.token,
        key: randomUUID(),
        body: { title: `混沌演练 ${n + 1}`, kind: 'vanguard_post', year, orgUnitId: org.branchId, goals: [{ title: '隐患排查整改', target: '≥ 40 项' }] },
      });
      projectId = draft.id as string;
      await client.ok('POST', `/projects/${projectId}/submit`, '/projects/:id/submit', { token: org.chen.token, key: randomUUID() });
      // Levels are numbered from 0, as tasks and decisions store them.
      for (const level of [0, 1]) {
        const taskId = await boards[level].taskFor(projectId, level, giveUpAt);
        const reply = await client.persist('POST', `/tasks/${taskId}/decision`, '/tasks/:id/decision', {
          token: approvers[level].token,
          key: randomUUID(),
          body: { decision: 'approve' },
        });
        // Only this harness decides these tasks, once each: a 409 means an earlier attempt of this very command acted
        // but the retry with its key was not answered with that first result.
        if (reply.status === 409) conflictsAfterRetry++;
        else if (reply.status >= 300) throw new GaveUp(`level ${level} decision answered ${reply.status}: ${JSON.stringify(reply.body)}`);
      }
      return { projectId, done: true, conflictsAfterRetry, ms: Date.now() - started };
    } catch (error) {
      if (!(error instanceof GaveUp)) throw error;
      return { projectId, done: false, error: error.message, conflictsAfterRetry, ms: Date.now() - started };
    }
  };

  let next = 0;
  const lane = async () => {
    while (next < count && Date.now() < giveUpAt) {
      outcomes.push(await launch(next++));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return outcomes;
}
