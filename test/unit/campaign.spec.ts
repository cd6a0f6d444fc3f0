import {
  campaignClosesAt,
  campaignErrors,
  canIssueCampaigns,
  canRateReport,
  defaultCampaignLadder,
  recurrenceErrors,
  rollUpCampaign,
  scheduledTimeOf,
  selectTargets,
  type CampaignRequest,
  type CampaignTargetRecord,
  type CampaignTargets,
  type CampaignUnit,
  type RoleGrant,
} from '../../libs/domain/index.js';

// committee ─┬─ production (general, 生产) ─┬─ workshop1 (branch, 生产)
//            │                              └─ workshop2 (branch, 生产)
//            └─ business (general, 经营) ──── market (branch, 经营)
const units = new Map<string, CampaignUnit>(
  (
    [
      { id: 'committee', parentId: null, kind: 'committee', category: null },
      { id: 'production', parentId: 'committee', kind: 'general_branch', category: '生产' },
      { id: 'workshop1', parentId: 'production', kind: 'branch', category: '生产' },
      { id: 'workshop2', parentId: 'production', kind: 'branch', category: '生产' },
      { id: 'business', parentId: 'committee', kind: 'general_branch', category: '经营' },
      { id: 'market', parentId: 'business', kind: 'branch', category: '经营' },
    ] satisfies CampaignUnit[]
  ).map((u) => [u.id, u]),
);

describe(selectTargets.name, () => {
  it.each<[string, CampaignTargets, string[]]>([
    ['every branch', { kinds: ['branch'] }, ['workshop1', 'workshop2', 'market']],
    ['branches and general branches', { kinds: ['branch', 'general_branch'] }, ['production', 'workshop1', 'workshop2', 'business', 'market']],
    ['a category', { category: '经营' }, ['business', 'market']],
    ['a subtree, its root included', { subtreeId: 'production' }, ['production', 'workshop1', 'workshop2']],
    ['branches of a subtree', { subtreeId: 'production', kinds: ['branch'] }, ['workshop1', 'workshop2']],
    ['branches of a category', { kinds: ['branch'], category: '生产' }, ['workshop1', 'workshop2']],
    ['a category outside the subtree', { subtreeId: 'business', category: '生产' }, []],
    ['a subtree that does not exist', { subtreeId: 'nowhere' }, []],
    ['a category nobody has', { category: '后勤' }, []],
  ])('selects %s', (_, targets, expected) => {
    expect(selectTargets(units, targets).map((u) => u.id)).toEqual(expected);
  });
});

describe(canRateReport.name, () => {
  it.each<[string, RoleGrant[], string, boolean]>([
    ['a committee member, of a branch below', [{ role: 'member', unitId: 'committee' }], 'workshop1', true],
    ['an administrator', [{ role: 'admin', unitId: null }], 'market', true],
    ["the branch's own secretary, even sitting on the committee", [{ role: 'secretary', unitId: 'workshop1' }, { role: 'member', unitId: 'committee' }], 'workshop1', false],
    ['a general branch secretary above the branch', [{ role: 'secretary', unitId: 'production' }], 'workshop1', false],
    ['an auditor', [{ role: 'auditor', unitId: null }], 'workshop1', false],
  ])('answers for %s', (_, grants, unitId, expected) => {
    expect(canRateReport(units, grants, unitId)).toBe(expected);
  });
});

describe(canIssueCampaigns.name, () => {
  it.each<[string, RoleGrant[], boolean]>([
    ['a committee secretary', [{ role: 'secretary', unitId: 'committee' }], true],
    ['a committee member (委员)', [{ role: 'member', unitId: 'committee' }], true],
    ['an administrator', [{ role: 'admin', unitId: null }], true],
    ['a general branch secretary', [{ role: 'secretary', unitId: 'production' }], false],
    ['a branch secretary', [{ role: 'secretary', unitId: 'workshop1' }], false],
    ['committee staff (党务工作者)', [{ role: 'staff', unitId: 'committee' }], false],
    ['an auditor', [{ role: 'auditor', unitId: null }], false],
    ['nobody in particular', [], false],
  ])('answers for %s', (_, grants, expected) => {
    expect(canIssueCampaigns(units, grants)).toBe(expected);
  });
});

describe(campaignErrors.name, () => {
  const now = Date.parse('2026-06-01T00:00:00Z');
  const valid = (): CampaignRequest => ({
    title: '2026年度党支部书记述职述责',
    instructions: '请按模板提交述职述责报告',
    targets: { kinds: ['branch'] },
    dueRule: { kind: 'working_days_after', days: 10, at: '17:30' },
  });
  const time = (field: string) => `${field} 应为时刻，格式为 HH:MM，例如 17:30`;

  it('accepts a due rule, or a fixed due time, with a ladder, reminders and recurrence', () => {
    expect(campaignErrors(valid(), now)).toEqual([]);
    expect(campaignErrors({ ...valid(), remindOn: [{ workingDaysBefore: 1, at: '09:00' }], ladder: defaultCampaignLadder, recurrence: { every: 'annual', catchupWindow: '7d' } }, now)).toEqual([]);
    expect(campaignErrors({ ...valid(), dueRule: undefined, dueAt: '2026-06-10T17:30:00+08:00', closeAfter: '30d' }, now)).toEqual([]);
  });

  it.each<[string, (r: CampaignRequest) => void, string[]]>([
    ['a blank title and no instructions', (r) => Object.assign(r, { title: ' ', instructions: undefined }), ['title 请填写工作名称', 'instructions 请填写工作要求']],
    ['no target criteria', (r) => (r.targets = {}), ['targets 请至少指定组织类型（kinds）、组织类别（category）或党组织范围（subtreeId）中的一项']],
    ['targets that are not an object', (r) => (r.targets = null as never), ['targets 应为发布范围的设置']],
    ['an unknown unit kind', (r) => (r.targets = { kinds: ['branch', 'cell' as never] }), ['targets.kinds 应列出一个或多个组织类型，可选：committee（党委）、general_branch（党总支）、branch（党支部）']],
    ['an empty kinds list', (r) => (r.targets = { kinds: [] }), ['targets.kinds 应列出一个或多个组织类型，可选：committee（党委）、general_branch（党总支）、branch（党支部）']],
    ['a blank category', (r) => (r.targets = { category: '' }), ['targets.category 请填写组织类别']],
    ['neither due rule nor due time', (r) => delete r.dueRule, ['dueRule 请设置截止规则（dueRule）或固定的截止时间（dueAt）']],
    ['both a due rule and a due time', (r) => (r.dueAt = '2026-06-10T17:30:00+08:00'), ['dueRule 截止规则（dueRule）和固定的截止时间（dueAt）只能设置一项']],
    ['a due rule with a bad day count and time', (r) => (r.dueRule = { kind: 'working_days_after', days: -1, at: '25:00' }), ['dueRule.days 应为 0 到 60 之间的整数', time('dueRule.at')]],
    ['an unknown due rule', (r) => (r.dueRule = { kind: 'whenever' } as never), ['dueRule.kind 不是可选的规则类型，可选：working_days_after（期末后第 N 个工作日）、nth_working_day_of_next_month（次月第 N 个工作日）', time('dueRule.at')]],
    ['a reminder at no time of day', (r) => (r.remindOn = [{ workingDaysBefore: 1, at: 'noon' }]), [time('remindOn[0].at')]],
    ['reminders without a due rule', (r) => Object.assign(r, { dueRule: undefined, dueAt: '2026-06-10T17:30:00+08:00', remindOn: [] }), ['remindOn 按工作日提醒需要同时设置截止规则（dueRule）']],
    ['a due time without a zone', (r) => Object.assign(r, { dueRule: undefined, dueAt: '2026-06-10T17:30' }), ['dueAt 应为带时区的日期时间，例如 2026-04-15T17:30:00+08:00']],
    ['a due time already past', (r) => Object.assign(r, { dueRule: undefined, dueAt: '2026-05-31T17:30:00+08:00' }), ['dueAt 截止时间应晚于现在']],
    ['an end date that is no duration', (r) => (r.closeAfter = 'a month'), ['closeAfter 应为时长，例如 3s、10m、2h 或 5d（秒、分钟、小时、天）']],
    ['an end date at the due time', (r) => (r.closeAfter = '0s'), ['closeAfter 应在 1 秒（1s）到 365 天（365d）之间']],
    ['an end date more than a year after', (r) => (r.closeAfter = '366d'), ['closeAfter 应在 1 秒（1s）到 365 天（365d）之间']],
    ['a ladder with a bad rung', (r) => (r.ladder = { remindBefore: ['soon'], escalate: [{ after: '1d', to: 'mayor' as never }] }), [
      'ladder.remindBefore[0] 应为时长，例如 3s、10m、2h 或 5d（秒、分钟、小时、天）',
      'ladder.escalate[0].to 不是可选的督办对象，可选：owner（责任人本人）、owning_unit_secretary（所在党组织书记）、parent_unit_secretary（上级党组织书记）、committee_secretary（党委书记）',
    ]],
    ['a fixed due time that recurs', (r) => Object.assign(r, { dueRule: undefined, dueAt: '2026-06-10T17:30:00+08:00', recurrence: { every: 'quarterly', catchupWindow: '7d' } }), ['recurrence 重复发布需要截止规则（dueRule）：固定的截止时间（dueAt）不能重复']],
    ['a monthly recurrence without a window', (r) => (r.recurrence = { every: 'monthly' as never, catchupWindow: undefined as never }), [
      'recurrence.every 应为 quarterly（每季度）、annual（每年）',
      'recurrence.catchupWindow 应为时长，例如 3s、10m、2h 或 5d（秒、分钟、小时、天）',
    ]],
  ])('names every field when a request has %s', (_, spoil, expected) => {
    const request = valid();
    spoil(request);
    expect(campaignErrors(request, now)).toEqual(expected);
  });
});

describe(campaignClosesAt.name, () => {
  it('closes a month after the due time unless the request says how long after', () => {
    expect(campaignClosesAt('2026-06-10T09:30:00.000Z', undefined)).toBe('2026-07-10T09:30:00.000Z');
    expect(campaignClosesAt('2026-06-10T09:30:00.000Z', '3d')).toBe('2026-06-13T09:30:00.000Z');
    expect(campaignClosesAt('2026-06-10T09:30:00.000Z', '2s')).toBe('2026-06-10T09:30:02.000Z');
  });
});

describe(recurrenceErrors.name, () => {
  it.each<[unknown, string[]]>([
    [{ every: 'quarterly', catchupWindow: '7d' }, []],
    [{ every: 'annual', catchupWindow: '1m' }, []],
    [{ every: 'annual', catchupWindow: '365d' }, []],
    [{ every: 'annual', catchupWindow: '30s' }, ['recurrence.catchupWindow 应在 1 分钟（1m）到 365 天（365d）之间']],
    [{ every: 'annual', catchupWindow: '400d' }, ['recurrence.catchupWindow 应在 1 分钟（1m）到 365 天（365d）之间']],
    [{ every: 'annual', catchupWindow: 'a week' }, ['recurrence.catchupWindow 应为时长，例如 3s、10m、2h 或 5d（秒、分钟、小时、天）']],
    ['quarterly', ['recurrence 应为重复设置：重复周期（every）和补发时限（catchupWindow）']],
  ])('judges %j', (recurrence, expected) => {
    expect(recurrenceErrors(recurrence)).toEqual(expected);
  });
});

describe(rollUpCampaign.name, () => {
  const dueAt = '2026-06-10T09:30:00.000Z';
  const due = Date.parse(dueAt);
  const row = (unitId: string, submittedAt: string | null, deadlineStatus: CampaignTargetRecord['deadlineStatus']): CampaignTargetRecord => ({ unitId, dueAt, submittedAt, deadlineStatus });

  it.each<[string, CampaignTargetRecord, number, [string, boolean]]>([
    ['submitted before the due time, deadline closed as met', row('a', '2026-06-09T01:00:00.000Z', 'met'), due + 1, ['on_time', false]],
    ['submitted after it, deadline closed as late', row('a', '2026-06-11T01:00:00.000Z', 'late'), due + 1, ['late', false]],
    // The deadline's verdict stands over the clock: an extension (延期) moved its due time.
    ['submitted after the first due time within an extension', row('a', '2026-06-11T01:00:00.000Z', 'met'), due + 1, ['on_time', false]],
    ['submitted on time, deadline not yet closed', row('a', '2026-06-09T01:00:00.000Z', 'open'), due - 1, ['on_time', false]],
    ['submitted late, deadline not yet closed', row('a', '2026-06-11T01:00:00.000Z', 'overdue'), due + 1, ['late', false]],
    ['submitted exactly at the due time', row('a', dueAt, null), due, ['on_time', false]],
    ['not submitted, before the due time', row('a', null, 'open'), due - 1, ['missing', false]],
    ['not submitted, after the due time', row('a', null, 'overdue'), due + 1, ['missing', true]],
    ['not submitted, past due before the deadline marked it', row('a', null, 'open'), due + 1, ['missing', true]],
    ['not submitted, deadline not yet recorded', row('a', null, null), due - 1, ['missing', false]],
  ])('reads a unit %s', (_, target, nowMs, expected) => {
    const { units } = rollUpCampaign([target], nowMs);
    expect([units[0].status, units[0].overdue]).toEqual(expected);
  });

  it('counts each status and the overdue among the missing, keeping each row', () => {
    const rows = [
      { ...row('a', '2026-06-09T01:00:00.000Z', 'met'), unitName: '一车间' },
      { ...row('b', '2026-06-11T01:00:00.000Z', 'late'), unitName: '二车间' },
      { ...row('c', null, 'overdue'), unitName: '市场部' },
      { ...row('d', null, 'open'), unitName: '后勤' },
    ];
    const { counts, units: rolled } = rollUpCampaign(rows, due + 1);
    expect(counts).toEqual({ targets: 4, onTime: 1, late: 1, missing: 2, overdue: 2 });
    expect(rolled.map((u) => [u.unitName, u.status, u.overdue])).toEqual([
      ['一车间', 'on_time', false],
      ['二车间', 'late', false],
      ['市场部', 'missing', true],
      ['后勤', 'missing', true],
    ]);
    expect(rollUpCampaign([], due).counts).toEqual({ targets: 0, onTime: 0, late: 0, missing: 0, overdue: 0 });
  });
});

describe(scheduledTimeOf.name, () => {
  const action = 'campaign-5f0c9d3e-0000-4000-8000-000000000001';
  it.each<[string, string | null]>([
    [`${action}-2027-01-01T01:00:00Z`, '2027-01-01T01:00:00.000Z'],
    [`${action}-2027-01-01T01:00:00.123Z`, '2027-01-01T01:00:00.123Z'],
    [action, null],
    [`${action}-retry`, null],
    ['campaign-other-2027-01-01T01:00:00Z', null],
  ])('reads %s', (workflowId, expected) => {
    expect(scheduledTimeOf(workflowId, action)).toBe(expected);
  });
});
