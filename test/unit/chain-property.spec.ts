import fc from 'fast-check';
import {
  applyDecision,
  applyWithdraw,
  checkDecision,
  checkWithdraw,
  decisions,
  levelModes,
  pendingApprovers,
  startChain,
  type ChainState,
  type Decision,
  type LevelSpec,
} from '../../libs/domain/index.js';
import { at, decide, level, submitter } from '../support/chain-fixture.js';
import { refusalCodeOf } from '../support/refusal-code.js';

describe('approval chains under random decisions (property)', () => {
  const people = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
  const levelArb = fc.record({
    mode: fc.constantFrom(...levelModes),
    approverIds: fc.uniqueArray(fc.constantFrom(...people), { minLength: 1, maxLength: 4 }),
    percent: fc.integer({ min: 1, max: 100 }),
  });
  const levelsArb = fc
    .array(levelArb, { minLength: 1, maxLength: 4 })
    .map((ls) => ls.map((l, i) => ({ ...level(l.approverIds, l.mode, `u${i}`), ...(l.mode === 'ratio' ? { ratio: l.percent / 100 } : {}) })));
  /** Chains as derived for real: the submitter is never an approver. */
  const chainWithoutSubmitterArb = fc
    .tuple(levelsArb, fc.constantFrom(...people))
    .map(([levels, who]) => ({ who, levels: levels.map((l) => ({ ...l, approverIds: l.approverIds.filter((id) => id !== who) })) }))
    .filter(({ levels }) => levels.every((l) => l.approverIds.length > 0));
  const approverCount = (levels: LevelSpec[]) => levels.reduce((n, l) => n + l.approverIds.length, 0);

  /** A decision with the round of its level it was made in (a level sent back to decides afresh). */
  type Logged = { level: number; round: number; actorId: string; decision: Decision };

  /** What an approved chain must show: each level's last round signed off as its mode demands, 依次 in order, 比例 by its share. */
  const signedOff = (state: ChainState, log: Logged[] = state.decisions.map((d) => ({ ...d, round: 0 }))): boolean =>
    state.levels.every((l, i) => {
      const lastRound = Math.max(...log.filter((d) => d.level === i).map((d) => d.round));
      const approvals = log.filter((d) => d.level === i && d.round === lastRound && d.decision === 'approve').map((d) => d.actorId);
      switch (l.mode) {
        case 'any':
          return approvals.length === 1 && l.approverIds.includes(approvals[0]);
        case 'all':
          return [...approvals].sort().join() === [...l.approverIds].sort().join();
        case 'sequential':
          return approvals.join() === l.approverIds.join();
        case 'ratio':
          // At least the share asked for, rounded up, and never more than needed: the level closes on reaching it.
          return approvals.length === Math.max(1, Math.ceil((Math.round((l.ratio ?? 1) * 100) * l.approverIds.length) / 100));
      }
    });

  it('never lets the submitter decide, nor anyone decide twice in one round of a level, and never waits on nobody', () => {
    const actionArb = fc.record({
      actorId: fc.constantFrom(...people, submitter),
      decision: fc.constantFrom<Decision | 'withdraw'>('approve', 'approve', 'approve', 'approve', 'reject', 'send_back', 'send_back_previous', 'withdraw'),
      comment: fc.constantFrom<string | null>(null, '', '意见'),
      allowed: fc.constantFrom<readonly Decision[]>(decisions, ['approve', 'send_back'], ['approve']),
    });
    // The submitter may even be listed as an approver: SELF_APPROVAL must still stop them.
    const levelsWithSubmitterArb = fc.tuple(levelsArb, fc.boolean()).map(([levels, listed]) =>
      listed ? levels.map((l, i) => (i === 0 ? { ...l, approverIds: [submitter, ...l.approverIds] } : l)) : levels,
    );
    fc.assert(
      fc.property(levelsWithSubmitterArb, fc.array(actionArb, { maxLength: 40 }), (levels, actions) => {
        let state = startChain(levels);
        const log: Logged[] = [];
        expect(pendingApprovers(state).length).toBeGreaterThan(0);
        for (const { actorId, decision, comment, allowed } of actions) {
          if (decision === 'withdraw') {
            const wasPending = state.status === 'pending';
            const outcome = refusalCodeOf(() => checkWithdraw(state, submitter, actorId));
            expect(outcome).toBe(actorId !== submitter ? 'FORBIDDEN' : wasPending ? 'accepted' : 'ALREADY_DECIDED');
            if (outcome === 'accepted') state = applyWithdraw(state);
            continue;
          }
          const pending = pendingApprovers(state);
          const outcome = refusalCodeOf(() => checkDecision(state, submitter, { actorId, decision, comment }, allowed));
          if (actorId === submitter && state.status === 'pending') expect(outcome).toBe('SELF_APPROVAL');
          if (outcome !== 'accepted') continue;
          expect(pending).toContain(actorId);
          const round = state.levelStart ?? 0;
          expect(log.some((d) => d.level === state.current && d.round === round && d.actorId === actorId)).toBe(false);
          log.push({ level: state.current, round, actorId, decision });
          state = applyDecision(state, { actorId, decision, comment, at });
          if (state.status === 'pending') expect(pendingApprovers(state).length).toBeGreaterThan(0);
          else expect(pendingApprovers(state)).toEqual([]);
          if (state.status === 'approved') expect(signedOff(state, log)).toBe(true);
        }
        expect(state.decisions.some((d) => d.actorId === submitter)).toBe(false);
        expect(state.current).toBeGreaterThanOrEqual(0);
        expect(state.current).toBeLessThan(state.levels.length);
      }),
      { numRuns: 1_000 },
    );
  });

  it('ends approved when every pending approver approves, round after round', () => {
    fc.assert(
      fc.property(chainWithoutSubmitterArb, fc.infiniteStream(fc.nat()), ({ who, levels }, shuffles) => {
        let state = startChain(levels);
        const rounds = approverCount(levels);
        for (let round = 0; round < rounds && state.status === 'pending'; round++) {
          const pending = [...pendingApprovers(state)];
          // Everyone asked in this round approves, in a random order; on a 或签 level the first one settles it.
          const order = pending.map((id) => [shuffles.next().value, id] as const).sort(([a], [b]) => a - b);
          for (const [, actorId] of order) {
            if (state.status !== 'pending' || !pendingApprovers(state).includes(actorId)) continue;
            expect(refusalCodeOf(() => checkDecision(state, who, { actorId, decision: 'approve' }, decisions))).toBe('accepted');
            state = decide(state, actorId);
          }
        }
        expect(state.status).toBe('approved');
        expect(signedOff(state)).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });

  it('ends approved within as many steps as there are approvers when every actor always approves', () => {
    fc.assert(
      fc.property(chainWithoutSubmitterArb, fc.infiniteStream(fc.nat()), ({ who, levels }, picks) => {
        let state = startChain(levels);
        let steps = 0;
        const bound = approverCount(levels);
        while (state.status === 'pending' && steps < bound) {
          const pending = pendingApprovers(state);
          const actorId = pending[picks.next().value % pending.length];
          expect(refusalCodeOf(() => checkDecision(state, who, { actorId, decision: 'approve' }, decisions))).toBe('accepted');
          state = decide(state, actorId);
          steps++;
        }
        expect(state.status).toBe('approved');
        expect(steps).toBeGreaterThanOrEqual(levels.length);
        expect(steps).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 1_000 },
    );
  });
});
