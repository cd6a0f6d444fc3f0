import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What is replayed, and where it comes from: plain data, so the API can read an upload without loading the replayer
 * (libs/audit/replay.ts brings the worker runtime).
 */
export interface ReplayItem {
  /** How reports name the history: a file, a run of an export, a workflow id and run. */
  name: string;
  /** Defaults to the id the history's start event records, else the name. Workflows read it, so replay uses the real one. */
  workflowId?: string;
  /** Temporal's history JSON (`{ events: [...] }`, as historyToJSON writes it) or the IHistory that fetchHistory returns. */
  history: unknown;
}

/** Every run of an exported workflow, oldest first: a continued-as-new run replays from its own history. */
export const replayItemsOfExport = ({ workflowId, runs }: { workflowId: string; runs: { runId: string; history: unknown }[] }): ReplayItem[] =>
  runs.map(({ runId, history }) => ({ name: `${workflowId} run ${runId}`, workflowId, history }));

/**
 * An uploaded or stored file: one history as Temporal writes it ({ events }), or an export of every run of one
 * workflow ({ workflowId, runs }, as GET /audit/workflows/:id/history answers).
 */
export function replayItemsOf(json: unknown, name: string): ReplayItem[] {
  const { events, workflowId, runs } = (json ?? {}) as { events?: unknown; workflowId?: unknown; runs?: unknown };
  if (Array.isArray(events)) return [{ name, history: json }];
  if (typeof workflowId === 'string' && Array.isArray(runs)) return replayItemsOfExport({ workflowId, runs: runs as { runId: string; history: unknown }[] });
  throw new Error(`${name} holds neither a workflow history ({ "events": [...] }) nor an export ({ "workflowId", "runs": [...] })`);
}

/** Every *.json below a folder, sorted, as `name` (relative to it) and `path`: stored histories, a downloaded bundle. */
export function historyFiles(dir: string): { name: string; path: string }[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((file) => file.endsWith('.json') && statSync(join(dir, file)).isFile())
    .sort()
    .map((name) => ({ name, path: join(dir, name) }));
}
