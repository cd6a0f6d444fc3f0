import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { replayHistories, type ReplayVerdict } from '../../libs/audit/replay.js';
import { historyFiles } from '../../libs/audit/replay-items.js';
import { installQuietRuntime, workflowBundle } from '../support/temporal.js';

const root = fileURLToPath(new URL('./histories', import.meta.url));

function storedHistories(): { name: string; workflowType: string; json: string }[] {
  return historyFiles(root).map(({ name, path }) => ({ name, workflowType: name.split('/')[0], json: readFileSync(path, 'utf8') }));
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
      'archiveYear',
      'dailyDigest',
      'deadline',
      'loginLockout',
      'noticeSweep',
      'projectLifecycle',
      'rectification',
      'reportingCampaign',
      'scheduledTermChange',
      'yearEndEvaluation',
    ]);
  });

  it('holds both runs of every long-lived workflow that continues as new when Temporal suggests it', () => {
    const continued = histories.filter((h) => h.json.includes('EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW')).map((h) => h.workflowType);
    const resumed = histories.filter((h) => h.json.includes('"continuedExecutionRunId"')).map((h) => h.workflowType);
    for (const type of ['deadline', 'projectLifecycle', 'rectification', 'reportingCampaign']) {
      expect([type, continued.includes(type), resumed.includes(type)]).toEqual([type, true, true]);
    }
  });

  it('round-trips history JSON unchanged (a second protobufjs copy would break this)', () => {
    const { json } = histories.find((h) => h.workflowType === 'projectLifecycle')!;
    const history = historyFromJSON(JSON.parse(json));
    expect(history.events?.length).toBeGreaterThan(10);
    expect(JSON.parse(historyToJSON(history))).toEqual(JSON.parse(json));
  });

  it('replays every stored history deterministically against the current code', async () => {
    const failures: string[] = [];
    const items = histories.map((h) => ({ name: h.name, history: JSON.parse(h.json) as unknown }));
    let replayed = 0;
    // The bundle of the source tree, never a prebuilt one a shell's WORKFLOW_BUNDLE_PATH may point at.
    for await (const verdict of replayHistories(items, { bundle: await workflowBundle() })) {
      replayed++;
      if (!verdict.deterministic) {
        const { eventId, expected, found, message } = verdict.divergence;
        failures.push(`${verdict.name}: event ${eventId}: expected ${expected}, found ${found} (${message})`);
      }
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(items.length);
    expect(items.length).toBeGreaterThanOrEqual(5);
  });

  it('answers for every history in order, in either form, whatever is wrong with one of them', async () => {
    const { json } = histories.find((h) => h.workflowType === 'dailyDigest')!;
    const recorded = JSON.parse(json) as { events: unknown[] };
    const items = [
      { name: 'as stored', history: recorded },
      { name: 'not a history', history: { events: [{ eventId: '1', foo: 1 }] } },
      // The form fetchHistory and exportWorkflow return.
      { name: 'as fetched', history: historyFromJSON(recorded) },
      // A delayed start before its first workflow task: no code has run, so none can have diverged.
      { name: 'not started yet', history: { events: recorded.events.slice(0, 1) } },
    ];
    const verdicts: ReplayVerdict[] = [];
    for await (const verdict of replayHistories(items, { bundle: await workflowBundle() })) verdicts.push(verdict);
    expect(verdicts.map((v) => [v.name, v.deterministic])).toEqual([
      ['as stored', true],
      ['not a history', false],
      ['as fetched', true],
      ['not started yet', true],
    ]);
    expect(verdicts[1]).toMatchObject({ divergence: { eventId: null, found: expect.stringContaining('Missing attributes in history event') } });
  });
});
