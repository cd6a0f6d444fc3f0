import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import type { EntityManager } from 'typeorm';
import { projectWorkflowId } from '../domain/index.js';
import { archiveWorkflowType, childrenOf, isNotOnServer, readArchivedRun, readArchivedWorkflow } from './history-archive.js';
import { startInputOf } from './history-steps.js';

type History = temporal.api.history.v1.IHistory;

export interface ExportedRun {
  runId: string;
  history: History;
  /** Read from Tandem's archive (history_archive) because the server no longer holds the run. */
  fromArchive?: true;
}

/** One workflow execution as auditors receive it: every run, oldest first, and the children it started. */
export interface ExportedWorkflow {
  workflowId: string;
  workflowType: string;
  runs: ExportedRun[];
  /** Runs before the first listed are past the namespace's retention: the server no longer holds them. */
  earlierRunsMissing: boolean;
  children: string[];
}

/** The export in Temporal's own history JSON, which `temporal workflow show` and `npm run replay -- --file` read. */
export type ExportedWorkflowJson = Omit<ExportedWorkflow, 'runs'> & { runs: { runId: string; history: unknown; fromArchive?: true }[] };

const startedOf = (history: History) => history.events?.[0]?.workflowExecutionStartedEventAttributes;

/**
 * Every run of a workflow id: the latest run names the one it continued from, back to the first. Following the
 * chain in the histories themselves needs no visibility query, which the server fills in only eventually. With the
 * `archive`, a run the server no longer holds (past the namespace's retention) is read from Tandem's archive, run by
 * run: an execution wholly gone, or the first runs of one still open.
 */
export async function exportWorkflow(client: Client, workflowId: string, archive?: EntityManager): Promise<ExportedWorkflow> {
  let latest: { runId: string; type: string };
  try {
    latest = await client.workflow.getHandle(workflowId).describe();
  } catch (error) {
    if (!archive || !(error instanceof WorkflowNotFoundError)) throw error;
    return exportArchived(archive, workflowId, error);
  }
  const runs: ExportedRun[] = [];
  let earlierRunsMissing = false;
  for (let runId: string | null | undefined = latest.runId; runId; ) {
    let run: ExportedRun;
    try {
      run = { runId, history: await client.workflow.getHandle(workflowId, runId).fetchHistory() };
    } catch (error) {
      // An item open for years keeps its latest runs while the first ones pass the retention; those still held count.
      if (runs.length === 0 || !isNotOnServer(error)) throw error;
      const archived = archive ? await readArchivedRun(archive, workflowId, runId).catch(() => null) : null;
      if (!archived) {
        earlierRunsMissing = true;
        break;
      }
      run = { runId, history: archived.history, fromArchive: true };
    }
    runs.unshift(run);
    runId = startedOf(run.history)?.continuedExecutionRunId || null;
  }
  return { workflowId, workflowType: latest.type, runs, earlierRunsMissing, children: childIdsOf(runs) };
}

/** The archiver runs beside the project's executions, not as part of them: its outcome is the chain's event. */
const childIdsOf = (runs: ExportedRun[]): string[] => [
  ...new Set(runs.flatMap(({ history }) => childrenOf(history).flatMap((c) => (c.workflowType === archiveWorkflowType ? [] : [c.workflowId])))),
];

async function exportArchived(archive: EntityManager, workflowId: string, notOnServer: WorkflowNotFoundError): Promise<ExportedWorkflow> {
  const archived = await readArchivedWorkflow(archive, workflowId);
  if (archived.length === 0) throw notOnServer;
  const runs: ExportedRun[] = archived.map(({ runId, history }) => ({ runId, history, fromArchive: true }));
  const first = startedOf(runs[0].history);
  return {
    workflowId,
    workflowType: archived[archived.length - 1].workflowType,
    runs,
    earlierRunsMissing: Boolean(first?.continuedExecutionRunId),
    children: childIdsOf(runs),
  };
}

/**
 * What the latest run of a workflow was started with, from its first event alone: enough to tell whose it is before
 * anything else is fetched. Unknown ids throw WorkflowNotFoundError.
 */
export async function startInputOfWorkflow(client: Client, workflowId: string, archive?: EntityManager): Promise<Record<string, unknown>> {
  let runId: string;
  try {
    ({ runId } = await client.workflow.getHandle(workflowId).describe());
  } catch (error) {
    if (!archive || !(error instanceof WorkflowNotFoundError)) throw error;
    const runs = await readArchivedWorkflow(archive, workflowId);
    if (runs.length === 0) throw error;
    return startInputOf(runs[runs.length - 1].history.events?.[0]);
  }
  const { history } = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId, runId },
    maximumPageSize: 1,
  });
  return startInputOf(history?.events?.[0]);
}

/**
 * A project's year and everything it started, depth first in the order they were started: launch and review chains,
 * deadlines, rectification items (which outlive the year), the evaluation and their own children.
 */
export async function exportProjectWorkflows(client: Client, projectId: string, archive?: EntityManager): Promise<ExportedWorkflow[]> {
  const visit = async (workflowId: string, root: boolean): Promise<ExportedWorkflow[]> => {
    let workflow: ExportedWorkflow;
    try {
      workflow = await exportWorkflow(client, workflowId, archive);
    } catch (error) {
      // A child the server no longer holds (past its retention) leaves its records unmatched, which the timeline flags.
      if (!root && error instanceof WorkflowNotFoundError) return [];
      throw error;
    }
    // Siblings are fetched together: a year has some thirty executions, and one after another they add up.
    const below = await Promise.all(workflow.children.map((child) => visit(child, false)));
    return [workflow, ...below.flat()];
  };
  return visit(projectWorkflowId(projectId), true);
}

export const exportedToJson = (workflow: ExportedWorkflow): ExportedWorkflowJson => ({
  ...workflow,
  runs: workflow.runs.map(({ runId, history, fromArchive }) => ({ runId, history: JSON.parse(historyToJSON(history)) as unknown, ...(fromArchive ? { fromArchive } : {}) })),
});
