import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';

const uuid = /-?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** The nominal time Temporal appends to the id of a run a schedule starts. */
const scheduledTime = /-\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * Writes the history of every execution that ran on a task queue to `<dir>/<workflowType>/<version>-<case>.json`.
 * The case is the workflow id without its uuids or a scheduled run's time (approval-launch-r1, deadline-report-q4,
 * campaign-scheduled, …), so a re-capture replaces files instead of piling up new ones.
 */
export async function captureHistories(client: Client, taskQueue: string, dir: string, version: string): Promise<string[]> {
  const written: string[] = [];
  const seen = new Map<string, number>();
  for await (const execution of client.workflow.list({ query: `TaskQueue = "${taskQueue}"` })) {
    const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
    const base = `${version}-${execution.workflowId.replace(uuid, '').replace(scheduledTime, '-scheduled').replaceAll('/', '-')}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const folder = join(dir, execution.type);
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `${n === 1 ? base : `${base}-${n}`}.json`);
    writeFileSync(file, `${historyToJSON(history)}\n`);
    written.push(file);
  }
  return written;
}
