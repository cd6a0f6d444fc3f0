import fc from 'fast-check';
import {
  applyAddApprover,
  applyDecision,
  applyDelegate,
  checkAddApprover,
  checkDecision,
  checkDelegate,
  checkNudge,
  DomainError,
  deriveLaunchLevels,
  deriveReviewLevels,
  pendingApprovers,
  startChain,
  type ChainDirectory,
  type ChainState,
  type Decision,
  type LevelMode,
  type LevelSpec,
  type OrgUnitNode,
} from '../../libs/domain/index.js';

const level = (approverIds: string[], mode: LevelMode = 'sequential', unitId = 'u'): LevelSpec => ({ unitId, unitName: unitId, mode, approverIds });
const at = '2026-03-01T00:00:00.000Z';
const decide = (state: ChainState, actorId: string, decision: Decision = 'approve', comment: string | null = null) =>
  applyDecision(state, { actorId, decision, comment, at });

const codeOf = (fn: () => void): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'accepted';
};

describe(startChain.name, () => {
  it('refuses a chain without levels and a level with nobody to decide', () => {
    expect(codeOf(() => startChain([]))).toBe('NO_APPROVER');
    expect(codeOf(() => startChain([level(['a']), level([])]))).toBe('NO_APPROVER');
  });
});

describe(pendingApprovers.name, () => {
  it.each<[LevelMode, string[]]>([
    ['sequential', ['a']],
    ['all', ['a', 'b', 'c']],
    ['any', ['a', 'b', 'c']],
  ])('asks %s approvers in the right order', (mode, expected) => {
    expect(pendingApprovers(startChain([level(['a', 'b', 'c'], mode)]))).toEqual(expected);
  });

  it('moves a sequential level to the next person after each approval', () => {
    expect(pendingApprovers(decide(startChain([level(['a', 'b'])]), 'a'))).toEqual(['b']);
  });
});

describe(checkDecision.name, () => {
  const chain = startChain([level(['a', 'b']), level(['c'])]);
  const all: Decision[] = ['approve', 'reject', 'send_back'];
  it.each<[string, ChainState, { actorId: string; decision: Decision; comment?: string }, Decision[], string]>([
    ['accepts the person whose turn it is', chain, { actorId: 'a', decision: 'approve' }, all, 'accepted'],
    ['refuses the submitter', startChain([level(['s'])]), { actorId: 's', decision: 'approve' }, all, 'SELF_APPROVAL'],
    ['refuses someone whose turn it is not', chain, { actorId: 'b', decision: 'approve' }, all, 'NOT_ASSIGNEE'],
    ['refuses someone outside the chain', chain, { actorId: 'z', decision: 'approve' }, all, 'NOT_ASSIGNEE'],
    ['refuses a decision the purpose does not allow', chain, { actorId: 'a', decision: 'reject', comment: 'no' }, ['approve', 'send_back'], 'DECISION_NOT_ALLOWED'],
    ['refuses a reject without a comment', chain, { actorId: 'a', decision: 'reject' }, all, 'COMMENT_REQUIRED'],
    ['refuses a send-back with a blank comment', chain, { actorId: 'a', decision: 'send_back', comment: '  ' }, all, 'COMMENT_REQUIRED'],
    ['refuses any decision once the chain ended', decide(chain, 'a', 'reject', 'no'), { actorId: 'b', decision: 'approve' }, all, 'ALREADY_DECIDED'],
  ])('%s', (_, state, input, allowed, expected) => {
    expect(codeOf(() => checkDecision(state, 's', input, allowed))).toBe(expected);
  });

  it('refuses a person deciding twice at one 会签 level', () => {
    const state = decide(startChain([level(['a', 'b'], 'all')]), 'a');
    expect(codeOf(() => checkDecision(state, 's', { actorId: 'a', decision: 'approve' }, ['approve']))).toBe('ALREADY_DECIDED');
  });
});

describe(applyDecision.name, () => {
  it('approves level by level and ends approved after the last', () => {
    let state = startChain([level(['a']), level(['c'])]);
    state = decide(state, 'a');
    expect([state.status, state.current]).toEqual(['pending', 1]);
    state = decide(state, 'c');
    expect(state.status).toBe('approved');
    expect(state.decisions.map((d) => [d.level, d.actorId])).toEqual([
      [0, 'a'],
      [1, 'c'],
    ]);
  });

  it.each<[Decision, string]>([
    ['reject', 'rejected'],
    ['send_back', 'sent_back'],
  ])('ends the chain at once on %s', (decision, status) => {
    expect(decide(startChain([level(['a']), level(['c'])]), 'a', decision, 'why').status).toBe(status);
  });

  it('needs everyone in a 会签 level and only the first in a 或签 level', () => {
    const allLevel = decide(startChain([level(['a', 'b'], 'all'), level(['c'])]), 'a');
    expect(allLevel.current).toBe(0);
    expect(decide(allLevel, 'b').current).toBe(1);
    expect(decide(startChain([level(['a', 'b'], 'any'), level(['c'])]), 'b').current).toBe(1);
  });
});

describe(deriveLaunchLevels.name, () => {
  const units: OrgUnitNode[] = [
    { id: 'committee', parentId: null, kind: 'committee' },
    { id: 'general', parentId: 'committee', kind: 'general_branch' },
    { id: 'branch', parentId: 'general', kind: 'branch' },
    { id: 'direct', parentId: 'committee', kind: 'branch' },
  ];
  const path = (from: string) => {
    const byId = new Map(units.map((u) => [u.id, u]));
    const result: OrgUnitNode[] = [];
    for (let u = byId.get(from); u; u = u.parentId ? byId.get(u.parentId) : undefined) result.push(u);
    return result;
  };
  const dir = (from: string, secretaries: Record<string, string[]>, admins: string[] = ['admin']): ChainDirectory => ({
    path: path(from),
    unitNames: new Map(units.map((u) => [u.id, u.id])),
    secretariesOf: (id) => secretaries[id] ?? [],
    adminIds: admins,
  });
  const summary = (levels: LevelSpec[]) => levels.map((l) => [l.unitId, l.approverIds]);
  const usual = { committee: ['wang'], general: ['li'], branch: ['zhang'] };

  it('routes a branch project to its general branch, then the committee (党委前置研究)', () => {
    expect(summary(deriveLaunchLevels(dir('branch', usual), 'chen'))).toEqual([
      ['general', ['li']],
      ['committee', ['wang']],
    ]);
  });

  it('gives a branch directly under the committee a single committee level', () => {
    expect(summary(deriveLaunchLevels(dir('direct', usual), 'chen'))).toEqual([['committee', ['wang']]]);
  });

  it('climbs past a unit with no secretary, and de-duplicates the person met twice', () => {
    expect(summary(deriveLaunchLevels(dir('branch', { committee: ['wang'] }), 'chen'))).toEqual([['committee', ['wang']]]);
  });

  it('never lets the submitter approve: their own level goes to the next unit up', () => {
    expect(summary(deriveLaunchLevels(dir('branch', usual), 'li'))).toEqual([['committee', ['wang']]]);
  });

  it('falls back to the admins when nobody holds a post, and refuses when there is nobody at all', () => {
    expect(summary(deriveLaunchLevels(dir('branch', {}), 'chen'))).toEqual([['committee', ['admin']]]);
    expect(codeOf(() => deriveLaunchLevels(dir('branch', {}, []), 'chen'))).toBe('NO_APPROVER');
  });

  it('sends reviews to the parent unit', () => {
    expect(summary(deriveReviewLevels(dir('branch', usual), 'chen'))).toEqual([['general', ['li']]]);
  });
});

describe('approval chains (property)', () => {
  const people = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
  const chainArb = fc.record({
    submitter: fc.constantFrom(...people),
    levels: fc.array(
      fc.record({ mode: fc.constantFrom<LevelMode>('sequential', 'all', 'any'), approverIds: fc.uniqueArray(fc.constantFrom(...people), { minLength: 1, maxLength: 4 }) }),
      { minLength: 1, maxLength: 4 },
    ),
  });
  const actions = fc.array(fc.record({ actor: fc.constantFrom(...people), decision: fc.constantFrom<Decision>('approve', 'approve', 'approve', 'reject', 'send_back') }), { maxLength: 30 });

  it('never lets the submitter decide or anyone decide twice on a level, and never waits on nobody', () => {
    fc.assert(
      fc.property(chainArb, actions, ({ submitter, levels }, steps) => {
        const specs = levels.map((l, i) => level(l.approverIds.filter((id) => id !== submitter), l.mode, `u${i}`)).filter((l) => l.approverIds.length > 0);
        fc.pre(specs.length > 0);
        let state = startChain(specs);
        for (const { actor, decision } of steps) {
          if (codeOf(() => checkDecision(state, submitter, { actorId: actor, decision, comment: 'c' }, ['approve', 'reject', 'send_back'])) !== 'accepted') continue;
          state = applyDecision(state, { actorId: actor, decision, comment: 'c', at });
          if (state.status === 'pending') expect(pendingApprovers(state).length).toBeGreaterThan(0);
        }
        expect(state.decisions.some((d) => d.actorId === submitter)).toBe(false);
        const perLevel = state.decisions.map((d) => `${d.level}:${d.actorId}`);
        expect(new Set(perLevel).size).toBe(perLevel.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('ends approved within as many steps as there are approvers when everyone whose turn it is approves', () => {
    fc.assert(
      fc.property(chainArb, ({ submitter, levels }) => {
        const specs = levels.map((l, i) => level(l.approverIds.filter((id) => id !== submitter), l.mode, `u${i}`)).filter((l) => l.approverIds.length > 0);
        fc.pre(specs.length > 0);
        let state = startChain(specs);
        const bound = specs.reduce((n, l) => n + l.approverIds.length, 0);
        for (let step = 0; step < bound && state.status === 'pending'; step++) {
          state = applyDecision(state, { actorId: pendingApprovers(state)[0], decision: 'approve', comment: null, at });
        }
        expect(state.status).toBe('approved');
      }),
      { numRuns: 1000 },
    );
  });
});

describe(checkDelegate.name, () => {
  const chain = startChain([level(['a', 'b']), level(['c'])]);
  it.each<[string, { actorId: string; toId: string }, string]>([
    ['lets the person whose turn it is hand it on', { actorId: 'a', toId: 'd' }, 'accepted'],
    ['refuses someone whose turn it is not', { actorId: 'b', toId: 'd' }, 'NOT_ASSIGNEE'],
    ['refuses handing it to the submitter', { actorId: 'a', toId: 's' }, 'SELF_APPROVAL'],
    ['refuses handing it to someone already at the level', { actorId: 'a', toId: 'b' }, 'INVALID_INPUT'],
  ])('%s', (_, input, expected) => {
    expect(codeOf(() => checkDelegate(chain, 's', input))).toBe(expected);
  });

  it('puts the new person in the same place, who then decides', () => {
    const state = applyDelegate(chain, { actorId: 'a', toId: 'd' });
    expect(state.levels[0].approverIds).toEqual(['d', 'b']);
    expect(pendingApprovers(state)).toEqual(['d']);
  });
});

describe(checkAddApprover.name, () => {
  it('adds before or after oneself in a sequential level, and alongside in 会签/或签', () => {
    const sequential = startChain([level(['a', 'b'])]);
    expect(pendingApprovers(applyAddApprover(sequential, { actorId: 'a', personId: 'x', position: 'before' }))).toEqual(['x']);
    const after = applyAddApprover(sequential, { actorId: 'a', personId: 'x', position: 'after' });
    expect(after.levels[0].approverIds).toEqual(['a', 'x', 'b']);
    expect(codeOf(() => checkAddApprover(sequential, 's', { actorId: 'a', personId: 'x', position: 'alongside' }))).toBe('INVALID_INPUT');
    const all = startChain([level(['a', 'b'], 'all')]);
    expect(codeOf(() => checkAddApprover(all, 's', { actorId: 'a', personId: 'x', position: 'before' }))).toBe('INVALID_INPUT');
    expect(pendingApprovers(applyAddApprover(all, { actorId: 'a', personId: 'x', position: 'alongside' }))).toEqual(['a', 'x', 'b']);
  });

  it('never adds the submitter or someone already at the level', () => {
    const chain = startChain([level(['a', 'b'])]);
    expect(codeOf(() => checkAddApprover(chain, 's', { actorId: 'a', personId: 's', position: 'after' }))).toBe('SELF_APPROVAL');
    expect(codeOf(() => checkAddApprover(chain, 's', { actorId: 'a', personId: 'b', position: 'after' }))).toBe('INVALID_INPUT');
  });
});

describe(checkNudge.name, () => {
  const hour = 3_600_000;
  it('lets the submitter nudge once per interval and says when the next nudge is possible', () => {
    expect(codeOf(() => checkNudge({ actorId: 's', submitterId: 's', lastNudgedAtMs: null, nowMs: 0, intervalMs: hour }))).toBe('accepted');
    expect(codeOf(() => checkNudge({ actorId: 's', submitterId: 's', lastNudgedAtMs: 0, nowMs: hour, intervalMs: hour }))).toBe('accepted');
    expect(() => checkNudge({ actorId: 's', submitterId: 's', lastNudgedAtMs: 0, nowMs: hour - 90_000, intervalMs: hour })).toThrow(/again in 2 min/);
    expect(codeOf(() => checkNudge({ actorId: 'x', submitterId: 's', lastNudgedAtMs: null, nowMs: 0, intervalMs: hour }))).toBe('FORBIDDEN');
  });
});
