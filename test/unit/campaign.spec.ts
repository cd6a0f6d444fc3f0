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
  const time = (field: string) => `${field} must be a time of day, HH:MM`;

  it('accepts a due rule, or a fixed due time, with a ladder, reminders and recurrence', () => {
    expect(campaignErrors(valid(), now)).toEqual([]);
    expect(campaignErrors({ ...valid(), remindOn: [{ workingDaysBefore: 1, at: '09:00' }], ladder: defaultCampaignLadder, recurrence: { every: 'annual', catchupWindow: '7d' } }, now)).toEqual([]);
    expect(campaignErrors({ ...valid(), dueRule: undefined, dueAt: '2026-06-10T17:30:00+08:00', closeAfter: '30d' }, now)).toEqual([]);
  });

  it.each<[string, (r: CampaignRequest) => void, string[]]>([
    ['a blank title and no instructions', (r) => Object.assign(r, { title: ' ', instructions: undefined }), ['title must be a non-empty string', 'instructions must be a non-empty string']],
    ['no target criteria', (r) => (r.targets = {}), ['targets must name kinds, a category or a subtreeId']],
    ['targets that are not an object', (r) => (r.targets = null as never), ['targets must be an object']],
    ['an unknown unit kind', (r) => (r.targets = { kinds: ['branch', 'cell' as never] }), ['targets.kinds must list one or more of committee, general_branch, branch']],
    ['an empty kinds list', (r) => (r.targets = { kinds: [] }), ['targets.kinds must list one or more of committee, general_branch, branch']],
    ['a blank category', (r) => (r.targets = { category: '' }), ['targets.category must be a non-empty string']],
    ['neither due rule nor due time', (r) => delete r.dueRule, ['dueRule or dueAt is required']],
    ['both a due rule and a due time', (r) => (r.dueAt = '2026-06-10T17:30:00+08:00'), ['dueRule and dueAt exclude each other: give one']],
    ['a due rule with a bad day count and time', (r) => (r.dueRule = { kind: 'working_days_after', days: -1, at: '25:00' }), ['dueRule.days must be a whole number from 0 to 60', time('dueRule.at')]],
    ['an unknown due rule', (r) => (r.dueRule = { kind: 'whenever' } as never), ['dueRule.kind must be working_days_after or nth_working_day_of_next_month', time('dueRule.at')]],
    ['a reminder at no time of day', (r) => (r.remindOn = [{ workingDaysBefore: 1, at: 'noon' }]), [time('remindOn[0].at')]],
    ['reminders without a due rule', (r) => Object.assign(r, { dueRule: undefined, dueAt: '2026-06-10T17:30:00+08:00', remindOn: [] }), ['remindOn needs dueRule']],
    ['a due time without a zone', (r) => Object.assign(r, { dueRule: undefined, dueAt: '2026-06-10T17:30' }), ['dueAt must be an ISO date-time with a time zone, e.g. 2026-04-15T17:30:00+08:00']],
    ['a due time already past', (r) => Object.assign(r, { dueRule: undefined, dueAt: '2026-05-31T17:30:00+08:00' }), ['dueAt must be in the future']],
    ['an end date that is no duration', (r) => (r.closeAfter = 'a month'), ['closeAfter must be a duration such as 3s, 10m, 2h or 5d']],
    ['an end date at the due time', (r) => (r.closeAfter = '0s'), ['closeAfter must be from 1s to 365d']],
    ['an end date more than a year after', (r) => (r.closeAfter = '366d'), ['closeAfter must be from 1s to 365d']],
    ['a ladder with a bad rung', (r) => (r.ladder = { remindBefore: ['soon'], escalate: [{ after: '1d', to: 'mayor' as never }] }), [
      'ladder.remindBefore[0] must be a duration such as 3s, 10m, 2h or 5d',
      'ladder.escalate[0].to must be one of owner, owning_unit_secretary, parent_unit_secretary, committee_secretary',
    ]],
    ['a fixed due time that recurs', (r) => Object.assign(r, { dueRule: undefined, dueAt: '2026-06-10T17:30:00+08:00', recurrence: { every: 'quarterly', catchupWindow: '7d' } }), ['recurrence needs dueRule: a fixed dueAt cannot recur']],
    ['a monthly recurrence without a window', (r) => (r.recurrence = { every: 'monthly' as never, catchupWindow: undefined as never }), [
      'recurrence.every must be one of quarterly, annual',
      'recurrence.catchupWindow must be a duration such as 3s, 10m, 2h or 5d',
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
    [{ every: 'annual', catchupWindow: '30s' }, ['recurrence.catchupWindow must be from 1m to 365d']],
    [{ every: 'annual', catchupWindow: '400d' }, ['recurrence.catchupWindow must be from 1m to 365d']],
    [{ every: 'annual', catchupWindow: 'a week' }, ['recurrence.catchupWindow must be a duration such as 3s, 10m, 2h or 5d']],
    ['quarterly', ['recurrence must be an object']],
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
