import { beijingDateOf, calendarOfWorkdays, dueRuleErrors, dueSchedule, type DueRule, type ReminderRule, type WorkdayList } from './calendar.js';
import { chainActions, levelModes, type ChainAction } from './chain.js';
import { levelDeciders, levelScopes, selfApprovalPolicies, type LevelTemplate, type RoutingRules } from './chain-routing.js';
import { durationErrors, durationMs, type Duration } from './duration.js';
import { projectKinds, type ProjectKind } from './project.js';

/** The due time of each approval level, its reminders, and escalation to the approvers' superior after it. */
export interface LevelDeadlinePolicy {
  /** Natural time from the level's opening (second-scale in tests); or, instead, */
  dueIn?: Duration;
  /** working days after the day the level opened, on the working-day calendar, with reminders on working days before. */
  dueRule?: DueRule;
  remindOn?: ReminderRule[];
  remindBefore: Duration[];
  /** After the due time, the secretaries of the level's parent unit hear of it, at each of these delays. */
  escalateAfter: Duration[];
}

/** After a send-back to the submitter: start again at the first level, or resume at the level that sent it back. */
export const resubmitModes = ['restart', 'resume'] as const;
export type ResubmitMode = (typeof resubmitModes)[number];

/**
 * How approvals are routed and run, per year: chain templates per project kind and per purpose, and the rules
 * every chain follows. Data, not code, so a committee can change its procedure without a release.
 */
export interface ApprovalPolicy {
  /** 立项: the default template, and the kinds that differ from it. */
  launch: LevelTemplate[];
  launchByKind: Partial<Record<ProjectKind, LevelTemplate[]>>;
  reportReview: LevelTemplate[];
  rules: RoutingRules;
  onResubmit: ResubmitMode;
  /** Actions that need a comment besides reject and both send-backs, which always do. */
  commentRequired: ChainAction[];
  /** 催办 at most this often per task. */
  nudgeInterval: Duration;
  /** Null: approval levels have no due time. */
  levelDeadline: LevelDeadlinePolicy | null;
}

const branch: LevelTemplate = { scope: 'owning_unit', mode: 'sequential' };
const generalBranch: LevelTemplate = { scope: 'parent_unit', mode: 'sequential' };
const committee: LevelTemplate = { scope: 'committee', mode: 'sequential' };

/** Ordinary kinds go up to the general branch; 书记项目 and 揭榜挂帅 need the committee; 联建共建 adds the co-owners. */
export const defaultApprovalPolicy: ApprovalPolicy = {
  launch: [branch, generalBranch],
  launchByKind: {
    secretary_project: [branch, generalBranch, committee],
    open_challenge: [branch, generalBranch, committee],
    joint_building: [branch, { scope: 'co_owning_units', mode: 'all' }, generalBranch],
  },
  reportReview: [generalBranch],
  rules: { selfApproval: 'escalate', dedupe: true },
  onResubmit: 'restart',
  commentRequired: [],
  nudgeInterval: '1h',
  levelDeadline: {
    dueRule: { kind: 'working_days_after', days: 3, at: '17:30' },
    remindOn: [{ workingDaysBefore: 1, at: '09:00' }],
    remindBefore: [],
    escalateAfter: ['1d'],
  },
};

/** One round of one level: when it falls due, when its approvers are reminded, and the rule in words (working days only). */
export interface LevelSchedule {
  dueAt: string;
  remindAt: string[];
  rule: string | null;
}

/** `workdays` is the chain's list fetched when it started; a policy in natural time needs none. */
export function levelSchedule(policy: LevelDeadlinePolicy, openedMs: number, workdays: WorkdayList | null): LevelSchedule {
  if (policy.dueRule && workdays) {
    const { dueAt, remindAt, rule } = dueSchedule(calendarOfWorkdays(workdays), beijingDateOf(openedMs), policy.dueRule, policy.remindOn ?? [], '开启');
    return { dueAt, remindAt, rule };
  }
  return { dueAt: new Date(openedMs + durationMs(policy.dueIn ?? '0s')).toISOString(), remindAt: [], rule: null };
}

/** Policies stored before approvals were policy data run by the defaults. */
export const approvalPolicyOf = (policy: { approval?: ApprovalPolicy }): ApprovalPolicy => policy.approval ?? defaultApprovalPolicy;

export const launchTemplateFor = (policy: ApprovalPolicy, kind: ProjectKind): LevelTemplate[] => policy.launchByKind[kind] ?? policy.launch;

function templateErrors(template: unknown, field: string): string[] {
  if (!Array.isArray(template) || template.length === 0) return [`${field} must list at least one level`];
  return template.flatMap((level: Partial<LevelTemplate> | null, i) => {
    const at = `${field}[${i}]`;
    if (typeof level !== 'object' || level === null) return [`${at} must be an object`];
    const errors: string[] = [];
    if (!levelScopes.includes(level.scope as never)) errors.push(`${at}.scope must be one of ${levelScopes.join(', ')}`);
    if (!levelModes.includes(level.mode as never)) errors.push(`${at}.mode must be one of ${levelModes.join(', ')}`);
    if (level.mode === 'ratio' && !(typeof level.ratio === 'number' && level.ratio > 0 && level.ratio <= 1)) {
      errors.push(`${at}.ratio must be above 0 and at most 1 for a ratio level`);
    }
    if (level.deciders !== undefined && !levelDeciders.includes(level.deciders)) {
      errors.push(`${at}.deciders must be ${levelDeciders.join(' or ')}`);
    }
    if (level.meeting && level.deciders === 'members') errors.push(`${at}: a meeting is recorded by the secretaries, so deciders must be secretaries`);
    return errors;
  });
}

/** Every problem with an approval policy, each naming its field. */
export function approvalPolicyErrors(policy: ApprovalPolicy, field = 'approval'): string[] {
  if (typeof policy !== 'object' || policy === null) return [`${field} must be an object`];
  const errors = [...templateErrors(policy.launch, `${field}.launch`), ...templateErrors(policy.reportReview, `${field}.reportReview`)];
  if (typeof policy.launchByKind !== 'object' || policy.launchByKind === null) errors.push(`${field}.launchByKind must be an object`);
  else
    for (const [kind, template] of Object.entries(policy.launchByKind)) {
      if (!projectKinds.includes(kind as ProjectKind)) errors.push(`${field}.launchByKind.${kind} is not a project kind`);
      else errors.push(...templateErrors(template, `${field}.launchByKind.${kind}`));
    }
  if (!selfApprovalPolicies.includes(policy.rules?.selfApproval)) errors.push(`${field}.rules.selfApproval must be ${selfApprovalPolicies.join(' or ')}`);
  if (typeof policy.rules?.dedupe !== 'boolean') errors.push(`${field}.rules.dedupe must be true or false`);
  if (!resubmitModes.includes(policy.onResubmit)) errors.push(`${field}.onResubmit must be ${resubmitModes.join(' or ')}`);
  if (!Array.isArray(policy.commentRequired) || policy.commentRequired.some((a) => !chainActions.includes(a))) {
    errors.push(`${field}.commentRequired must list actions among ${chainActions.join(', ')}`);
  }
  errors.push(...durationErrors(policy.nudgeInterval, `${field}.nudgeInterval`));
  const due = policy.levelDeadline;
  if (due !== null) {
    if (typeof due !== 'object' || due === undefined) errors.push(`${field}.levelDeadline must be an object or null`);
    else {
      if ((due.dueIn === undefined) === (due.dueRule === undefined)) errors.push(`${field}.levelDeadline needs exactly one of dueIn (natural time) and dueRule (working days)`);
      else if (due.dueIn !== undefined) errors.push(...durationErrors(due.dueIn, `${field}.levelDeadline.dueIn`));
      else if (due.dueRule?.kind !== 'working_days_after') errors.push(`${field}.levelDeadline.dueRule.kind must be working_days_after`);
      else errors.push(...dueRuleErrors(due.dueRule, due.remindOn, `${field}.levelDeadline`));
      if (due.dueIn !== undefined && due.remindOn !== undefined) errors.push(`${field}.levelDeadline.remindOn needs dueRule`);
      for (const list of ['remindBefore', 'escalateAfter'] as const) {
        if (!Array.isArray(due[list])) errors.push(`${field}.levelDeadline.${list} must be a list of durations`);
        else due[list].forEach((d, i) => errors.push(...durationErrors(d, `${field}.levelDeadline.${list}[${i}]`)));
      }
    }
  }
  return errors;
}
