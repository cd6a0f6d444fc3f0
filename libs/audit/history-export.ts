import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { projectWorkflowId } from '../domain/index.js';
import { startInputOf } from './history-steps.js';

type History = temporal.api.history.v1.IHistory;

export interface ExportedRun {
  runId: string;
  history: History;
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
export type ExportedWorkflowJson = Omit<ExportedWorkflow, 'runs'> & { runs: { runId: string; history: unknown }[] };

const startedOf = (history: History) => history.events?.[0]?.workflowExecutionStartedEventAttributes;

/**
 * Every run of a workflow id: the latest run names the one it continued from, back to the first. Following the
 * chain in the histories themselves needs no visibility query, which the server fills in only eventually.
 */
export async function exportWorkflow(client: Client, workflowId: string): Promise<ExportedWorkflow> {
  const latest = await client.workflow.getHandle(workflowId).describe();
  const runs: ExportedRun[] = [];
  let earlierRunsMissing = false;
  for (let runId: string | null | undefined = latest.runId; runId; ) {
    let history: History;
    try {
      history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    } catch (error) {
      // An item open for years keeps its latest runs while the first ones pass the retention; those still held count.
      if (runs.length === 0 || !(error instanceof WorkflowNotFoundError)) throw error;
      earlierRunsMissing = true;
      break;
    }
    runs.unshift({ runId, history });
    runId = startedOf(history)?.continuedExecutionRunId || null;
  }
  const children = runs.flatMap(({ history }) =>
    (history.events ?? []).flatMap((e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId ?? []),
  );
  return { workflowId, workflowType: latest.type, runs, earlierRunsMissing, children: [...new Set(children)] };
}

/**
 * What the latest run of a workflow was started with, from its first event alone: enough to tell whose it is before
 * anything else is fetched. Unknown ids throw WorkflowNotFoundError.
 */
export async function startInputOfWorkflow(client: Client, workflowId: string): Promise<Record<string, unknown>> {
  const { runId } = await client.workflow.getHandle(workflowId).describe();
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
export async function exportProjectWorkflows(client: Client, projectId: string): Promise<ExportedWorkflow[]> {
  const visit = async (workflowId: string, root: boolean): Promise<ExportedWorkflow[]> => {
    let workflow: ExportedWorkflow;
    try {
      workflow = await exportWorkflow(client, workflowId);
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
  runs: workflow.runs.map(({ runId, history }) => ({ runId, history: JSON.parse(historyToJSON(history)) as unknown })),
});
