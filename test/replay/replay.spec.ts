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

  it('replays an item that was told to continue as new before items did so: it went on in the same run', async () => {
    // A reopened item recorded before the continue-as-new change; Temporal's suggestion is set on every task from event 30.
    const recorded = JSON.parse(histories.find((h) => h.name === 'rectification/v6-rectification.json')!.json) as { events: Record<string, any>[] };
    expect(recorded.events.some((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW')).toBe(false);
    const suggested = recorded.events.map((e) =>
      Number(e.eventId) >= 30 && e.workflowTaskStartedEventAttributes ? { ...e, workflowTaskStartedEventAttributes: { ...e.workflowTaskStartedEventAttributes, suggestContinueAsNew: true } } : e,
    );
    expect(suggested.filter((e) => e.workflowTaskStartedEventAttributes?.suggestContinueAsNew).length).toBeGreaterThan(3);
    const verdicts: ReplayVerdict[] = [];
    for await (const verdict of replayHistories([{ name: 'suggested', history: { events: suggested } }], { bundle: await workflowBundle() })) verdicts.push(verdict);
    expect(verdicts).toEqual([expect.objectContaining({ deterministic: true })]);
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
