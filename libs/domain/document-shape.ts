/**
 * The fields a JSON document checked here rather than by a DTO may hold, at every depth. The global ValidationPipe
 * refuses a field no DTO declares, but only on DTO classes: a document that is free-form on purpose (a year's policy,
 * a campaign's due rule and ladder, whose unions and cross-field rules libs/domain checks) would otherwise keep
 * whatever else it carries and store it. A shape names every field; anything else is refused in the pipe's words
 * (不能提交未定义的字段), so a client sees one kind of message for an unknown field wherever it sent it.
 *
 * `true` is a leaf (its value is the type checker's business); `fields` an object with exactly those fields; `item`
 * a list of one shape; `values` an object keyed by data (project kinds), each value of one shape. A value of another
 * kind than its shape (a duration string where a rule object may also stand) is left to the type checker.
 */
export type Shape = true | { readonly fields: Readonly<Record<string, Shape>> } | { readonly item: Shape } | { readonly values: Shape };

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function unknownFieldErrors(value: unknown, shape: Shape, path = ''): string[] {
  if (shape === true) return [];
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if ('item' in shape) return Array.isArray(value) ? value.flatMap((v, i) => unknownFieldErrors(v, shape.item, `${path}[${i}]`)) : [];
  if (!isPlainObject(value)) return [];
  if ('values' in shape) return Object.entries(value).flatMap(([key, v]) => unknownFieldErrors(v, shape.values, at(key)));
  return Object.entries(value).flatMap(([key, v]) =>
    Object.hasOwn(shape.fields, key) ? unknownFieldErrors(v, shape.fields[key], at(key)) : [`${at(key)} 不能提交未定义的字段「${at(key)}」，请删除`],
  );
}

/** The values a document field accepts, each with its meaning: `owner（责任人本人）、…`. */
export const choices = (labels: Readonly<Record<string, string>>): string =>
  Object.entries(labels)
    .map(([value, label]) => `${value}（${label}）`)
    .join('、');

const leaf = true;
const listOf = (item: Shape): Shape => ({ item });
const fields = (f: Record<string, Shape>): Shape => ({ fields: f });

/** DueRule (either kind); where a duration may stand instead, the string is a leaf. */
export const dueRuleShape = fields({ kind: leaf, days: leaf, n: leaf, at: leaf });
export const reminderRulesShape = listOf(fields({ workingDaysBefore: leaf, at: leaf }));
export const ladderShape = fields({ remindBefore: listOf(leaf), escalate: listOf(fields({ after: leaf, to: leaf })) });

const severityRule = fields({ due: dueRuleShape, reopenDue: dueRuleShape, ladder: ladderShape });
const scoringShape = fields({
  version: leaf,
  evaluatorWeight: leaf,
  completionWeight: leaf,
  thresholds: fields({ excellent: leaf, good: leaf, pass: leaf }),
  trimFrom: leaf,
  bonusCap: leaf,
  overdueDeduction: fields({ perItem: fields({ general: leaf, serious: leaf, major: leaf }), cap: leaf }),
  dutyReportForExcellent: leaf,
});
const levelTemplates = listOf(fields({ scope: leaf, mode: leaf, ratio: leaf, deciders: leaf, meeting: leaf }));
const approvalShape = fields({
  launch: levelTemplates,
  launchByKind: { values: levelTemplates },
  reportReview: levelTemplates,
  rules: fields({ selfApproval: leaf, dedupe: leaf }),
  onResubmit: leaf,
  commentRequired: listOf(leaf),
  nudgeInterval: leaf,
  levelDeadline: fields({ dueIn: leaf, dueRule: dueRuleShape, remindOn: reminderRulesShape, remindBefore: listOf(leaf), escalateAfter: listOf(leaf) }),
});

/** YearPolicy, field by field: a field added to the type is added here too, or a policy carrying it is refused. */
export const yearPolicyShape = fields({
  version: leaf,
  year: leaf,
  quarterly: fields({ quarters: listOf(fields({ quarter: leaf, dueAt: leaf })), ladder: ladderShape, dueRule: dueRuleShape, remindOn: reminderRulesShape }),
  rectification: fields({
    dueIn: leaf,
    reopenDueIn: leaf,
    ladder: ladderShape,
    bySeverity: fields({ general: severityRule, serious: severityRule, major: severityRule }),
  }),
  evaluation: fields({ selfAssessmentDueAt: leaf, scoringDueIn: leaf, ladder: ladderShape, scoring: scoringShape, panel: leaf }),
  approval: approvalShape,
  notices: fields({ digest: leaf }),
});
