import { beijingDateOf, calendarOfWorkdays, dueRuleErrors, dueSchedule, type DueRule, type ReminderRule, type WorkdayList } from './calendar.js';
import { chainActions, levelModes, type ChainAction } from './chain.js';
import { levelDeciders, levelScopes, selfApprovalPolicies, type LevelTemplate, type RoutingRules } from './chain-routing.js';
import { choices } from './document-shape.js';
import { durationErrors, durationMs, type Duration } from './duration.js';
import { projectKindLabels, projectKinds, type ProjectKind } from './project.js';

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

// What each accepted value means, for the messages that list them to the administrator editing the year's rules.
const levelScopeLabels = { owning_unit: '项目所在党组织', parent_unit: '上级党组织', committee: '党委', co_owning_units: '各共建单位' };
const levelModeLabels = { sequential: '依次审批', all: '会签，全部同意', any: '或签，一人同意即可', ratio: '按比例通过' };
const deciderLabels = { secretaries: '书记', members: '全体委员' };
const selfApprovalLabels = { escalate: '本人的审批交上一级党组织', skip: '跳过这一级' };
const resubmitLabels = { restart: '从第一级重新审批', resume: '从退回的那一级继续' };

function templateErrors(template: unknown, field: string): string[] {
  if (!Array.isArray(template) || template.length === 0) return [`${field} 至少要设置一级审批`];
  return template.flatMap((level: Partial<LevelTemplate> | null, i) => {
    const at = `${field}[${i}]`;
    if (typeof level !== 'object' || level === null) return [`${at} 应为一级审批的设置`];
    const errors: string[] = [];
    if (!levelScopes.includes(level.scope as never)) errors.push(`${at}.scope 不是可选的审批范围，可选：${choices(levelScopeLabels)}`);
    if (!levelModes.includes(level.mode as never)) errors.push(`${at}.mode 不是可选的审批方式，可选：${choices(levelModeLabels)}`);
    if (level.mode === 'ratio' && !(typeof level.ratio === 'number' && level.ratio > 0 && level.ratio <= 1)) {
      errors.push(`${at}.ratio 按比例审批时，通过比例应大于 0、不超过 1，例如 0.5`);
    }
    if (level.deciders !== undefined && !levelDeciders.includes(level.deciders)) {
      errors.push(`${at}.deciders 不是可选的审批人员，可选：${choices(deciderLabels)}`);
    }
    if (level.meeting && level.deciders === 'members') errors.push(`${at}.deciders 会议由书记记录，设置了会议的审批级，审批人员应为 secretaries（书记）`);
    return errors;
  });
}

/** Every problem with an approval policy, each naming its field. */
export function approvalPolicyErrors(policy: ApprovalPolicy, field = 'approval'): string[] {
  if (typeof policy !== 'object' || policy === null) return [`${field} 应为审批规则的设置`];
  const errors = [...templateErrors(policy.launch, `${field}.launch`), ...templateErrors(policy.reportReview, `${field}.reportReview`)];
  if (typeof policy.launchByKind !== 'object' || policy.launchByKind === null) errors.push(`${field}.launchByKind 应为按项目类型设置的审批级`);
  else
    for (const [kind, template] of Object.entries(policy.launchByKind)) {
      if (!projectKinds.includes(kind as ProjectKind)) errors.push(`${field}.launchByKind.${kind} 不是项目类型，可选：${choices(projectKindLabels)}`);
      else errors.push(...templateErrors(template, `${field}.launchByKind.${kind}`));
    }
  if (!selfApprovalPolicies.includes(policy.rules?.selfApproval)) errors.push(`${field}.rules.selfApproval 应为 ${choices(selfApprovalLabels)}`);
  if (typeof policy.rules?.dedupe !== 'boolean') errors.push(`${field}.rules.dedupe 应为 true 或 false`);
  if (!resubmitModes.includes(policy.onResubmit)) errors.push(`${field}.onResubmit 应为 ${choices(resubmitLabels)}`);
  if (!Array.isArray(policy.commentRequired) || policy.commentRequired.some((a) => !chainActions.includes(a))) {
    errors.push(`${field}.commentRequired 应为操作列表，可选的操作：${chainActions.join('、')}`);
  }
  errors.push(...durationErrors(policy.nudgeInterval, `${field}.nudgeInterval`));
  const due = policy.levelDeadline;
  if (due !== null) {
    if (typeof due !== 'object' || due === undefined) errors.push(`${field}.levelDeadline 应为每级审批的期限设置，不设期限时为 null`);
    else {
      if ((due.dueIn === undefined) === (due.dueRule === undefined)) errors.push(`${field}.levelDeadline 自然时长（dueIn）和工作日规则（dueRule）须设置其中一项，且只能设置一项`);
      else if (due.dueIn !== undefined) errors.push(...durationErrors(due.dueIn, `${field}.levelDeadline.dueIn`));
      else if (due.dueRule?.kind !== 'working_days_after') errors.push(`${field}.levelDeadline.dueRule.kind 应为 working_days_after（第 N 个工作日）`);
      else errors.push(...dueRuleErrors(due.dueRule, due.remindOn, `${field}.levelDeadline`));
      if (due.dueIn !== undefined && due.remindOn !== undefined) errors.push(`${field}.levelDeadline.remindOn 按工作日提醒需要同时设置工作日规则（dueRule）`);
      for (const list of ['remindBefore', 'escalateAfter'] as const) {
        if (!Array.isArray(due[list])) errors.push(`${field}.levelDeadline.${list} 应为时长列表，例如 ["2d"]`);
        else due[list].forEach((d, i) => errors.push(...durationErrors(d, `${field}.levelDeadline.${list}[${i}]`)));
      }
    }
  }
  return errors;
}
