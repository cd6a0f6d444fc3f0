import { beijingDateOf, describeDueRule, dueSchedule, quarterEnd, type WorkCalendar } from './calendar.js';
import { durationMs, type Duration } from './duration.js';
import { severities, severityLabels } from './project.js';
import { severityRuleOf, type DueSpec, type YearPolicy } from './policy.js';

/** One deadline of the year as its policy sets it: when it falls due, when its owners are reminded, and the rule in words. */
export interface DuePreviewEntry {
  key: string;
  label: string;
  /** An instant with its zone; null for a deadline counted from an event (a finding raised), which has no date ahead of it. */
  dueAt: string | null;
  remindAt: string[];
  rule: string;
  /** False when a year the date involves has no published holidays: the date assumes weekends only. */
  covered: boolean;
}

export interface YearDuePreview {
  year: number;
  entries: DuePreviewEntry[];
}

const quarterLabels = ['', '第一季度', '第二季度', '第三季度', '第四季度'];

/** A fixed instant of the policy, reminded by the ladder's durations before it. */
function fixedDate(key: string, label: string, dueAt: string, remindBefore: readonly Duration[], calendar: WorkCalendar): DuePreviewEntry {
  const dueMs = Date.parse(dueAt);
  return {
    key,
    label,
    dueAt,
    remindAt: remindBefore.map((d) => new Date(dueMs - durationMs(d)).toISOString()),
    rule: remindBefore.length > 0 ? `固定日期；提前 ${remindBefore.join('、')} 提醒` : '固定日期',
    covered: calendar.covers(Number(beijingDateOf(dueMs).slice(0, 4))),
  };
}

const dueSpecWords = (spec: DueSpec, start: string): string => (typeof spec === 'object' ? describeDueRule(spec, start) : `${start}后 ${spec}`);

/**
 * The year's due dates as a policy sets them, on the working-day calendar: each quarterly report (by the rule when the
 * policy has one, else its fixed date), the self-assessment, and the rectification periods by severity in words (they
 * count from the day a finding is raised). What the API shows an admin beside the policy, before any project runs it.
 */
export function yearDuePreview(policy: YearPolicy, calendar: WorkCalendar): YearDuePreview {
  const { quarterly, evaluation, rectification } = policy;
  const reports = [...quarterly.quarters]
    .sort((a, b) => a.quarter - b.quarter)
    .map((q): DuePreviewEntry => {
      const key = `report-q${q.quarter}`;
      const label = `${quarterLabels[q.quarter]}报告`;
      if (!quarterly.dueRule) return fixedDate(key, label, q.dueAt, quarterly.ladder.remindBefore, calendar);
      const schedule = dueSchedule(calendar, quarterEnd(policy.year, q.quarter), quarterly.dueRule, quarterly.remindOn ?? []);
      return { key, label, dueAt: schedule.dueAt, remindAt: schedule.remindAt, rule: schedule.rule, covered: schedule.covered };
    });
  const selfAssessment = fixedDate('self-assessment', '年终自评', evaluation.selfAssessmentDueAt, evaluation.ladder.remindBefore, calendar);
  const rectifications = severities.map((severity): DuePreviewEntry => {
    const rule = severityRuleOf(rectification, severity);
    const [due, reopen] = rule ? [rule.due, rule.reopenDue] : [rectification.dueIn, rectification.reopenDueIn];
    return {
      key: `rectification-${severity}`,
      label: `${severityLabels[severity]}问题整改`,
      dueAt: null,
      remindAt: [],
      rule: `${dueSpecWords(due, '提出问题')}；验证未通过的，${dueSpecWords(reopen, '重新整改')}`,
      covered: true,
    };
  });
  return { year: policy.year, entries: [...reports, selfAssessment, ...rectifications] };
}
