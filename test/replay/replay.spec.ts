import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { installQuietRuntime, workflowBundle } from '../support/temporal.js';

const root = fileURLToPath(new URL('./histories', import.meta.url));

function storedHistories(): { name: string; workflowType: string; json: string }[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(root, d.name))
        .filter((f) => f.endsWith('.json'))
        .map((f) => ({ name: relative(root, join(root, d.name, f)), workflowType: d.name, json: readFileSync(join(root, d.name, f), 'utf8') })),
    );
}

/**
 * Histories captured from real runs (`npm run capture-histories`) must replay against today's workflow code.
 * A failure here means a change would break executions already running: guard it with patched().
 */
describe('stored workflow histories', () => {
  const histories = storedHistories();

  beforeAll(() => installQuietRuntime());

  it('covers every workflow type Tandem runs', () => {
    expect([...new Set(histories.map((h) => h.workflowType))].sort()).toEqual([
      'approvalChain',
      'dailyDigest',
      'deadline',
      'projectLifecycle',
      'rectification',
      'reportingCampaign',
      'yearEndEvaluation',
    ]);
  });

  it('round-trips history JSON unchanged (a second protobufjs copy would break this)', () => {
    const { json } = histories.find((h) => h.workflowType === 'projectLifecycle')!;
    const history = historyFromJSON(JSON.parse(json));
    expect(history.events?.length).toBeGreaterThan(10);
    expect(JSON.parse(historyToJSON(history))).toEqual(JSON.parse(json));
  });

  it('replays every stored history deterministically against the current code', async () => {
    const failures: string[] = [];
    const items = histories.map((h) => ({ workflowId: h.name, history: JSON.parse(h.json) as unknown }));
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, items)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.name}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(items.length).toBeGreaterThanOrEqual(5);
  });
});
