import { gradeLabels, grades, itemStatusLabels, projectKindLabels, projectStatuses, projectStatusLabels, severityLabels } from '../../../libs/domain/index.js';

/** The figures of the statistics dashboard (智慧党建), each a table of counts that drills down to its rows. */
export const statsFigures = ['projects', 'reports', 'findings', 'accountability', 'grades', 'campaigns'] as const;
export type StatsFigure = (typeof statsFigures)[number];

/**
 * One column of a figure: an aggregate over the rows of a line, and the predicate choosing the rows behind it (null:
 * every row of the line, as for a total, a distinct count or a rate over the whole line).
 */
export interface FigureColumn {
  key: string;
  label: string;
  value: string;
  rows: string | null;
  unit: '%' | '天' | null;
  /**
   * Counted over other rows than the figure's (same line key), where that is far cheaper: findings are counted over the
   * findings themselves rather than as a DISTINCT over their items. The drill-down still lists the figure's rows.
   */
  source?: { from: string; where: string };
}

/**
 * A figure in SQL: the rows counted are `from` filtered by `where`, with `$1` the units in scope (uuid[], null for the
 * whole organisation) and `$2` the year; `unit` is the unit a row belongs to. Every text here is Tandem's own (no
 * request value is ever spliced in): request values are bound parameters.
 */
export interface FigureSpec {
  title: string;
  rowHeader: string;
  from: string;
  where: string;
  unit: string;
  rowKey: string;
  /** The lines' labels: fixed lines (each shown even at zero, in this order), or the named table's column for the key's row. */
  lines: Record<string, string> | { table: 'org_unit' | 'campaign'; label: 'name' | 'title' };
  columns: FigureColumn[];
  /**
   * The list behind a cell: each field an SQL expression over `list.from` (else `from`), the state translated by
   * `stateLabels`; `order` is what an index of the listed rows can hand over in order, so a deep page is read, not sorted.
   */
  list: { from?: string; id: string; projectId: string; projectTitle: string; subject: string; state: string; dueAt: string; doneAt: string; order: string };
  stateLabels: Record<string, string>;
}

const count = (key: string, label: string, rows: string | null): FigureColumn => ({ key, label, value: rows ? `count(*) FILTER (WHERE ${rows})` : 'count(*)', rows, unit: null });
/** A share of the line's rows, in percent with one decimal; null when the line has none to divide by. */
const rate = (key: string, label: string, part: string, whole: string | null): FigureColumn => ({
  key,
  label,
  value: `round(100.0 * count(*) FILTER (WHERE ${part}) / nullif(${whole ? `count(*) FILTER (WHERE ${whole})` : 'count(*)'}, 0), 1)::float8`,
  rows: whole,
  unit: '%',
});

const projectScope = `($1::uuid[] IS NULL OR p.org_unit_id = ANY($1)) AND p.year = $2`;
const overdueItem = `i.status <> 'closed' AND i.due_at < now()`;
const itemLine = `f.description || ' — ' || i.measures`;

// A quarterly report's deadline: met in time, met late, past due with nothing submitted (missing), or not yet due.
const reportState = `CASE WHEN d.status = 'met' THEN 'on_time' WHEN d.status = 'late' THEN 'late'
  WHEN d.status = 'overdue' OR d.due_at < now() THEN 'missing' ELSE 'pending' END`;
const gradeState = `CASE WHEN e.published_at IS NOT NULL THEN e.grade ELSE 'pending' END`;
const unitLines = { table: 'org_unit', label: 'name' } as const;
const campaignLabels = { submitted: '已报送', open: '待报送', missing: '未报送' };

export const figureSpecs: Record<StatsFigure, FigureSpec> = {
  projects: {
    title: '项目类型与阶段',
    rowHeader: '项目类型',
    from: 'project p',
    where: projectScope,
    unit: 'p.org_unit_id',
    rowKey: 'p.kind',
    lines: projectKindLabels,
    columns: [...projectStatuses.map((s) => count(s, projectStatusLabels[s], `p.status = '${s}'`)), count('total', '合计', null)],
    list: { id: 'p.id::text', projectId: 'p.id', projectTitle: 'p.title', subject: 'p.title', state: 'p.status', dueAt: 'NULL::timestamptz', doneAt: 'p.updated_at', order: 'u.name, p.title, p.id' },
    stateLabels: projectStatusLabels,
  },
  reports: {
    title: '季度报告按时报送',
    rowHeader: '单位',
    from: 'deadline d JOIN project p ON p.id = d.project_id',
    where: `d.kind = 'report' AND ${projectScope}`,
    unit: 'p.org_unit_id',
    rowKey: 'p.org_unit_id',
    lines: unitLines,
    columns: [
      count('on_time', '按时', `${reportState} = 'on_time'`),
      count('late', '逾期报送', `${reportState} = 'late'`),
      count('missing', '未报送', `${reportState} = 'missing'`),
      count('pending', '未到期', `${reportState} = 'pending'`),
      count('total', '合计', null),
      rate('on_time_rate', '按时率', `${reportState} = 'on_time'`, `${reportState} <> 'pending'`),
    ],
    list: { id: 'd.ref', projectId: 'p.id', projectTitle: 'p.title', subject: `'第' || right(d.ref, 1) || '季度报告'`, state: reportState, dueAt: 'd.due_at', doneAt: 'd.submitted_at', order: 'u.name, p.title, d.ref' },
    stateLabels: { on_time: '按时', late: '逾期报送', missing: '未报送', pending: '未到期' },
  },
  findings: {
    title: '问题与整改',
    rowHeader: '严重程度',
    from: 'finding f JOIN project p ON p.id = f.project_id LEFT JOIN rectification_item i ON i.finding_id = f.id',
    where: projectScope,
    unit: 'p.org_unit_id',
    rowKey: 'f.severity',
    lines: severityLabels,
    columns: [
      { key: 'findings', label: '问题数', value: 'count(*)', rows: null, unit: null, source: { from: 'finding f JOIN project p ON p.id = f.project_id', where: projectScope } },
      count('items', '整改事项', 'i.id IS NOT NULL'),
      count('open', itemStatusLabels.open, `i.status = 'open'`),
      count('verifying', itemStatusLabels.verifying, `i.status = 'verifying'`),
      count('closed', itemStatusLabels.closed, `i.status = 'closed'`),
      count('overdue', '逾期未销号', overdueItem),
      rate('closure_rate', '销号率', `i.status = 'closed'`, 'i.id IS NOT NULL'),
      {
        key: 'mean_days_to_close',
        label: '平均销号天数',
        value: `round((avg(extract(epoch FROM i.closed_at - f.raised_at)) FILTER (WHERE i.status = 'closed') / 86400)::numeric, 1)::float8`,
        rows: `i.status = 'closed'`,
        unit: '天',
      },
    ],
    list: {
      // The rows behind a cell are items: a finding is recorded with its items in one transaction and none is ever
      // removed, so the inner join lists what the figure's outer one does, and lets rectification_item_due_idx read
      // the items in due order from the start of the page instead of sorting the year's 80,000 behind it.
      from: 'rectification_item i JOIN finding f ON f.id = i.finding_id JOIN project p ON p.id = i.project_id',
      id: 'i.id::text',
      projectId: 'p.id',
      projectTitle: 'p.title',
      subject: itemLine,
      state: `CASE WHEN ${overdueItem} THEN 'overdue' ELSE i.status END`,
      dueAt: 'i.due_at',
      doneAt: 'i.closed_at',
      order: 'i.due_at, i.finding_id, i.id',
    },
    stateLabels: { ...itemStatusLabels, overdue: '逾期未销号' },
  },
  accountability: {
    title: '双问责（党建与业务责任人）',
    rowHeader: '单位',
    from: 'rectification_item i JOIN finding f ON f.id = i.finding_id JOIN project p ON p.id = i.project_id',
    where: `i.accountable_at IS NOT NULL AND ${projectScope}`,
    unit: 'p.org_unit_id',
    rowKey: 'p.org_unit_id',
    lines: unitLines,
    columns: [
      count('items', '问责事项', null),
      count('unclosed', '仍未销号', `i.status <> 'closed'`),
      { key: 'party_owners', label: '党建责任人（人）', value: 'count(DISTINCT i.party_owner_id)', rows: null, unit: null },
      { key: 'business_owners', label: '业务责任人（人）', value: 'count(DISTINCT i.business_owner_id)', rows: null, unit: null },
      // Both owners of each item answer for it; one person holding both posts answers once.
      { key: 'accountabilities', label: '问责人次', value: 'count(*) + count(*) FILTER (WHERE i.business_owner_id <> i.party_owner_id)', rows: null, unit: null },
    ],
    list: { id: 'i.id::text', projectId: 'p.id', projectTitle: 'p.title', subject: itemLine, state: 'i.status', dueAt: 'i.due_at', doneAt: 'i.closed_at', order: 'i.accountable_at, i.id' },
    stateLabels: itemStatusLabels,
  },
  grades: {
    title: '年终考评等次与完成率',
    rowHeader: '单位',
    // Projects launched into the year (not drafts, refusals or withdrawals): each owes a published result.
    from: 'project p LEFT JOIN evaluation e ON e.project_id = p.id',
    where: `p.status IN ('active', 'evaluating', 'closed') AND ${projectScope}`,
    unit: 'p.org_unit_id',
    rowKey: 'p.org_unit_id',
    lines: unitLines,
    columns: [
      ...grades.map((g) => count(g, gradeLabels[g], `${gradeState} = '${g}'`)),
      count('pending', '未完成', `${gradeState} = 'pending'`),
      count('total', '合计', null),
      rate('completion_rate', '完成率', 'e.published_at IS NOT NULL', null),
    ],
    list: { id: 'p.id::text', projectId: 'p.id', projectTitle: 'p.title', subject: 'p.title', state: gradeState, dueAt: 'NULL::timestamptz', doneAt: 'e.published_at', order: 'u.name, p.title, p.id' },
    stateLabels: { ...gradeLabels, pending: '未完成' },
  },
  campaigns: {
    title: '专项报送完成情况',
    rowHeader: '专项',
    // A campaign counts in the year whose duty reports it collects, else the (Beijing) year it falls due.
    from: 'campaign_target t JOIN campaign c ON c.id = t.campaign_id',
    where: `($1::uuid[] IS NULL OR t.unit_id = ANY($1))
        AND coalesce(c.duty_report_year, extract(year FROM coalesce(c.due_at, c.created_at) AT TIME ZONE 'Asia/Shanghai')::int) = $2`,
    unit: 't.unit_id',
    rowKey: 'c.id',
    lines: { table: 'campaign', label: 'title' },
    columns: [
      count('targets', '应报单位', null),
      count('submitted', campaignLabels.submitted, `t.status = 'submitted'`),
      count('open', campaignLabels.open, `t.status = 'open'`),
      count('missing', campaignLabels.missing, `t.status = 'missing'`),
      rate('completion_rate', '完成率', `t.status = 'submitted'`, null),
    ],
    list: { id: `t.campaign_id || '/' || t.unit_id`, projectId: 'NULL::uuid', projectTitle: 'NULL::text', subject: 'c.title', state: 't.status', dueAt: 'c.due_at', doneAt: 't.submitted_at', order: 'c.due_at, c.id, u.name' },
    stateLabels: campaignLabels,
  },
};
