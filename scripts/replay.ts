import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { exportWorkflow } from '../libs/audit/history-export.js';
import { replayBundle, replayHistories, type ReplayVerdict } from '../libs/audit/replay.js';
import { historyFiles, replayItemsOf, replayItemsOfExport, type ReplayItem } from '../libs/audit/replay-items.js';
import { loadTemporalConfig } from '../libs/config/index.js';
import { connectClient } from '../libs/temporal/client.js';
import { progressLine } from './progress-line.js';

/**
 * `npm run replay -- --workflow-id ID | --file F | --dir D`: replays recorded histories against today's workflow code
 * (the prebuilt bundle when WORKFLOW_BUNDLE_PATH is set). Exit 0: every history replays; 1: at least one diverged;
 * 2: nothing could be checked (bad arguments, unreadable input, Temporal unreachable), so CI can tell them apart.
 */
const usage = 'usage: npm run replay -- --workflow-id ID | --file F | --dir D';

class UsageError extends Error {}

type Source = { flag: 'workflow-id' | 'file' | 'dir'; value: string };

function sourceOf(args: string[]): Source {
  const options = { 'workflow-id': { type: 'string' }, file: { type: 'string' }, dir: { type: 'string' } } as const;
  let values: Partial<Record<Source['flag'], string>>;
  try {
    ({ values } = parseArgs({ args, options, strict: true }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const given = Object.entries(values) as [Source['flag'], string][];
  if (given.length !== 1) throw new UsageError('give exactly one of --workflow-id, --file and --dir');
  const [[flag, value]] = given;
  return { flag, value };
}

function itemsOfFile(path: string, name: string): ReplayItem[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(error instanceof SyntaxError ? `${path} is not JSON: ${error.message}` : (error as Error).message);
  }
  return replayItemsOf(json, name);
}

function itemsOfDir(dir: string): ReplayItem[] {
  const files = historyFiles(dir);
  if (files.length === 0) throw new Error(`no *.json files under ${dir}`);
  return files.flatMap(({ name, path }) => itemsOfFile(path, name));
}

async function itemsOfWorkflow(workflowId: string): Promise<ReplayItem[]> {
  const client = await connectClient(loadTemporalConfig());
  try {
    return replayItemsOfExport(await exportWorkflow(client, workflowId));
  } finally {
    await client.connection.close();
  }
}

function itemsOf({ flag, value }: Source): Promise<ReplayItem[]> | ReplayItem[] {
  switch (flag) {
    case 'workflow-id':
      return itemsOfWorkflow(value);
    case 'file':
      return itemsOfFile(value, value);
    case 'dir':
      return itemsOfDir(value);
  }
}

function report(verdicts: ReplayVerdict[], seconds: number): string {
  const diverged = verdicts.flatMap((v) => (v.deterministic ? [] : [v]));
  const outcome = diverged.length === 0 ? 'all deterministic' : `${diverged.length} diverged`;
  const lines = [`${verdicts.length} ${verdicts.length === 1 ? 'history' : 'histories'} replayed in ${seconds.toFixed(1)} s: ${outcome}`];
  for (const { name, workflowId, divergence } of diverged) {
    lines.push(
      `DIVERGED ${name} (workflow ${workflowId})`,
      `  event:    ${divergence.eventId ?? 'none'}${divergence.eventType ? ` (${divergence.eventType})` : ''}`,
      `  expected: ${divergence.expected}`,
      `  found:    ${divergence.found}`,
      `  message:  ${divergence.message}`,
    );
  }
  return lines.join('\n');
}

// Each failed replay is in the summary, the workflow's stack included; the worker's own log of it would only repeat it.
Runtime.install({ logger: new DefaultLogger('ERROR', () => undefined), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });

try {
  const started = Date.now();
  const items = await itemsOf(sourceOf(process.argv.slice(2)));
  const progress = items.length > 1 ? progressLine(process.stderr) : undefined;
  const verdicts: ReplayVerdict[] = [];
  let diverged = 0;
  for await (const verdict of replayHistories(items, { bundle: await replayBundle(process.env.WORKFLOW_BUNDLE_PATH || null) })) {
    verdicts.push(verdict);
    if (!verdict.deterministic) diverged++;
    progress?.(verdicts.length, items.length, `replayed ${verdicts.length}/${items.length} · ${diverged} diverged`);
  }
  console.log(report(verdicts, (Date.now() - started) / 1000));
  process.exitCode = diverged === 0 ? 0 : 1;
} catch (error) {
  console.error(`replay: ${(error as Error).message}`);
  if (error instanceof UsageError) console.error(usage);
  process.exitCode = 2;
}
