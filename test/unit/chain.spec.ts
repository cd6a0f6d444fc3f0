import { applyDecision, approvalsNeeded, checkDecision, decisions, pendingApprovers, startChain, type ChainState, type Decision, type LevelMode } from '../../libs/domain/index.js';
import { at, check, decide, level, ratioLevel, submitter } from '../support/chain-fixture.js';
import { refusalCodeOf } from '../support/refusal-code.js';

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
