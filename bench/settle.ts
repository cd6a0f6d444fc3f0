import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import pg from 'pg';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `done` holds; returns how long that took, so a phase's tail of background work is reported too. */
async function until(what: string, done: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!(await done())) {
    if (performance.now() - started > timeoutMs) throw new Error(`${what}: not done within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
  return Math.round(performance.now() - started);
}

/**
 * Read-only looks at the bench's database: set-up and quiescence checks, never part of a timed request. The
 * timed phases run on a quiet system, so one phase's background work is not billed to the next.
 */
export class Observer {
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 2, application_name: 'tandem-bench' });
  }

  async openApprovalTasks(assigneeId: string): Promise<{ id: string; workflowId: string }[]> {
    const { rows } = await this.pool.query<{ id: string; workflow_id: string }>(
      "SELECT id, workflow_id FROM task WHERE assignee_id = $1 AND status = 'open' AND kind = 'approval' ORDER BY created_at, id",
      [assigneeId],
    );
    return rows.map((r) => ({ id: r.id, workflowId: r.workflow_id }));
  }

  /**
   * The launch work a submit or a decision leaves running after its answer is done: every approval task it opens
   * is in the table, and the mail announcing each has been sent (or has finally failed).
   */
  launchWorkSettled(expectedApprovalTasks: number, timeoutMs = 300_000): Promise<number> {
    return until(
      `${expectedApprovalTasks} approval tasks opened and announced`,
      async () => {
        const { rows } = await this.pool.query<{ tasks: string; announced: string }>(
          `SELECT (SELECT count(*) FROM task WHERE kind = 'approval') AS tasks,
                  (SELECT count(*) FROM notice WHERE kind = 'task_assigned' AND status <> 'pending') AS announced`,
        );
        const tasks = Number(rows[0].tasks);
        return tasks >= expectedApprovalTasks && Number(rows[0].announced) >= tasks;
      },
      timeoutMs,
    );
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** Until no execution of `workflowType` is running: the baseline's activities have all been run. */
export function workflowsFinished(client: Client, workflowType: string, timeoutMs = 300_000): Promise<number> {
  return until(
    `${workflowType} executions finished`,
    async () => (await client.workflow.count(`WorkflowType = '${workflowType}' AND ExecutionStatus = 'Running'`)).count === 0,
    timeoutMs,
  );
}
