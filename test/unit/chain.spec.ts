import fc from 'fast-check';
import {
  actionsNeedingComment,
  addPositions,
  addPositionsFor,
  applyAddApprover,
  applyDecision,
  applyDelegate,
  applyHandOverPlaces,
  applyHolderChange,
  approvalsNeeded,
  chainDirectory,
  checkAddApprover,
  checkComment,
  checkDecision,
  checkDelegate,
  checkHandOverPlaces,
  checkHolderChange,
  checkNudge,
  checkWithdraw,
  applyWithdraw,
  chainActions,
  DomainError,
  decisions,
  deriveLevels,
  holderPlacesOf,
  levelModes,
  pendingApprovers,
  startChain,
  unopenedPlacesOf,
  waitingPlacesOf,
  type ChainDirectory,
  type ChainState,
  type Decision,
  type LevelMode,
  type LevelSpec,
  type LevelTemplate,
  type OrgUnitNode,
} from '../../libs/domain/index.js';
import { refusalCodeOf } from '../support/refusal-code.js';

const at = '2026-03-01T00:00:00.000Z';
const submitter = 'submitter';
const level = (approverIds: string[], mode: LevelMode = 'sequential', unitId = 'unit'): LevelSpec => ({ unitId, unitName: unitId, mode, approverIds });
const ratioLevel = (approverIds: string[], ratio: number | undefined, unitId = 'unit'): LevelSpec => ({ ...level(approverIds, 'ratio', unitId), ratio });
const decide = (state: ChainState, actorId: string, decision: Decision = 'approve', comment: string | null = null): ChainState =>
  applyDecision(state, { actorId, decision, comment, at });


const check = (state: ChainState, actorId: string, decision: Decision = 'approve', comment?: string | null, allowed: readonly Decision[] = decisions) =>
  refusalCodeOf(() => checkDecision(state, submitter, { actorId, decision, comment }, allowed));

describe(startChain.name, () => {
  it('rejects a chain without any level, because nobody could ever approve it', () => {
    expect(refusalCodeOf(() => startChain([]))).toBe('NO_APPROVER');
  });

  it('rejects a chain when one level has nobody to decide, naming that level', () => {
    const start = () => startChain([level(['li'], 'sequential', '第一党总支'), level([], 'all', '公司党委')]);
    expect(refusalCodeOf(start)).toBe('NO_APPROVER');
    expect(start).toThrow('level 2 (公司党委) has nobody to decide');
  });

  it.each<[string, number | undefined]>([
    ['no ratio', undefined],
    ['a ratio of 0', 0],
    ['a ratio above 1', 1.5],
    ['a ratio that is not a number', Number.NaN],
  ])('rejects a 比例 level with %s', (_, ratio) => {
    expect(refusalCodeOf(() => startChain([level(['a']), ratioLevel(['b', 'c'], ratio)]))).toBe('INVALID_INPUT');
  });

  it('opens a chain pending at its first level with no decisions yet', () => {
    expect(startChain([level(['li']), level(['wang'])])).toEqual({
      levels: [level(['li']), level(['wang'])],
      current: 0,
      levelStart: 0,
      status: 'pending',
      decisions: [],
    });
  });
});

describe(pendingApprovers.name, () => {
  it.each<[LevelMode, string[], string[]]>([
    // 依次: one person at a time, in the order given
    ['sequential', ['a'], ['b']],
    // 会签: everyone who has not decided yet
    ['all', ['a', 'b', 'c'], ['b', 'c']],
    // 或签: everyone at once; the first approval moves the chain on to the next level
    ['any', ['a', 'b', 'c'], ['z']],
  ])('asks the right people on a %s level, before and after the first approval', (mode, before, afterA) => {
    const state = startChain([level(['a', 'b', 'c'], mode), level(['z'])]);
    expect(pendingApprovers(state)).toEqual(before);
    expect(pendingApprovers(decide(state, 'a'))).toEqual(afterA);
  });

  it.each<[string, ChainState]>([
    ['approved', decide(startChain([level(['a'])]), 'a')],
    ['rejected', decide(startChain([level(['a', 'b'], 'all')]), 'a', 'reject', '目标不可量化')],
    ['sent back', decide(startChain([level(['a', 'b'], 'any')]), 'a', 'send_back', '请补充措施')],
  ])('asks nobody once the chain is %s', (_, state) => {
    expect(state.status).not.toBe('pending');
    expect(pendingApprovers(state)).toEqual([]);
  });
});

describe(checkDecision.name, () => {
  const chain = startChain([level(['a', 'b']), level(['c'])]);
  const movedOn = decide(decide(chain, 'a'), 'b');
  type Case = [string, ChainState, string, Decision, string | null | undefined, readonly Decision[], string];
  it.each<Case>([
    ['accepts the person whose turn it is', chain, 'a', 'approve', undefined, decisions, 'accepted'],
    ['accepts a reject that gives a reason', chain, 'a', 'reject', '目标不可量化', decisions, 'accepted'],
    ['rejects the submitter deciding on their own request', startChain([level([submitter, 'b'], 'any')]), submitter, 'approve', undefined, decisions, 'SELF_APPROVAL'],
    ['rejects the submitter even when they are not in the chain', chain, submitter, 'approve', undefined, decisions, 'SELF_APPROVAL'],
    ['rejects the second in line of a 依次 level before the first has decided', chain, 'b', 'approve', undefined, decisions, 'NOT_ASSIGNEE'],
    ['rejects an approver of a later level before their level is reached', chain, 'c', 'approve', undefined, decisions, 'NOT_ASSIGNEE'],
    ['rejects someone outside the chain', chain, 'z', 'approve', undefined, decisions, 'NOT_ASSIGNEE'],
    ['rejects an approver of a passed level when the chain has moved on', movedOn, 'a', 'approve', undefined, decisions, 'NOT_ASSIGNEE'],
    ['rejects a decision the purpose does not allow', chain, 'a', 'reject', '不同意', ['approve', 'send_back'], 'DECISION_NOT_ALLOWED'],
    ['rejects a reject without a comment', chain, 'a', 'reject', undefined, decisions, 'COMMENT_REQUIRED'],
    ['rejects a reject with a null comment', chain, 'a', 'reject', null, decisions, 'COMMENT_REQUIRED'],
    ['rejects a send-back with a blank comment', chain, 'a', 'send_back', ' \n ', decisions, 'COMMENT_REQUIRED'],
    ['accepts an approval without a comment', chain, 'a', 'approve', null, decisions, 'accepted'],
    ['rejects any decision once the chain was rejected', decide(chain, 'a', 'reject', '不同意'), 'b', 'approve', undefined, decisions, 'ALREADY_DECIDED'],
    ['rejects any decision once the chain was sent back', decide(chain, 'a', 'send_back', '请修改'), 'b', 'approve', undefined, decisions, 'ALREADY_DECIDED'],
    ['rejects any decision once the chain was approved', decide(startChain([level(['a'])]), 'a'), 'a', 'approve', undefined, decisions, 'ALREADY_DECIDED'],
  ])('%s', (_, state, actorId, decision, comment, allowed, expected) => {
    expect(check(state, actorId, decision, comment, allowed)).toBe(expected);
  });

  it('names the allowed decisions when refusing one that is not', () => {
    expect(() => checkDecision(chain, submitter, { actorId: 'a', decision: 'reject', comment: 'x' }, ['approve', 'send_back'])).toThrow(
      '"reject" is not possible here (allowed: approve, send_back)',
    );
  });

  it.each<LevelMode>(['sequential', 'all'])('rejects a person deciding twice at one %s level', (mode) => {
    const state = decide(startChain([level(['a', 'b'], mode)]), 'a');
    expect(state.current).toBe(0);
    expect(check(state, 'a')).toBe('ALREADY_DECIDED');
    expect(check(state, 'b')).toBe('accepted');
  });

  it('lets a person who sits on two levels decide once on each', () => {
    const state = decide(startChain([level(['a']), level(['a', 'b'], 'all')]), 'a');
    expect(state.current).toBe(1);
    expect(check(state, 'a')).toBe('accepted');
    expect(check(decide(state, 'a'), 'a')).toBe('ALREADY_DECIDED');
  });
});

describe(applyDecision.name, () => {
  it('moves through two sequential levels and ends approved after the last', () => {
    let state = startChain([level(['li'], 'sequential', 'general'), level(['wang'], 'sequential', 'committee')]);
    state = decide(state, 'li', 'approve', '同意');
    expect([state.status, state.current]).toEqual(['pending', 1]);
    state = decide(state, 'wang');
    expect([state.status, state.current]).toEqual(['approved', 1]);
    expect(state.decisions).toEqual([
      { level: 0, actorId: 'li', decision: 'approve', comment: '同意', at },
      { level: 1, actorId: 'wang', decision: 'approve', comment: null, at },
    ]);
  });

  it('needs every person of a 依次 level, one after the other', () => {
    let state = startChain([level(['a', 'b'])]);
    state = decide(state, 'a');
    expect([state.status, pendingApprovers(state)]).toEqual(['pending', ['b']]);
    expect(decide(state, 'b').status).toBe('approved');
  });

  it.each<[Decision, string]>([
    ['reject', 'rejected'],
    ['send_back', 'sent_back'],
  ])('ends the chain at once on %s, even with levels and approvers left', (decision, status) => {
    const state = decide(decide(startChain([level(['a']), level(['b', 'c'], 'all'), level(['d'])]), 'a'), 'b', decision, '理由');
    expect([state.status, state.current]).toEqual([status, 1]);
    expect(state.decisions.at(-1)).toEqual({ level: 1, actorId: 'b', decision, comment: '理由', at });
  });

  it('needs everyone on a 会签 level before moving on', () => {
    let state = startChain([level(['a', 'b', 'c'], 'all'), level(['z'])]);
    state = decide(state, 'b');
    state = decide(state, 'a');
    expect([state.current, pendingApprovers(state)]).toEqual([0, ['c']]);
    state = decide(state, 'c');
    expect([state.current, pendingApprovers(state)]).toEqual([1, ['z']]);
  });

  it('finishes a 或签 level on the first approval', () => {
    const state = decide(startChain([level(['a', 'b', 'c'], 'any')]), 'c');
    expect(state.status).toBe('approved');
    expect(state.decisions.map((d) => d.actorId)).toEqual(['c']);
  });

  it('leaves the state it was given untouched, so a refused update changes nothing', () => {
    const state = startChain([level(['a']), level(['b'])]);
    const before = structuredClone(state);
    decide(state, 'a');
    expect(state).toEqual(before);
  });
});

describe(approvalsNeeded.name, () => {
  it.each<[number, number, number]>([
    [2 / 3, 5, 4],
    [2 / 3, 3, 2],
    [0.5, 4, 2],
    [0.5, 5, 3],
    [1, 3, 3],
    [0.01, 3, 1],
  ])('asks a share of %p of %p approvers for %p approvals (rounded up, at least one)', (ratio, count, needed) => {
    expect(approvalsNeeded(ratioLevel(Array.from({ length: count }, (_, i) => `p${i}`), ratio))).toBe(needed);
  });
});

describe('a 比例 (ratio) level', () => {
  // 2/3 of three approvers: two approvals carry it, two rejections sink it.
  const chain = startChain([ratioLevel(['a', 'b', 'c'], 2 / 3), level(['z'])]);

  it('asks everyone at once', () => {
    expect(pendingApprovers(chain)).toEqual(['a', 'b', 'c']);
  });

  it('moves on once enough have approved, without waiting for the rest', () => {
    const state = decide(decide(chain, 'c'), 'a');
    expect([state.status, state.current, pendingApprovers(state)]).toEqual(['pending', 1, ['z']]);
  });

  it('treats one rejection as a vote while the threshold can still be reached', () => {
    let state = decide(chain, 'a', 'reject', '不同意');
    expect([state.status, pendingApprovers(state)]).toEqual(['pending', ['b', 'c']]);
    state = decide(decide(state, 'b'), 'c');
    expect([state.status, state.current]).toEqual(['pending', 1]);
  });

  it('ends rejected as soon as the threshold is out of reach', () => {
    const state = decide(decide(chain, 'a', 'reject', '不同意'), 'b', 'reject', '不同意');
    expect([state.status, pendingApprovers(state)]).toEqual(['rejected', []]);
  });

  it('still needs a comment to reject, and refuses a second vote from the same person', () => {
    expect(check(chain, 'a', 'reject')).toBe('COMMENT_REQUIRED');
    expect(check(decide(chain, 'a', 'reject', '不同意'), 'a')).toBe('ALREADY_DECIDED');
  });
});

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

describe('deriving approval levels from the org tree', () => {
  // 集团党委 → 公司党委 → 第一党总支 → 第一党支部; 第二党支部 sits directly under 公司党委.
  const tree: (OrgUnitNode & { name: string })[] = [
    { id: 'group', parentId: null, kind: 'committee', name: '集团党委' },
    { id: 'committee', parentId: 'group', kind: 'committee', name: '公司党委' },
    { id: 'general', parentId: 'committee', kind: 'general_branch', name: '第一党总支' },
    { id: 'branch', parentId: 'general', kind: 'branch', name: '第一党支部' },
    { id: 'direct', parentId: 'committee', kind: 'branch', name: '第二党支部' },
  ];
  const units = new Map(tree.map((u) => [u.id, u]));
  const usual: Record<string, string[]> = { group: ['zhao'], committee: ['wang'], general: ['li'], branch: ['zhang'], direct: ['sun'] };
  const directory = (secretaries: Record<string, string[]> = usual, admins: string[] = ['admin']) =>
    chainDirectory(units, { secretariesOf: (id) => secretaries[id] ?? [], adminIds: admins });
  /** The directory with the unit the chain starts from, as the derive functions take them. */
  const dir = (unitId: string, secretaries: Record<string, string[]> = usual, admins: string[] = ['admin']) =>
    [directory(secretaries, admins), unitId] as const;
  const summary = (levels: LevelSpec[]) => levels.map((l) => [l.unitName, l.mode, l.approverIds]);
  /** 立项 by the parent unit then the committee (党委前置研究); reviews by the parent unit; self-approval escalates, posts are asked once. */
  const launchTemplate: LevelTemplate[] = [
    { scope: 'parent_unit', mode: 'sequential' },
    { scope: 'committee', mode: 'sequential' },
  ];
  const reviewTemplate: LevelTemplate[] = [{ scope: 'parent_unit', mode: 'sequential' }];
  const rules = { selfApproval: 'escalate', dedupe: true } as const;
  const deriveLaunchLevels = (d: ChainDirectory, unitId: string, submitterId: string) => deriveLevels(d, launchTemplate, { unitId, submitterId }, rules);
  const deriveReviewLevels = (d: ChainDirectory, unitId: string, submitterId: string) => deriveLevels(d, reviewTemplate, { unitId, submitterId }, rules);

  describe(chainDirectory.name, () => {
    it('lists the unit and every unit above it, with their names', () => {
      const d = directory();
      expect(d.pathOf('branch').map((u) => u.id)).toEqual(['branch', 'general', 'committee', 'group']);
      expect(d.nameOf('general')).toBe('第一党总支');
    });

    it('rejects a unit that does not exist', () => {
      expect(refusalCodeOf(() => directory().pathOf('nowhere'))).toBe('NOT_FOUND');
    });
  });

  describe('levels of a launch (parent unit, then committee)', () => {
    it.each<[string, string, Record<string, string[]>, string, [string, LevelMode, string[]][]]>([
      [
        'routes a branch project to its general branch secretary, then the committee secretary (党委前置研究)',
        'branch',
        usual,
        'chen',
        [
          ['第一党总支', 'sequential', ['li']],
          ['公司党委', 'sequential', ['wang']],
        ],
      ],
      ['gives a branch directly under the committee a single committee level', 'direct', usual, 'chen', [['公司党委', 'sequential', ['wang']]]],
      [
        'climbs to the next unit up when the committee has no secretary',
        'branch',
        { ...usual, committee: [] },
        'chen',
        [
          ['第一党总支', 'sequential', ['li']],
          ['集团党委', 'sequential', ['zhao']],
        ],
      ],
      ['climbs past a general branch without a secretary and keeps one committee level', 'branch', { ...usual, general: [] }, 'chen', [['公司党委', 'sequential', ['wang']]]],
      ['skips the submitter who is the secretary of a level, going to the next unit up', 'branch', usual, 'li', [['公司党委', 'sequential', ['wang']]]],
      [
        'keeps the other secretaries of a level when one of them is the submitter',
        'branch',
        { ...usual, general: ['li', 'zhou'] },
        'li',
        [
          ['第一党总支', 'sequential', ['zhou']],
          ['公司党委', 'sequential', ['wang']],
        ],
      ],
      [
        'asks a person who is secretary at two levels only once, at the lower level (自动去重)',
        'branch',
        { ...usual, general: ['wang'], committee: ['wang', 'qian'] },
        'chen',
        [
          ['第一党总支', 'sequential', ['wang']],
          ['公司党委', 'sequential', ['qian']],
        ],
      ],
      ['drops a level left with nobody after de-duplication', 'branch', { ...usual, general: ['wang'] }, 'chen', [['第一党总支', 'sequential', ['wang']]]],
      ['falls back to the admins, at the top unit, when nobody anywhere holds a post', 'branch', {}, 'chen', [['集团党委', 'sequential', ['admin']]]],
      ["sends a company committee's own project to the group committee above it", 'committee', usual, 'chen', [['集团党委', 'sequential', ['zhao']]]],
      ["sends the top committee's own project to its own secretary", 'group', usual, 'chen', [['集团党委', 'sequential', ['zhao']]]],
      ["sends the top committee secretary's own project to the admins", 'group', usual, 'zhao', [['集团党委', 'sequential', ['admin']]]],
    ])('%s', (_, unitId, secretaries, who, expected) => {
      expect(summary(deriveLaunchLevels(...dir(unitId, secretaries), who))).toEqual(expected);
    });

    it('never puts the submitter in the chain, even as an admin', () => {
      expect(summary(deriveLaunchLevels(...dir('branch', {}, ['chen', 'admin']), 'chen'))).toEqual([['集团党委', 'sequential', ['admin']]]);
    });

    it.each<[string, string[]]>([
      ['there are no admins', []],
      ['the only admin is the submitter', ['chen']],
    ])('rejects the request with NO_APPROVER when nobody holds a post and %s', (_, admins) => {
      expect(refusalCodeOf(() => deriveLaunchLevels(...dir('branch', {}, admins), 'chen'))).toBe('NO_APPROVER');
    });

    it('gives levels that always start a valid chain', () => {
      expect(startChain(deriveLaunchLevels(...dir('branch'), 'chen')).status).toBe('pending');
    });
  });

  describe('levels of a review (parent unit)', () => {
    it.each<[string, string, Record<string, string[]>, string, [string, LevelMode, string[]][]]>([
      ['sends a branch report to the general branch above it', 'branch', usual, 'zhang', [['第一党总支', 'sequential', ['li']]]],
      ['sends a general branch report to the committee', 'general', usual, 'li', [['公司党委', 'sequential', ['wang']]]],
      ['climbs past a parent without a secretary', 'branch', { ...usual, general: [] }, 'zhang', [['公司党委', 'sequential', ['wang']]]],
      ['climbs past a parent whose secretary is the submitter', 'branch', usual, 'li', [['公司党委', 'sequential', ['wang']]]],
      ['sends the top unit its own reports', 'group', usual, 'chen', [['集团党委', 'sequential', ['zhao']]]],
      ['falls back to the admins when nobody above holds a post', 'branch', {}, 'zhang', [['集团党委', 'sequential', ['admin']]]],
    ])('%s', (_, unitId, secretaries, who, expected) => {
      expect(summary(deriveReviewLevels(...dir(unitId, secretaries), who))).toEqual(expected);
    });

    it('rejects the review with NO_APPROVER when nobody at all could decide', () => {
      expect(refusalCodeOf(() => deriveReviewLevels(...dir('branch', {}, []), 'zhang'))).toBe('NO_APPROVER');
    });
  });

  it('never derives a chain in which the submitter decides, whoever holds which post (property)', () => {
    const people = ['p0', 'p1', 'p2', 'p3'];
    const holders = fc.uniqueArray(fc.constantFrom(...people), { maxLength: 2 });
    fc.assert(
      fc.property(
        fc.record({ group: holders, committee: holders, general: holders, branch: holders, direct: holders }),
        fc.uniqueArray(fc.constantFrom(...people, 'admin'), { maxLength: 2 }),
        fc.constantFrom(...tree.map((u) => u.id)),
        fc.constantFrom(...people),
        (secretaries, admins, unitId, who) => {
          for (const derive of [deriveLaunchLevels, deriveReviewLevels]) {
            let levels: LevelSpec[];
            try {
              levels = derive(...dir(unitId, secretaries, admins), who);
            } catch (error) {
              // Only allowed when nobody but the submitter holds any post and no other admin exists.
              expect(error).toBeInstanceOf(DomainError);
              expect((error as DomainError).code).toBe('NO_APPROVER');
              expect(admins.filter((id) => id !== who)).toEqual([]);
              continue;
            }
            const everyone = levels.flatMap((l) => l.approverIds);
            expect(everyone).not.toContain(who);
            expect(new Set(everyone).size).toBe(everyone.length);
            expect(levels.length).toBeGreaterThan(0);
            expect(levels.every((l) => l.approverIds.length > 0)).toBe(true);
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });
});

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
