import { approvalPolicyErrors, defaultApprovalPolicy, type ApprovalPolicy } from './approval-policy.js';
import { canonicalJson } from './canonical.js';
import { dueRuleErrors, type DueRule, type ReminderRule } from './calendar.js';
import { digestModes, type DigestMode } from './digest.js';
import { choices, unknownFieldErrors, yearPolicyShape } from './document-shape.js';
import { durationErrors, durationMs, type Duration } from './duration.js';
import { severities, severityLabels, type Severity } from './project.js';
import { defaultScoringRules, scoringRulesErrors, type ScoringRules } from './scoring.js';

const escalationTargetLabels: Record<EscalationTarget, string> = {
  owner: '责任人本人',
  owning_unit_secretary: '所在党组织书记',
  parent_unit_secretary: '上级党组织书记',
  committee_secretary: '党委书记',
};

/** Who hears of an overdue item on one rung of the 分级督办 ladder: the owners themselves first, then up the tree. */
export const escalationTargets = ['owner', 'owning_unit_secretary', 'parent_unit_secretary', 'committee_secretary'] as const;
export type EscalationTarget = (typeof escalationTargets)[number];

export interface DeadlineLadder {
  /** Reminders to the people who owe the work, this long before it falls due. */
  remindBefore: Duration[];
  /** Escalations after it falls due, each to someone further up. */
  escalate: { after: Duration; to: EscalationTarget }[];
}

/**
 * Every timing of a project year is data: per year, edited by admins, passed into workflows at start.
 * Tests use second-scale policies instead of skipping time.
 */
export interface YearPolicy {
  version: string;
  year: number;
  quarterly: {
    quarters: { quarter: number; dueAt: string }[];
    ladder: DeadlineLadder;
    /**
     * When set, each quarter's report falls due by this rule on the working-day calendar, computed when the quarter's
     * deadline opens, and `quarters[].dueAt` only says which quarters there are.
     */
    dueRule?: DueRule;
    /** Reminders on working days before the due day, with the rule. */
    remindOn?: ReminderRule[];
  };
  rectification: {
    dueIn: Duration;
    reopenDueIn: Duration;
    ladder: DeadlineLadder;
    /**
     * By severity: working days to fix from the day the finding is raised, and again after a failed verification, and
     * the 分级督办 ladder. When absent (policies stored before it), `dueIn`, `reopenDueIn` and `ladder` apply to all.
     */
    bySeverity?: Record<Severity, SeverityRule>;
  };
  evaluation: {
    selfAssessmentDueAt: string;
    scoringDueIn: Duration;
    ladder: DeadlineLadder;
    scoring: ScoringRules;
    /** Who scores: the committee's secretaries (policies stored before the panel was policy), or all its members. */
    panel?: EvaluationPanel;
  };
  /** Absent in policies stored before approvals were policy data: those run by defaultApprovalPolicy. */
  approval?: ApprovalPolicy;
  /** The daily digest; absent in policies stored before it existed, which get it besides single mails (`also`). */
  notices?: { digest: DigestMode };
}

/** Natural time (`30d`; second-scale in tests) or working days on the calendar. */
export type DueSpec = Duration | DueRule;

export const evaluationPanels = ['secretaries', 'committee'] as const;
export type EvaluationPanel = (typeof evaluationPanels)[number];

export interface SeverityRule {
  /** From the day the finding is raised. */
  due: DueSpec;
  /** Again, from the day a failed verification reopens the item. */
  reopenDue: DueSpec;
  ladder: DeadlineLadder;
}

/** 分级督办: the owners on the day it falls due, then each level up the tree in turn, each once. */
const standardLadder: DeadlineLadder = {
  remindBefore: ['2d'],
  escalate: [
    { after: '1h', to: 'owner' },
    { after: '1d', to: 'owning_unit_secretary' },
    { after: '3d', to: 'parent_unit_secretary' },
    { after: '5d', to: 'committee_secretary' },
  ],
};

const workingDays = (days: number): DueRule => ({ kind: 'working_days_after', days, at: '17:30' });
/** A serious or major item overdue goes from its owners straight to the committee (严重问题直报党委). */
const straightToCommittee = (after: Duration): DeadlineLadder => ({
  remindBefore: ['2d'],
  escalate: [
    { after: '1h', to: 'owner' },
    { after, to: 'committee_secretary' },
  ],
});
const defaultSeverityRules: Record<Severity, SeverityRule> = {
  general: { due: workingDays(20), reopenDue: workingDays(10), ladder: standardLadder },
  serious: { due: workingDays(10), reopenDue: workingDays(5), ladder: straightToCommittee('1d') },
  major: { due: workingDays(5), reopenDue: workingDays(3), ladder: straightToCommittee('1h') },
};

/** The severity's rule, when the year's policy sets them (policies stored before it did: none). */
export const severityRuleOf = (policy: YearPolicy['rectification'], severity: Severity): SeverityRule | null => policy.bySeverity?.[severity] ?? null;

/**
 * Reports fall due at 17:30 Beijing time on the 5th working day after their quarter (Q4 in January of the next year),
 * reminded at 09:00 three working days and one working day before and on the day itself.
 */
export function defaultYearPolicy(year: number): YearPolicy {
  const at = (y: number, month: string, day: string) => `${y}-${month}-${day}T17:30:00+08:00`;
  return {
    version: `${year}-default-2`,
    year,
    quarterly: {
      quarters: [
        { quarter: 1, dueAt: at(year, '04', '15') },
        { quarter: 2, dueAt: at(year, '07', '15') },
        { quarter: 3, dueAt: at(year, '10', '15') },
        { quarter: 4, dueAt: at(year + 1, '01', '15') },
      ],
      ladder: { remindBefore: [], escalate: standardLadder.escalate },
      dueRule: { kind: 'working_days_after', days: 5, at: '17:30' },
      remindOn: [3, 1, 0].map((k) => ({ workingDaysBefore: k, at: '09:00' })),
    },
    rectification: { dueIn: '30d', reopenDueIn: '15d', ladder: standardLadder, bySeverity: defaultSeverityRules },
    evaluation: { selfAssessmentDueAt: at(year + 1, '01', '31'), scoringDueIn: '10d', ladder: standardLadder, scoring: defaultScoringRules, panel: 'committee' },
    approval: defaultApprovalPolicy,
    notices: { digest: 'also' },
  };
}

/** How the year's policy wants routine notices mailed. */
export const digestModeOf = (policy: Pick<YearPolicy, 'notices'> | null): DigestMode => policy?.notices?.digest ?? 'also';

/**
 * A date-time with its zone written out ('Z' or '+08:00'). Without one, Date.parse reads '2026-04-15T17:30' in the
 * zone of whichever process parses it (UTC in a container), so the same policy would fall due at different instants.
 */
export const isInstant = (value: unknown): boolean =>
  typeof value === 'string' &&
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
  !Number.isNaN(Date.parse(value));
export const instantRule = '应为带时区的日期时间，例如 2026-04-15T17:30:00+08:00';

export function ladderErrors(ladder: unknown, field: string): string[] {
  if (typeof ladder !== 'object' || ladder === null) return [`${field} 应为督办规则：提前提醒（remindBefore）和逾期督办（escalate）`];
  const { remindBefore, escalate } = ladder as Partial<DeadlineLadder>;
  const errors: string[] = [];
  if (!Array.isArray(remindBefore)) errors.push(`${field}.remindBefore 应为时长列表，例如 ["2d"]`);
  else remindBefore.forEach((d, i) => errors.push(...durationErrors(d, `${field}.remindBefore[${i}]`)));
  if (!Array.isArray(escalate)) errors.push(`${field}.escalate 应为督办层级列表`);
  else
    escalate.forEach((rung, i) => {
      errors.push(...durationErrors(rung?.after, `${field}.escalate[${i}].after`));
      if (!escalationTargets.includes(rung?.to)) errors.push(`${field}.escalate[${i}].to 不是可选的督办对象，可选：${choices(escalationTargetLabels)}`);
    });
  return errors;
}

function dueSpecErrors(spec: unknown, field: string): string[] {
  if (typeof spec !== 'object' || spec === null) return durationErrors(spec, field);
  if ((spec as DueRule | null)?.kind !== 'working_days_after') return [`${field} 应为时长（例如 30d），或工作日规则 { kind: working_days_after, days, at }`];
  return dueRuleErrors(spec as DueRule, undefined, '').map((e) => `${field}${e.slice('dueRule'.length)}`);
}

/** Every problem with a policy document, each naming its field, so one answer lists them all. */
export function yearPolicyErrors(policy: YearPolicy): string[] {
  const errors = unknownFieldErrors(policy, yearPolicyShape);
  if (typeof policy.version !== 'string' || policy.version.trim() === '') errors.push('version 请填写规则版本');
  const quarters = policy.quarterly?.quarters;
  if (!Array.isArray(quarters) || quarters.length === 0) errors.push('quarterly.quarters 至少要列出一个季度');
  else {
    quarters.forEach((q, i) => {
      if (![1, 2, 3, 4].includes(q?.quarter)) errors.push(`quarterly.quarters[${i}].quarter 应为 1、2、3 或 4`);
      if (!isInstant(q?.dueAt)) errors.push(`quarterly.quarters[${i}].dueAt ${instantRule}`);
    });
    if (new Set(quarters.map((q) => q?.quarter)).size !== quarters.length) errors.push('quarterly.quarters 中的季度不能重复');
  }
  errors.push(...ladderErrors(policy.quarterly?.ladder, 'quarterly.ladder'));
  if (policy.quarterly?.dueRule !== undefined) errors.push(...dueRuleErrors(policy.quarterly.dueRule, policy.quarterly.remindOn, 'quarterly'));
  else if (policy.quarterly?.remindOn !== undefined) errors.push('quarterly.remindOn 按工作日提醒需要同时设置报告截止规则（quarterly.dueRule）');
  errors.push(...durationErrors(policy.rectification?.dueIn, 'rectification.dueIn'));
  errors.push(...durationErrors(policy.rectification?.reopenDueIn, 'rectification.reopenDueIn'));
  errors.push(...ladderErrors(policy.rectification?.ladder, 'rectification.ladder'));
  const bySeverity = policy.rectification?.bySeverity;
  if (bySeverity !== undefined) {
    if (typeof bySeverity !== 'object' || bySeverity === null) errors.push(`rectification.bySeverity 应为每个问题等级各设一条规则：${choices(severityLabels)}`);
    else
      for (const severity of severities) {
        const rule = bySeverity[severity];
        const at = `rectification.bySeverity.${severity}`;
        if (typeof rule !== 'object' || rule === null) {
          errors.push(`${at} 应包含整改期限（due）、复查后整改期限（reopenDue）和督办规则（ladder）`);
          continue;
        }
        for (const key of ['due', 'reopenDue'] as const) errors.push(...dueSpecErrors(rule[key], `${at}.${key}`));
        errors.push(...ladderErrors(rule.ladder, `${at}.ladder`));
      }
  }
  if (!isInstant(policy.evaluation?.selfAssessmentDueAt)) errors.push(`evaluation.selfAssessmentDueAt ${instantRule}`);
  errors.push(...durationErrors(policy.evaluation?.scoringDueIn, 'evaluation.scoringDueIn'));
  errors.push(...ladderErrors(policy.evaluation?.ladder, 'evaluation.ladder'));
  errors.push(...scoringRulesErrors(policy.evaluation?.scoring, 'evaluation.scoring'));
  if (policy.evaluation?.panel !== undefined && !evaluationPanels.includes(policy.evaluation.panel)) errors.push(`evaluation.panel 不是可选的评分人员，可选：${choices({ secretaries: '党委书记', committee: '党委全体委员' })}`);
  if (policy.approval !== undefined) errors.push(...approvalPolicyErrors(policy.approval));
  if (policy.notices !== undefined && !digestModes.includes(policy.notices?.digest)) errors.push(`notices.digest 不是可选的汇总方式，可选：${choices({ off: '只发单条通知', also: '单条通知外每日再发汇总', instead: '常规通知只发每日汇总' })}`);
  return errors;
}

/**
 * Fields a policy carries but does not use while another field decides instead: a quarter's `dueAt` beside
 * `quarterly.dueRule` (the rule computes the date), and `rectification.dueIn`, `reopenDueIn` and `ladder` beside
 * `rectification.bySeverity` (each severity's rule applies). They stay in the document for the policies stored before
 * the rules existed, so a value as the year had it (`baselines`: its stored policy, and the default) is fine; a value
 * changed there would be silently ignored, so it is refused with the field that wins.
 */
export function ignoredFieldErrors(policy: YearPolicy, baselines: readonly YearPolicy[]): string[] {
  const errors: string[] = [];
  const unchanged = (value: unknown, before: (b: YearPolicy) => unknown) => baselines.some((b) => canonicalJson(value) === canonicalJson(before(b)));
  if (policy.quarterly.dueRule !== undefined) {
    policy.quarterly.quarters.forEach((q, i) => {
      const dueAtIn = (b: YearPolicy) => b.quarterly.quarters.find((p) => p.quarter === q.quarter)?.dueAt;
      if (!unchanged(q.dueAt, dueAtIn)) {
        const before = baselines.map(dueAtIn).find((d) => d !== undefined);
        errors.push(
          `quarterly.quarters[${i}].dueAt 设置了报告截止规则（quarterly.dueRule）时，截止日期由规则计算，此处的修改不会生效：请保持原值（${before ?? '未设置'}），或删除 quarterly.dueRule 和 quarterly.remindOn 后自行设置日期`,
        );
      }
    });
  }
  if (policy.rectification.bySeverity !== undefined) {
    for (const field of ['dueIn', 'reopenDueIn', 'ladder'] as const) {
      if (!unchanged(policy.rectification[field], (b) => b.rectification[field])) {
        errors.push(
          `rectification.${field} 设置了按问题等级的整改规则（rectification.bySeverity）时，此处的修改不会生效：请改在 rectification.bySeverity 中设置，或删除它，让 rectification.${field} 适用于所有等级`,
        );
      }
    }
  }
  return errors;
}

export type RungKind = 'reminder' | 'overdue' | 'escalation';
export interface Rung {
  kind: RungKind;
  /** Position within its kind, for idempotency keys: the second reminder is always reminder 1. */
  index: number;
  atMs: number;
  to?: EscalationTarget;
}

/**
 * The timeline of one deadline: reminders before it (by duration, and at instants computed from working-day rules), the moment it falls due, escalations after,
 * in time order (ties keep that order, so a reminder never comes after the overdue mark).
 */
export function planLadder(dueAtMs: number, ladder: DeadlineLadder, remindAtMs: readonly number[] = []): Rung[] {
  const before = ladder.remindBefore.map((d) => dueAtMs - durationMs(d));
  const rungs: Rung[] = [
    // Reminders by duration, then those computed on the working-day calendar; their indexes never collide.
    ...[...before, ...remindAtMs].map((atMs, index): Rung => ({ kind: 'reminder', index, atMs })),
    { kind: 'overdue', index: 0, atMs: dueAtMs },
    ...ladder.escalate.map((e, index): Rung => ({ kind: 'escalation', index, atMs: dueAtMs + durationMs(e.after), to: e.to })),
  ];
  const order: Record<RungKind, number> = { reminder: 0, overdue: 1, escalation: 2 };
  return rungs.sort((a, b) => a.atMs - b.atMs || order[a.kind] - order[b.kind]);
}
