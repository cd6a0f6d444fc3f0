import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger, type WorkflowBundleOption } from '@temporalio/worker';
import { readNondeterminism } from '../../libs/audit/divergence.js';
import { replayHistories, type ReplayVerdict } from '../../libs/audit/replay.js';
import { installQuietRuntime, workflowBundle } from '../support/temporal.js';
import type { DigestEdit } from './changed-workflows/digest.workflow.js';

/** A day with one digest: digestPlan scheduled at event 5, one sendNotice at 11, completion at 17. */
const recorded = JSON.parse(readFileSync(new URL('./histories/dailyDigest/v1.0-digest-digest-test-scheduled.json', import.meta.url), 'utf8')) as unknown;

async function replayOnce(bundle: WorkflowBundleOption, workflowId?: DigestEdit): Promise<ReplayVerdict> {
  for await (const verdict of replayHistories([{ name: 'digest', workflowId, history: recorded }], { bundle })) return verdict;
  throw new Error('no verdict');
}

describe('replaying a recorded run against changed workflow code', () => {
  let changed: WorkflowBundleOption;

  beforeAll(async () => {
    installQuietRuntime();
    const workflowsPath = fileURLToPath(new URL('./changed-workflows/index.ts', import.meta.url));
    changed = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
  });

  it('answers deterministic against the real workflow code', async () => {
    expect(await replayOnce(await workflowBundle())).toMatchObject({ deterministic: true });
  });

  it.each<[DigestEdit, number, string, string]>([
    // Core's message names no event here; the event is found by replaying shorter prefixes of the history.
    ['renamed-activity', 11, 'ActivityTaskScheduled sendNotice', 'ScheduleActivityTask sendDigest'],
    ['timer-first', 5, 'ActivityTaskScheduled digestPlan', 'StartTimer'],
    ['skipped-plan', 5, 'ActivityTaskScheduled digestPlan', 'CompleteWorkflowExecution'],
    ['extra-activity', 17, 'WorkflowExecutionCompleted', 'ScheduleActivityTask'],
  ])('points at the event and names both commands after the edit %s', async (edit, eventId, expected, found) => {
    const verdict = await replayOnce(changed, edit);
    expect(verdict).toEqual({
      name: 'digest',
      workflowId: edit,
      deterministic: false,
      divergence: { eventId, eventType: expected.split(' ')[0], expected, found, message: expect.stringContaining('[TMPRL1100] Nondeterminism error') },
    });
  });

  it('reports a workflow that throws during replay with its error, at the task the history says completed', async () => {
    expect(await replayOnce(changed, 'throws')).toMatchObject({
      deterministic: false,
      divergence: {
        eventId: 4,
        expected: 'WorkflowTaskCompleted',
        found: 'the workflow task failed: digest plans have no digests any more',
        message: expect.stringContaining('TypeError: digest plans have no digests any more'),
      },
    });
  });
});

// Core messages recorded from replays of changes the digest copy above cannot make.
describe(readNondeterminism.name, () => {
  it.each([
    ['No command scheduled for event HistoryEvent(id: 5, ActivityTaskScheduled)', { eventId: 5, found: 'no command' }],
    [
      "Child workflow type of scheduled event 'deadline' does not match child workflow type of command 'dailyDigest'",
      { eventId: null, found: 'StartChildWorkflowExecution dailyDigest' },
    ],
    [
      "Child workflow id of scheduled event 'deadline-rectification-r1' does not match child workflow id of command 'x'",
      { eventId: null, found: "StartChildWorkflowExecution with child workflow id 'x'" },
    ],
    [
      'Child workflow machine does not handle this event: HistoryEvent { event_id: 5, event_time: Some(Timestamp { seconds: 1795938521 }), event_type: ActivityTaskScheduled }',
      { eventId: 5, found: 'StartChildWorkflowExecution' },
    ],
  ])('reads "%s"', (message, reading) => {
    expect(readNondeterminism(`[TMPRL1100] Nondeterminism error: ${message}`)).toEqual(reading);
  });
});
