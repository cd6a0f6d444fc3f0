import {
  actionsNeedingComment,
  addPositions,
  addPositionsFor,
  applyAddApprover,
  applyDelegate,
  applyHandOverPlaces,
  applyHolderChange,
  chainActions,
  checkAddApprover,
  checkComment,
  checkDelegate,
  checkHandOverPlaces,
  checkHolderChange,
  checkNudge,
  holderPlacesOf,
  levelModes,
  pendingApprovers,
  startChain,
  unopenedPlacesOf,
  waitingPlacesOf,
} from '../../libs/domain/index.js';
import { check, decide, level, submitter } from '../support/chain-fixture.js';
import { refusalCodeOf } from '../support/refusal-code.js';

describe(checkDelegate.name, () => {
  const chain = startChain([level(['a', 'b']), level(['c'])]);
  it.each<[string, { actorId: string; toId: string }, string]>([
    ['lets the person whose turn it is hand it on', { actorId: 'a', toId: 'd' }, 'accepted'],
    ['rejects someone whose turn it is not', { actorId: 'b', toId: 'd' }, 'NOT_ASSIGNEE'],
    ['rejects handing it to the submitter', { actorId: 'a', toId: submitter }, 'SELF_APPROVAL'],
    ['rejects handing it to someone already at the level', { actorId: 'a', toId: 'b' }, 'INVALID_INPUT'],
  ])('%s', (_, input, expected) => {
    expect(refusalCodeOf(() => checkDelegate(chain, submitter, input))).toBe(expected);
  });

  it('rejects delegating on a chain that has ended', () => {
    expect(refusalCodeOf(() => checkDelegate(decide(chain, 'a', 'reject', '不同意'), submitter, { actorId: 'b', toId: 'd' }))).toBe('ALREADY_DECIDED');
  });

  it('puts the new person in the same place, who then decides', () => {
    const state = applyDelegate(chain, { actorId: 'a', toId: 'd' });
    expect(state.levels[0].approverIds).toEqual(['d', 'b']);
    expect(state.levels[1].approverIds).toEqual(['c']);
    expect(pendingApprovers(state)).toEqual(['d']);
    expect(check(state, 'a')).toBe('NOT_ASSIGNEE');
  });
});

describe(applyHandOverPlaces.name, () => {
  // branch (a) → general branch (g, and h alongside) → committee (g again, as a member there): g leaves the general branch.
  const chain = startChain([level(['a'], 'sequential', 'branch'), level(['g', 'h'], 'all', 'general'), level(['w', 'g'], 'all', 'committee')]);

  it("gives the successor the leaver's places at that unit in levels not yet opened, and nothing else", () => {
    expect(unopenedPlacesOf(chain, 'g', 'general')).toEqual([1]);
    const state = applyHandOverPlaces(chain, { fromId: 'g', toId: 'n', unitId: 'general' });
    expect(state.levels.map((l) => l.approverIds)).toEqual([['a'], ['n', 'h'], ['w', 'g']]);
    expect(unopenedPlacesOf(state, 'g', 'general')).toEqual([]);
  });

  it('keeps one place for a successor already deciding at that level', () => {
    expect(applyHandOverPlaces(chain, { fromId: 'g', toId: 'h', unitId: 'general' }).levels[1].approverIds).toEqual(['h']);
  });

  it('leaves the level now open to 转交, and refuses a chain with no such place or a successor who submitted it', () => {
    expect(unopenedPlacesOf(chain, 'a', 'branch')).toEqual([]);
    expect(refusalCodeOf(() => checkHandOverPlaces(chain, submitter, { fromId: 'a', toId: 'n', unitId: 'branch' }))).toBe('WRONG_STAGE');
    expect(refusalCodeOf(() => checkHandOverPlaces(chain, 'n', { fromId: 'g', toId: 'n', unitId: 'general' }))).toBe('SELF_APPROVAL');
    expect(unopenedPlacesOf(decide(chain, 'a', 'reject', '不同意'), 'g', 'general')).toEqual([]);
  });
});

describe(waitingPlacesOf.name, () => {
  it('finds a place behind a 依次 step of the open level and moves it; the open step itself moves by 转交', () => {
    const chain = startChain([level(['a', 'b'], 'sequential', 'branch'), level(['g'], 'sequential', 'general')]);
    expect(waitingPlacesOf(chain, 'b', 'branch')).toEqual([0]);
    expect(waitingPlacesOf(chain, 'a', 'branch')).toEqual([]);
    expect(applyHandOverPlaces(chain, { fromId: 'b', toId: 'n', unitId: 'branch' }).levels[0].approverIds).toEqual(['a', 'n']);
    // Chains that began before: only levels not yet opened.
    expect(refusalCodeOf(() => checkHandOverPlaces(chain, submitter, { fromId: 'b', toId: 'n', unitId: 'branch' }, false))).toBe('WRONG_STAGE');
    expect(applyHandOverPlaces(chain, { fromId: 'b', toId: 'n', unitId: 'branch' }, false)).toEqual(chain);
  });

  it('finds a level already passed, which 退回上一级 reopens for the successor, but not a place decided in the present round', () => {
    const passed = decide(startChain([level(['a'], 'sequential', 'branch'), level(['g'], 'sequential', 'general')]), 'a');
    expect(waitingPlacesOf(passed, 'a', 'branch')).toEqual([0]);
    const reopened = decide(applyHandOverPlaces(passed, { fromId: 'a', toId: 'n', unitId: 'branch' }), 'g', 'send_back_previous', '请重新审核');
    expect(pendingApprovers(reopened)).toEqual(['n']);
    const halfSigned = decide(startChain([level(['a', 'c'], 'all', 'branch')]), 'a');
    expect(waitingPlacesOf(halfSigned, 'a', 'branch')).toEqual([]);
  });
});

describe(applyHolderChange.name, () => {
  // branch (b, the new holder) → general branch (g) → committee (w, b as a member there): the project passes from the submitter to b.
  const chain = startChain([level(['b'], 'sequential', 'branch'), level(['g'], 'sequential', 'general'), level(['w', 'b'], 'all', 'committee')]);
  const change = { fromId: submitter, toId: 'b', substitutes: [{ unitId: 'branch', personId: 'g' }, { unitId: 'committee', personId: 'v' }] };

  it("gives each of the new holder's places, open or yet to open, to the substitute named for its unit", () => {
    expect(holderPlacesOf(chain, 'b')).toEqual([0, 2]);
    const state = applyHolderChange(chain, change);
    expect(state.levels.map((l) => l.approverIds)).toEqual([['g'], ['g'], ['w', 'v']]);
    expect(pendingApprovers(state)).toEqual(['g']);
    expect(holderPlacesOf(state, 'b')).toEqual([]);
  });

  it('keeps one place for a substitute already deciding at that level, and reaches a level 退回上一级 may reopen', () => {
    const atCommittee = decide(decide(chain, 'b'), 'g');
    const state = applyHolderChange(atCommittee, { ...change, substitutes: [{ unitId: 'branch', personId: 'g' }, { unitId: 'committee', personId: 'w' }] });
    expect(state.levels.map((l) => l.approverIds)).toEqual([['g'], ['g'], ['w']]);
  });

  it('refuses a change with no substitute for a place, a substitute who holds or submitted the project, or nothing to change', () => {
    expect(refusalCodeOf(() => checkHolderChange(chain, submitter, { ...change, substitutes: [{ unitId: 'branch', personId: 'g' }] }))).toBe('NO_APPROVER');
    expect(refusalCodeOf(() => checkHolderChange(chain, submitter, { ...change, substitutes: [{ unitId: 'branch', personId: submitter }, { unitId: 'committee', personId: 'v' }] }))).toBe('SELF_APPROVAL');
    expect(refusalCodeOf(() => checkHolderChange(chain, 'someone else', { fromId: submitter, toId: 'n', substitutes: [] }))).toBe('WRONG_STAGE');
    expect(refusalCodeOf(() => checkHolderChange(chain, submitter, { fromId: submitter, toId: 'n', substitutes: [] }))).toBe('accepted');
    expect(refusalCodeOf(() => checkHolderChange(decide(chain, 'b', 'reject', '不同意'), submitter, change))).toBe('ALREADY_DECIDED');
  });
});

describe(checkAddApprover.name, () => {
  it('adds before or after oneself in a sequential level, and alongside in 会签/或签', () => {
    const sequential = startChain([level(['a', 'b'])]);
    expect(pendingApprovers(applyAddApprover(sequential, { actorId: 'a', personId: 'x', position: 'before' }))).toEqual(['x']);
    const after = applyAddApprover(sequential, { actorId: 'a', personId: 'x', position: 'after' });
    expect(after.levels[0].approverIds).toEqual(['a', 'x', 'b']);
    expect(refusalCodeOf(() => checkAddApprover(sequential, submitter, { actorId: 'a', personId: 'x', position: 'alongside' }))).toBe('INVALID_INPUT');
    const all = startChain([level(['a', 'b'], 'all')]);
    expect(refusalCodeOf(() => checkAddApprover(all, submitter, { actorId: 'a', personId: 'x', position: 'before' }))).toBe('INVALID_INPUT');
    expect(pendingApprovers(applyAddApprover(all, { actorId: 'a', personId: 'x', position: 'alongside' }))).toEqual(['a', 'x', 'b']);
  });

  it('rejects adding the submitter or someone already at the level', () => {
    const chain = startChain([level(['a', 'b'])]);
    expect(refusalCodeOf(() => checkAddApprover(chain, submitter, { actorId: 'a', personId: submitter, position: 'after' }))).toBe('SELF_APPROVAL');
    expect(refusalCodeOf(() => checkAddApprover(chain, submitter, { actorId: 'a', personId: 'b', position: 'after' }))).toBe('INVALID_INPUT');
  });

  it('rejects someone whose turn it is not adding an approver', () => {
    expect(refusalCodeOf(() => checkAddApprover(startChain([level(['a', 'b'])]), submitter, { actorId: 'b', personId: 'x', position: 'after' }))).toBe('NOT_ASSIGNEE');
  });
});

describe(addPositionsFor.name, () => {
  it('offers exactly the positions checkAddApprover accepts, for every level mode', () => {
    for (const mode of levelModes) {
      const chain = startChain([{ ...level(['a', 'b'], mode), ...(mode === 'ratio' ? { ratio: 0.5 } : {}) }]);
      const accepted = addPositions.filter((position) => refusalCodeOf(() => checkAddApprover(chain, submitter, { actorId: 'a', personId: 'x', position })) === 'accepted');
      expect([mode, addPositionsFor(mode)]).toEqual([mode, accepted]);
    }
  });
});

describe(actionsNeedingComment.name, () => {
  it('lists exactly the actions checkComment refuses without a comment, under a policy that asks for more or for none', () => {
    for (const policy of [[], ['approve', 'delegate'], [...chainActions]] as const) {
      const refused = chainActions.filter((action) => refusalCodeOf(() => checkComment(action, '  ', policy)) === 'COMMENT_REQUIRED');
      expect(actionsNeedingComment(policy)).toEqual(refused);
    }
    expect(actionsNeedingComment([])).toEqual(['reject', 'send_back', 'send_back_previous']);
  });
});

describe(checkNudge.name, () => {
  const hour = 3_600_000;
  it('lets the submitter nudge once per interval and says when the next nudge is possible', () => {
    expect(refusalCodeOf(() => checkNudge({ actorId: submitter, submitterId: submitter, lastNudgedAtMs: null, nowMs: 0, intervalMs: hour }))).toBe('accepted');
    expect(refusalCodeOf(() => checkNudge({ actorId: submitter, submitterId: submitter, lastNudgedAtMs: 0, nowMs: hour, intervalMs: hour }))).toBe('accepted');
    expect(refusalCodeOf(() => checkNudge({ actorId: submitter, submitterId: submitter, lastNudgedAtMs: 0, nowMs: hour - 90_000, intervalMs: hour }))).toBe('WRONG_STAGE');
    expect(() => checkNudge({ actorId: submitter, submitterId: submitter, lastNudgedAtMs: 0, nowMs: hour - 90_000, intervalMs: hour })).toThrow(/again in 2 min/);
  });

  it('rejects a nudge from anyone but the submitter', () => {
    expect(refusalCodeOf(() => checkNudge({ actorId: 'x', submitterId: submitter, lastNudgedAtMs: null, nowMs: 0, intervalMs: hour }))).toBe('FORBIDDEN');
  });
});
