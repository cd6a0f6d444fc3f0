import {
  campaignErrors,
  defaultApprovalPolicy,
  defaultYearPolicy,
  ladderShape,
  unknownFieldErrors,
  yearPolicyErrors,
  yearPolicyShape,
  type CampaignRequest,
  type YearPolicy,
} from '../../libs/domain/index.js';

describe(unknownFieldErrors.name, () => {
  const policy = () => structuredClone(defaultYearPolicy(2026)) as YearPolicy & Record<string, unknown>;

  it('finds nothing unknown in the default policy, nor in one using every optional field', () => {
    const full = policy();
    full.approval = {
      ...defaultApprovalPolicy,
      launch: [{ scope: 'committee', mode: 'ratio', ratio: 0.5, deciders: 'secretaries', meeting: true }],
      levelDeadline: { dueIn: '1d', remindBefore: ['1h'], escalateAfter: ['2h'] },
    };
    full.quarterly.dueRule = { kind: 'nth_working_day_of_next_month', n: 3, at: '17:30' };
    full.rectification.bySeverity!.general.due = '30d';
    full.evaluation.panel = 'secretaries';
    expect(unknownFieldErrors(full, yearPolicyShape)).toEqual([]);
    expect(yearPolicyErrors(full)).toEqual([]);
  });

  it.each<[string, (p: YearPolicy & Record<string, unknown>) => void, string]>([
    ['at the top', (p) => (p.evil = 1), 'evil 不能提交未定义的字段「evil」，请删除'],
    ['in a section', (p) => Object.assign(p.quarterly, { evil: 'x' }), 'quarterly.evil 不能提交未定义的字段「quarterly.evil」，请删除'],
    ['in a list item', (p) => Object.assign(p.quarterly.quarters[2], { evil: true }), 'quarterly.quarters[2].evil 不能提交未定义的字段「quarterly.quarters[2].evil」，请删除'],
    ['in a ladder rung', (p) => (p.rectification.ladder = { remindBefore: [], escalate: [{ after: '1d', to: 'owner', cc: 'x' } as never] }), 'rectification.ladder.escalate[0].cc 不能提交未定义的字段「rectification.ladder.escalate[0].cc」，请删除'],
    ['in a severity rule', (p) => Object.assign(p.rectification.bySeverity!.major.due as object, { evil: 1 }), 'rectification.bySeverity.major.due.evil 不能提交未定义的字段「rectification.bySeverity.major.due.evil」，请删除'],
    ['beside the severities', (p) => Object.assign(p.rectification.bySeverity!, { trivial: {} }), 'rectification.bySeverity.trivial 不能提交未定义的字段「rectification.bySeverity.trivial」，请删除'],
    ['in the scoring rules', (p) => Object.assign(p.evaluation.scoring.thresholds, { perfect: 100 }), 'evaluation.scoring.thresholds.perfect 不能提交未定义的字段「evaluation.scoring.thresholds.perfect」，请删除'],
    ['in an approval template of one kind', (p) => (p.approval!.launchByKind.secretary_project = [{ scope: 'owning_unit', mode: 'sequential', skip: true } as never]), 'approval.launchByKind.secretary_project[0].skip 不能提交未定义的字段「approval.launchByKind.secretary_project[0].skip」，请删除'],
  ])('refuses an unknown field %s, naming it', (_, spoil, message) => {
    const p = policy();
    spoil(p);
    expect(yearPolicyErrors(p)).toEqual([message]);
  });

  it('leaves a value of another kind than its shape to the type checks', () => {
    expect(unknownFieldErrors('30d', ladderShape, 'ladder')).toEqual([]);
    expect(unknownFieldErrors([{ evil: 1 }], ladderShape, 'ladder')).toEqual([]);
    expect(unknownFieldErrors(null, yearPolicyShape)).toEqual([]);
  });

  it("refuses unknown fields in a campaign's due rule, reminders and ladder", () => {
    const request: CampaignRequest = {
      title: '述职述责',
      instructions: '按模板报送',
      targets: { kinds: ['branch'] },
      dueRule: { kind: 'working_days_after', days: 10, at: '17:30', evil: 1 } as never,
      remindOn: [{ workingDaysBefore: 1, at: '09:00', cc: 'x' } as never],
      ladder: { remindBefore: ['1d'], escalate: [], evil: 2 } as never,
    };
    expect(campaignErrors(request, Date.now())).toEqual([
      'dueRule.evil 不能提交未定义的字段「dueRule.evil」，请删除',
      'remindOn[0].cc 不能提交未定义的字段「remindOn[0].cc」，请删除',
      'ladder.evil 不能提交未定义的字段「ladder.evil」，请删除',
    ]);
  });
});
