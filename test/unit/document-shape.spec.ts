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
    ['at the top', (p) => (p.evil = 1), 'property evil should not exist'],
    ['in a section', (p) => Object.assign(p.quarterly, { evil: 'x' }), 'property quarterly.evil should not exist'],
    ['in a list item', (p) => Object.assign(p.quarterly.quarters[2], { evil: true }), 'property quarterly.quarters[2].evil should not exist'],
    ['in a ladder rung', (p) => (p.rectification.ladder = { remindBefore: [], escalate: [{ after: '1d', to: 'owner', cc: 'x' } as never] }), 'property rectification.ladder.escalate[0].cc should not exist'],
    ['in a severity rule', (p) => Object.assign(p.rectification.bySeverity!.major.due as object, { evil: 1 }), 'property rectification.bySeverity.major.due.evil should not exist'],
    ['beside the severities', (p) => Object.assign(p.rectification.bySeverity!, { trivial: {} }), 'property rectification.bySeverity.trivial should not exist'],
    ['in the scoring rules', (p) => Object.assign(p.evaluation.scoring.thresholds, { perfect: 100 }), 'property evaluation.scoring.thresholds.perfect should not exist'],
    ['in an approval template of one kind', (p) => (p.approval!.launchByKind.secretary_project = [{ scope: 'owning_unit', mode: 'sequential', skip: true } as never]), 'property approval.launchByKind.secretary_project[0].skip should not exist'],
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
      'property dueRule.evil should not exist',
      'property remindOn[0].cc should not exist',
      'property ladder.evil should not exist',
    ]);
  });
});
