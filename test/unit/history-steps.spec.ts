import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { historySteps } from '../../libs/audit/history-steps.js';
import { factOf } from '../../libs/audit/step-facts.js';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const payloads = (value: unknown) => ({ payloads: [defaultPayloadConverter.toPayload(value)] });
const at = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });
const t0 = Date.parse('2026-12-03T16:40:59.451Z');
const decision = { workflowId: 'approval-launch-p1-r1', stepKey: 'decision:t1', projectId: 'p1', taskId: 't1', actorId: 'li', decision: 'approve', comment: null, level: 0, at: '2026-12-03T16:40:59.400Z' };

/** A local activity's marker as the SDK's core records it (seen in a captured history): its metadata and its result. */
// As read from a stored JSON history: plain numbers where a fetched one holds Longs (history-steps reads both).
const event = (fields: Record<string, unknown>): HistoryEvent => fields as HistoryEvent;

const localMarker = (eventId: number, activityType: string, result: unknown, failed = false): HistoryEvent =>
  event({
  eventId,
  eventTime: at(t0 + eventId),
  markerRecordedEventAttributes: {
    markerName: 'core_local_activity',
    details: { data: payloads({ seq: 1, attempt: 1, activity_id: '1', activity_type: activityType }), ...(result === undefined ? {} : { result: payloads(result) }) },
    ...(failed ? { failure: { message: 'refused' } } : {}),
  },
  });

const exported = (events: HistoryEvent[]) => [{ workflowId: 'approval-launch-p1-r1', workflowType: 'approvalChain', runs: [{ runId: 'r1', history: { events } }], earlierRunsMissing: false, children: [] }];

describe('history steps', () => {
  it('reads a local write from its marker, whose result is what it recorded, as an auditor reads a scheduled activity', () => {
    const patchMarker = event({ eventId: 5, eventTime: at(t0), markerRecordedEventAttributes: { markerName: 'core_patch', details: { 'patch-data': payloads({ id: 'cost-local-chain-writes' }) } } });
    const steps = historySteps(exported([patchMarker, localMarker(8, 'recordDecision', decision), localMarker(9, 'resolveLevels', [{ unitId: 'u1' }])]));
    expect(steps.map((s) => [s.eventId, s.activityType, s.outcome])).toEqual([
      [8, 'recordDecision', 'completed'],
      [9, 'resolveLevels', 'completed'],
    ]);
    expect(steps[0]).toMatchObject({ input: decision, scheduledAt: t0 + 8, closedAt: t0 + 8 });
    expect(factOf(steps[0])).toMatchObject({ stepKey: 'decision:t1', action: 'decision_approve', actorId: 'li', statedAt: decision.at });
    // A lookup states no fact, whatever it answered.
    expect(factOf(steps[1])).toBeNull();
  });

  it('marks a local activity that failed for good as failed', () => {
    const [step] = historySteps(exported([localMarker(8, 'recordDecision', undefined, true)]));
    expect(step).toMatchObject({ activityType: 'recordDecision', outcome: 'failed', input: {} });
  });
});
