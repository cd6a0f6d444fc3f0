import {
  applyDecision,
  applyWithdraw,
  approvalPolicyErrors,
  chainDirectory,
  checkComment,
  checkDecision,
  checkDelegate,
  checkMeeting,
  checkWithdraw,
  decisions,
  defaultApprovalPolicy,
  deriveLevels,
  launchTemplateFor,
  meetingOutcome,
  pendingApprovers,
  startChain,
  type ApprovalPolicy,
  type ChainState,
  type LevelSpec,
  type LevelTemplate,
  type MeetingRecord,
  type OrgUnitNode,
  type ProjectKind,
  type RoutingRules,
} from '../../libs/domain/index.js';
import { refusalCodeOf } from '../support/refusal-code.js';

const at = '2026-03-01T00:00:00.000Z';
const submitter = 'chen';
const level = (approverIds: string[], unitId = 'unit'): LevelSpec => ({ unitId, unitName: unitId, mode: 'sequential', approverIds });
const approve = (state: ChainState, actorId: string) => applyDecision(state, { actorId, decision: 'approve', comment: null, at });

describe('退回上一级 (send back to the previous level)', () => {
  const chain = () => approve(startChain([level(['li']), level(['wang'])]), 'li');

  it('reopens the level below, whose approver decides afresh, then the level that sent it back decides again', () => {
    let state = applyDecision(chain(), { actorId: 'wang', decision: 'send_back_previous', comment: '请补充预算', at });
    expect(state).toMatchObject({ status: 'pending', current: 0 });
    expect(pendingApprovers(state)).toEqual(['li']);
    expect(refusalCodeOf(() => checkDecision(state, submitter, { actorId: 'li', decision: 'approve' }, decisions))).toBe('accepted');
    state = approve(state, 'li');
    expect(pendingApprovers(state)).toEqual(['wang']);
    state = approve(state, 'wang');
    expect(state.status).toBe('approved');
    expect(state.decisions.map((d) => [d.level, d.actorId, d.decision])).toEqual([
      [0, 'li', 'approve'],
      [1, 'wang', 'send_back_previous'],
      [0, 'li', 'approve'],
      [1, 'wang', 'approve'],
    ]);
  });

  it('is refused at the first level, and without a comment', () => {
    const first = startChain([level(['li']), level(['wang'])]);
    expect(refusalCodeOf(() => checkDecision(first, submitter, { actorId: 'li', decision: 'send_back_previous', comment: '退回' }, decisions))).toBe(
      'DECISION_NOT_ALLOWED',
    );
    expect(refusalCodeOf(() => checkDecision(chain(), submitter, { actorId: 'wang', decision: 'send_back_previous' }, decisions))).toBe('COMMENT_REQUIRED');
  });
});

describe('撤回 (withdraw)', () => {
  it('lets the submitter withdraw while the chain is pending, and closes every task', () => {
    const state = startChain([level(['li'])]);
    expect(refusalCodeOf(() => checkWithdraw(state, submitter, submitter))).toBe('accepted');
    const withdrawn = applyWithdraw(state);
    expect(withdrawn.status).toBe('withdrawn');
    expect(pendingApprovers(withdrawn)).toEqual([]);
  });

  it.each<[string, string, (s: ChainState) => ChainState, string]>([
    ['an approver', 'li', (s) => s, 'FORBIDDEN'],
    ['the submitter after the final approval', submitter, (s) => approve(s, 'li'), 'ALREADY_DECIDED'],
    ['the submitter after a rejection', submitter, (s) => applyDecision(s, { actorId: 'li', decision: 'reject', comment: '不符合', at }), 'ALREADY_DECIDED'],
    ['the submitter a second time', submitter, applyWithdraw, 'ALREADY_DECIDED'],
  ])('refuses %s', (_, actorId, before, code) => {
    expect(refusalCodeOf(() => checkWithdraw(before(startChain([level(['li'])])), submitter, actorId))).toBe(code);
  });
});

describe(checkComment.name, () => {
  it.each<[string, Parameters<typeof checkComment>, string]>([
    ['approve needs none by default', ['approve', null, []], 'accepted'],
    ['reject always needs one', ['reject', ' ', []], 'COMMENT_REQUIRED'],
    ['send back always needs one', ['send_back', undefined, []], 'COMMENT_REQUIRED'],
    ['a policy can demand one to approve', ['approve', null, ['approve']], 'COMMENT_REQUIRED'],
    ['a policy can demand one to delegate', ['delegate', '', ['delegate']], 'COMMENT_REQUIRED'],
    ['a comment satisfies the policy', ['approve', '同意', ['approve']], 'accepted'],
  ])('%s', (_, args, expected) => {
    expect(refusalCodeOf(() => checkComment(...args))).toBe(expected);
  });

  it('is applied to decisions by the chain', () => {
    const state = startChain([level(['li'])]);
    expect(refusalCodeOf(() => checkDecision(state, submitter, { actorId: 'li', decision: 'approve' }, decisions, ['approve']))).toBe('COMMENT_REQUIRED');
  });
});

describe('党委会议 (a level decided at a committee meeting)', () => {
  const members = ['wang', 'm1', 'm2', 'm3', 'm4'];
  const meetingLevel: LevelSpec = { ...level(['wang'], 'committee'), meeting: { memberIds: members } };
  const chain = () => startChain([meetingLevel]);
  const meeting = (overrides: Partial<MeetingRecord> = {}): MeetingRecord => ({
    heldOn: '2026-03-05',
    attendeeIds: ['wang', 'm1', 'm2'],
    votesFor: 3,
    votesAgainst: 0,
    abstentions: 0,
    minutesRef: '党委会纪要〔2026〕5号',
    ...overrides,
  });

  it.each<[string, number, 'approve' | 'reject']>([
    ['carries with more than half of all members (not merely of those present)', 3, 'approve'],
    ['fails with exactly half or fewer of all members in favour', 2, 'reject'],
  ])('%s', (_, votesFor, expected) => {
    expect(meetingOutcome(members, meeting({ attendeeIds: ['wang', 'm1', 'm2', 'm3'], votesFor, votesAgainst: 4 - votesFor }))).toBe(expected);
  });

  it.each<[string, Partial<MeetingRecord>, string, string]>([
    ['a valid meeting of three of five', {}, 'wang', 'accepted'],
    ['a meeting of two of five (no quorum)', { attendeeIds: ['wang', 'm1'], votesFor: 2 }, 'wang', 'QUORUM_NOT_MET'],
    ['votes that do not add up to the attendees', { votesFor: 2 }, 'wang', 'INVALID_INPUT'],
    ['an attendee who is not a member', { attendeeIds: ['wang', 'm1', 'li'] }, 'wang', 'INVALID_INPUT'],
    ['an attendee listed twice', { attendeeIds: ['wang', 'm1', 'm1'] }, 'wang', 'INVALID_INPUT'],
    ['a negative vote count', { votesFor: 4, votesAgainst: -1 }, 'wang', 'INVALID_INPUT'],
    ['a date that is not a date', { heldOn: 'yesterday' }, 'wang', 'INVALID_INPUT'],
    ['a missing minutes reference', { minutesRef: ' ' }, 'wang', 'INVALID_INPUT'],
    ['a meeting recorded by someone other than the secretary', {}, 'm1', 'NOT_ASSIGNEE'],
    ['the submitter among the voters (回避)', { attendeeIds: ['wang', 'm1', submitter] }, 'wang', 'SELF_APPROVAL'],
  ])('%s: %s', (_, overrides, actorId, expected) => {
    const state = startChain([{ ...meetingLevel, meeting: { memberIds: [...members, submitter] } }]);
    expect(refusalCodeOf(() => checkMeeting(state, submitter, actorId, meeting(overrides)))).toBe(expected);
  });

  it('does not count the submitter, who withdraws, towards the quorum', () => {
    // Five members besides the submitter: three present is a quorum even though six hold the post.
    const state = startChain([{ ...meetingLevel, meeting: { memberIds: [...members, submitter] } }]);
    expect(refusalCodeOf(() => checkMeeting(state, submitter, 'wang', meeting()))).toBe('accepted');
  });

  it('settles the whole level with the meeting outcome, and refuses individual decisions and hand-overs there', () => {
    const state = chain();
    expect(refusalCodeOf(() => checkDecision(state, submitter, { actorId: 'wang', decision: 'approve' }, decisions))).toBe('WRONG_STAGE');
    expect(refusalCodeOf(() => checkDelegate(state, submitter, { actorId: 'wang', toId: 'm1' }))).toBe('WRONG_STAGE');
    const decided = applyDecision(state, { actorId: 'wang', decision: meetingOutcome(members, meeting()), comment: '党委会研究同意', at, meeting: meeting() });
    expect(decided.status).toBe('approved');
    expect(decided.decisions[0].meeting?.minutesRef).toBe('党委会纪要〔2026〕5号');
  });

  it('refuses a meeting at a level that is not decided by one', () => {
    expect(refusalCodeOf(() => checkMeeting(startChain([level(['wang'])]), submitter, 'wang', meeting()))).toBe('WRONG_STAGE');
  });
});

describe('chain templates (routing by party posts)', () => {
  // 集团党委 → 生产党总支 → 一车间党支部 / 二车间党支部; 经营党总支 → 销售党支部 (a co-owner of joint projects)
  const tree: (OrgUnitNode & { name: string })[] = [
    { id: 'committee', parentId: null, kind: 'committee', name: '集团党委' },
    { id: 'general', parentId: 'committee', kind: 'general_branch', name: '生产党总支' },
    { id: 'branch', parentId: 'general', kind: 'branch', name: '一车间党支部' },
    { id: 'branch2', parentId: 'general', kind: 'branch', name: '二车间党支部' },
    { id: 'sales-general', parentId: 'committee', kind: 'general_branch', name: '经营党总支' },
    { id: 'sales', parentId: 'sales-general', kind: 'branch', name: '销售党支部' },
  ];
  const units = new Map(tree.map((u) => [u.id, u]));
  const secretaries: Record<string, string[]> = { committee: ['wang'], general: ['li'], branch: ['zhang'], branch2: ['zhao'], 'sales-general': ['qian'], sales: ['sun'] };
  const dir = (overrides: Record<string, string[]> = {}) =>
    chainDirectory(units, {
      secretariesOf: (id) => ({ ...secretaries, ...overrides })[id] ?? [],
      membersOf: (id) => (id === 'committee' ? ['m1', 'm2', 'chen'] : []),
      adminIds: ['admin'],
    });
  const rules: RoutingRules = defaultApprovalPolicy.rules;
  const summary = (levels: LevelSpec[]) => levels.map((l) => [l.unitName, l.mode, l.approverIds]);
  const launch = (kind: ProjectKind, submitterId = 'chen', coOwningUnitIds: string[] = []) =>
    summary(deriveLevels(dir(), launchTemplateFor(defaultApprovalPolicy, kind), { unitId: 'branch', submitterId, coOwningUnitIds }, rules));

  it('sends ordinary kinds up to the general branch', () => {
    for (const kind of ['vanguard_post', 'responsibility_zone', 'service_team', 'breakthrough'] as const) {
      expect(launch(kind)).toEqual([
        ['一车间党支部', 'sequential', ['zhang']],
        ['生产党总支', 'sequential', ['li']],
      ]);
    }
  });

  it.each<ProjectKind>(['secretary_project', 'open_challenge'])('sends %s on to the committee', (kind) => {
    expect(launch(kind).map(([unit]) => unit)).toEqual(['一车间党支部', '生产党总支', '集团党委']);
  });

  it("escalates the branch secretary's own 书记项目 past their own level", () => {
    expect(launch('secretary_project', 'zhang')).toEqual([
      ['生产党总支', 'sequential', ['li']],
      ['集团党委', 'sequential', ['wang']],
    ]);
  });

  it('skips the level whose only approver is the submitter when the policy says skip', () => {
    const levels = deriveLevels(dir(), launchTemplateFor(defaultApprovalPolicy, 'secretary_project'), { unitId: 'branch', submitterId: 'zhang' }, { ...rules, selfApproval: 'skip' });
    expect(summary(levels).map(([unit]) => unit)).toEqual(['生产党总支', '集团党委']);
  });

  it('adds a level where every co-owning unit’s secretary signs (联建共建)', () => {
    expect(launch('joint_building', 'chen', ['branch2', 'sales'])).toEqual([
      ['一车间党支部', 'sequential', ['zhang']],
      ['共建单位（二车间党支部、销售党支部）', 'all', ['zhao', 'sun']],
      ['生产党总支', 'sequential', ['li']],
    ]);
  });

  it('climbs to the next unit up for a co-owner without a secretary', () => {
    const levels = deriveLevels(dir({ sales: [] }), launchTemplateFor(defaultApprovalPolicy, 'joint_building'), { unitId: 'branch', submitterId: 'chen', coOwningUnitIds: ['sales'] }, rules);
    expect(summary(levels)[1]).toEqual(['共建单位（销售党支部）', 'all', ['qian']]);
  });

  it('resolves a meeting level with the committee’s members, leaving out the submitter', () => {
    const template: LevelTemplate[] = [{ scope: 'committee', mode: 'sequential', meeting: true }];
    const [committee] = deriveLevels(dir(), template, { unitId: 'branch', submitterId: 'chen' }, rules);
    expect(committee.approverIds).toEqual(['wang']);
    expect(committee.meeting?.memberIds).toEqual(['wang', 'm1', 'm2']);
  });

  it('lets a level be decided by the whole committee, by a share of it', () => {
    const template: LevelTemplate[] = [{ scope: 'committee', mode: 'ratio', ratio: 2 / 3, deciders: 'members' }];
    const [committee] = deriveLevels(dir(), template, { unitId: 'branch', submitterId: 'chen' }, rules);
    expect(committee).toMatchObject({ mode: 'ratio', ratio: 2 / 3, approverIds: ['wang', 'm1', 'm2'] });
  });

  it('keeps a person at two levels twice when de-duplication is off', () => {
    const levels = deriveLevels(dir({ general: ['zhang'] }), defaultApprovalPolicy.launch, { unitId: 'branch', submitterId: 'chen' }, { ...rules, dedupe: false });
    expect(summary(levels).map(([, , ids]) => ids)).toEqual([['zhang'], ['zhang']]);
  });

  it('falls back to the admins when the submitter holds every post and levels are skipped', () => {
    const levels = deriveLevels(dir({ branch: ['chen'], general: ['chen'] }), defaultApprovalPolicy.launch, { unitId: 'branch', submitterId: 'chen' }, { ...rules, selfApproval: 'skip' });
    expect(summary(levels)).toEqual([['集团党委', 'sequential', ['admin']]]);
  });
});

describe(approvalPolicyErrors.name, () => {
  it('accepts the default policy', () => {
    expect(approvalPolicyErrors(defaultApprovalPolicy)).toEqual([]);
  });

  it('names every field that is wrong', () => {
    const bad = {
      ...defaultApprovalPolicy,
      launch: [],
      launchByKind: { secretary_project: [{ scope: 'board', mode: 'ratio' }], picnic: defaultApprovalPolicy.launch },
      rules: { selfApproval: 'ignore', dedupe: 'yes' },
      onResubmit: 'later',
      commentRequired: ['approve', 'shout'],
      nudgeInterval: 'often',
      levelDeadline: { dueIn: '3d', remindBefore: ['soon'], escalateAfter: '1d' },
    } as unknown as ApprovalPolicy;
    const errors = approvalPolicyErrors(bad);
    for (const field of [
      'approval.launch ',
      'approval.launchByKind.secretary_project[0].scope',
      'approval.launchByKind.secretary_project[0].ratio',
      'approval.launchByKind.picnic',
      'approval.rules.selfApproval',
      'approval.rules.dedupe',
      'approval.onResubmit',
      'approval.commentRequired',
      'approval.nudgeInterval',
      'approval.levelDeadline.remindBefore[0]',
      'approval.levelDeadline.escalateAfter',
    ]) {
      expect(errors.filter((e) => e.startsWith(field))).toHaveLength(1);
    }
    expect(errors.some((e) => e.startsWith('approval.reportReview'))).toBe(false);
  });

  it.each<[string, object, string]>([
    ['both natural time and a working-day rule', { dueIn: '3d', dueRule: { kind: 'working_days_after', days: 3, at: '17:30' } }, '自然时长（dueIn）和工作日规则（dueRule）须设置其中一项'],
    ['neither', {}, '自然时长（dueIn）和工作日规则（dueRule）须设置其中一项'],
    ['a rule counted from the month after', { dueRule: { kind: 'nth_working_day_of_next_month', n: 3, at: '17:30' } }, 'dueRule.kind 应为 working_days_after（第 N 个工作日）'],
    ['working-day reminders on natural time', { dueIn: '3d', remindOn: [{ workingDaysBefore: 1, at: '09:00' }] }, 'remindOn 按工作日提醒需要同时设置工作日规则（dueRule）'],
    ['a bad time of day', { dueRule: { kind: 'working_days_after', days: 3, at: '5pm' } }, 'dueRule.at 应为时刻'],
  ])('refuses a level deadline with %s', (_, due, message) => {
    const policy = { ...defaultApprovalPolicy, levelDeadline: { remindBefore: [], escalateAfter: [], ...due } } as ApprovalPolicy;
    expect(approvalPolicyErrors(policy)).toEqual([expect.stringContaining(message)]);
  });
});
