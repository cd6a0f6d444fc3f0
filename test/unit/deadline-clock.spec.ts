import { checkExtension, dueAfterPause, rungId, type ClockView, type ExtensionRequest } from '../../libs/domain/index.js';
import { refusalCodeOf } from '../support/refusal-code.js';

describe('extension requests (延期)', () => {
  const now = Date.parse('2026-10-12T01:00:00Z');
  const clock: ClockView = { dueAtMs: Date.parse('2026-10-13T09:30:00Z'), submitted: false, pending: false, asked: 0, ownerIds: ['owner', 'business-owner'] };
  const ask: ExtensionRequest = { actorId: 'owner', until: '2026-10-20T17:30:00+08:00', reason: '等待上级批复' };

  it.each<[string, Partial<ClockView>, Partial<ExtensionRequest>, string]>([
    ['an owner with a reason and a later date', {}, {}, 'accepted'],
    ['either owner of a rectification item (双责任)', {}, { actorId: 'business-owner' }, 'accepted'],
    ['someone who does not owe the work', {}, { actorId: 'secretary' }, 'FORBIDDEN'],
    ['work already submitted', { submitted: true }, {}, 'WRONG_STAGE'],
    ['a second request while one is decided', { pending: true }, {}, 'WRONG_STAGE'],
    ['a third request after two refusals', { asked: 2 }, {}, 'accepted'],
    ['a fourth request', { asked: 3 }, {}, 'WRONG_STAGE'],
    ['no reason', {}, { reason: '  ' }, 'INVALID_INPUT'],
    ['a date that is not a date', {}, { until: 'next week' }, 'INVALID_INPUT'],
    ['the current due date itself', {}, { until: '2026-10-13T17:30:00+08:00' }, 'INVALID_INPUT'],
    // Overdue work may still ask, but for a date still to come.
    ['a date already past, on overdue work', { dueAtMs: now - 86_400_000 }, { until: '2026-10-12T08:00:00+08:00' }, 'INVALID_INPUT'],
    ['a later date, on overdue work', { dueAtMs: now - 86_400_000 }, { until: '2026-10-14T17:30:00+08:00' }, 'accepted'],
  ])('%s: %#', (_, clockChange, askChange, expected) => {
    expect(refusalCodeOf(() => checkExtension({ ...clock, ...clockChange }, { ...ask, ...askChange }, now))).toBe(expected);
  });

  it('moves a refused extension’s due date on by exactly the pause, never back', () => {
    expect(dueAfterPause(10_000, 2_000, 5_500)).toBe(13_500);
    expect(dueAfterPause(10_000, 5_000, 5_000)).toBe(10_000);
    expect(dueAfterPause(10_000, 5_000, 4_000)).toBe(10_000);
  });

  it('gives the ladder of each granted extension rung ids of its own, so its reminders are sent once more', () => {
    expect([rungId('reminder', 0, 0), rungId('reminder', 0, 1), rungId('escalation', 2, 3)]).toEqual(['reminder:0', 'reminder:0:x1', 'escalation:2:x3']);
  });
});
