import type { components } from '../../api/schema';

type DueRule = { kind: 'working_days_after'; days: number; at: string } | { kind: 'nth_working_day_of_next_month'; n: number; at: string };
/** A natural duration (`30d`, or milliseconds) or a working-day rule. */
type DueSpec = string | number | DueRule;
interface Ladder {
  remindBefore: (string | number)[];
  escalate: { after: string | number; to: string }[];
}

/**
 * The year's policy document (libs/domain YearPolicy, whose yearPolicyErrors is the authority on it), as far as the
 * form edits it; every other section travels through the form untouched.
 */
export interface YearPolicy {
  version: string;
  year: number;
  quarterly: { quarters: { quarter: number; dueAt: string }[]; ladder: Ladder; dueRule?: DueRule; remindOn?: { workingDaysBefore: number; at: string }[] };
  rectification: { dueIn: DueSpec; reopenDueIn: DueSpec; ladder: Ladder; bySeverity?: Record<'general' | 'serious' | 'major', { due: DueSpec; reopenDue: DueSpec; ladder: Ladder }> };
  evaluation: { selfAssessmentDueAt: string; scoringDueIn: DueSpec; ladder: Ladder; panel?: string; scoring: unknown };
  approval?: unknown;
  notices?: { digest: string };
}
export type CalendarOverride = components['schemas']['OverrideDto'];
export type DuePreviewEntry = components['schemas']['PolicyDuePreviewEntryDto'];

/** A form field's name, as antd names it: the path of the value in the policy document. */
export type FieldPath = (string | number)[];

/**
 * The field an API message is about: `quarterly.remindOn[0].at 应为时刻…` → ['quarterly', 'remindOn', 0, 'at'] and
 * the words after it; null for a message that names no field.
 */
export function fieldOfMessage(message: string): { path: FieldPath; text: string } | null {
  const match = /^([A-Za-z]+(?:(?:\.[A-Za-z]+)|(?:\[\d+\]))*) (.*)$/s.exec(message);
  if (!match || !match[1]!.includes('.')) return null;
  const path = [...match[1]!.matchAll(/([A-Za-z]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
  return { path, text: match[2]! };
}

const startsWith = (path: FieldPath, prefix: FieldPath) => prefix.length <= path.length && prefix.every((p, i) => p === path[i]);

/**
 * The API's messages of a refused policy, each beside the form field it names (or the nearest field around it), and
 * those no field on the form shows (sections the form leaves as they are), to list above the form.
 */
export function placeMessages(messages: readonly string[], fields: readonly FieldPath[]): { beside: { name: FieldPath; errors: string[] }[]; elsewhere: string[] } {
  const beside = new Map<string, { name: FieldPath; errors: string[] }>();
  const elsewhere: string[] = [];
  for (const message of messages) {
    const field = fieldOfMessage(message);
    const name = field && [...fields].filter((f) => startsWith(field.path, f)).sort((a, b) => b.length - a.length)[0];
    if (!field || !name) {
      elsewhere.push(message);
      continue;
    }
    const key = JSON.stringify(name);
    const at = beside.get(key) ?? { name, errors: [] };
    at.errors.push(name.length === field.path.length ? field.text : message);
    beside.set(key, at);
  }
  return { beside: [...beside.values()], elsewhere };
}

export const dueRuleKindLabels = { working_days_after: '期末后第 N 个工作日', nth_working_day_of_next_month: '次月第 N 个工作日' } as const;
export const escalationTargetLabels = {
  owner: '责任人本人',
  owning_unit_secretary: '所在党组织书记',
  parent_unit_secretary: '上级党组织书记',
  committee_secretary: '党委书记',
} as const;
export const panelLabels = { secretaries: '党委书记', committee: '党委全体委员' } as const;
export const digestLabels = { off: '只发单条通知', also: '单条通知外每日再发汇总', instead: '常规通知只发每日汇总' } as const;
export const calendarKindLabels = { holiday: '休息日', workday: '工作日' } as const;
