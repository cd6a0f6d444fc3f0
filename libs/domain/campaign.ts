import { dueRuleErrors, type DueRule, type ReminderRule } from './calendar.js';
import { choices, dueRuleShape, ladderShape, reminderRulesShape, unknownFieldErrors } from './document-shape.js';
import { durationErrors, durationMs, type Duration } from './duration.js';
import { ancestry, isAdmin, orgUnitKinds, type OrgUnitKind, type OrgUnitNode, type RoleGrant } from './org.js';
import { instantRule, isInstant, ladderErrors, type DeadlineLadder } from './policy.js';

/**
 * Reporting campaigns (报告任务): the committee asks many units for the same report by the same time — every branch
 * secretary's annual duty report (述职述责), say — and watches who has submitted, who is late and who has not.
 */

/** Which units a campaign asks: every criterion given must hold; at least one must be given. */
export interface CampaignTargets {
  kinds?: OrgUnitKind[];
  /** A unit's own label (e.g. 生产 / 经营), matched exactly. */
  category?: string;
  /** Only this unit and those below it. */
  subtreeId?: string;
}

export type CampaignUnit = OrgUnitNode & { category?: string | null };

export const recurrenceEveries = ['quarterly', 'annual'] as const;
export type RecurrenceEvery = (typeof recurrenceEveries)[number];

export interface CampaignRecurrence {
  every: RecurrenceEvery;
  /** How late a missed run may still start (the scheduler or the cluster was down at the time); older ones are skipped. */
  catchupWindow: Duration;
}

/**
 * When a recurring campaign is issued, on the business calendar (Asia/Shanghai): at 09:00 on the first day of each
 * quarter, or of the year. The due rule then counts working days from that day, so a holiday on the 1st (元旦, 国庆)
 * moves the due date, not the issue.
 */
export const recurrenceCalendars: Record<RecurrenceEvery, { months: number[]; dayOfMonth: number; hour: number }> = {
  quarterly: { months: [1, 4, 7, 10], dayOfMonth: 1, hour: 9 },
  annual: { months: [1], dayOfMonth: 1, hour: 9 },
};

/** A campaign's due rule counts from the day it is issued (下发), as its words say. */
export const campaignRuleStart = '下发';

export interface CampaignRequest {
  title: string;
  instructions: string;
  targets: CampaignTargets;
  /** Counted from the day the campaign is issued; exactly one of dueRule and dueAt. */
  dueRule?: DueRule;
  dueAt?: string;
  /** Reminders on working days before the due day; only with a due rule. */
  remindOn?: ReminderRule[];
  ladder?: DeadlineLadder;
  recurrence?: CampaignRecurrence;
  /** 述职述责: the year whose secretaries' duty reports this campaign collects (双评双优 reads their ratings). */
  dutyReportYear?: number;
  /**
   * How long after the due time the campaign stays open for stragglers; then it closes and the units still missing
   * are marked missing for good. Default `defaultCampaignCloseAfter`.
   */
  closeAfter?: Duration;
}

/** A campaign nobody closes by hand must still end: a month after its due time the stragglers are marked missing. */
export const defaultCampaignCloseAfter: Duration = '30d';
const maxCloseAfter = 365 * 86_400_000;

/** When a campaign due at `dueAt` closes: its due time plus the grace asked for (or the default). */
export function campaignClosesAt(dueAt: string, closeAfter: Duration | undefined): string {
  return new Date(Date.parse(dueAt) + durationMs(closeAfter ?? defaultCampaignCloseAfter)).toISOString();
}

/**
 * Fan-out bounds. Each batch of target units has its deadlines started and its secretaries told before the next
 * begins, so at most this many child starts or mail activities are ever pending at once (the server refuses more than
 * 2,000 of either per execution).
 */
export const campaignFanOutBatch = 100;
/**
 * A run starts at most this many deadlines before it continues as new: the deadlines live on after their run (they are
 * abandoned, not terminated), but each counts as a pending child of the run that started it until one of them ends,
 * and the server's limit per run is 2,000.
 */
export const campaignDeadlinesPerRun = 1_000;

/**
 * 分级督办 for a campaign: the owners are the unit's own secretaries, so the owning-unit rung of the project ladder
 * would tell them twice; after the owners, the unit above, then the committee.
 */
export const defaultCampaignLadder: DeadlineLadder = {
  remindBefore: ['1d'],
  escalate: [
    { after: '1h', to: 'owner' },
    { after: '1d', to: 'parent_unit_secretary' },
    { after: '3d', to: 'committee_secretary' },
  ],
};

/** 党委 issues campaigns: the secretaries and members of a committee, and administrators. */
export function canIssueCampaigns(units: ReadonlyMap<string, OrgUnitNode>, grants: readonly RoleGrant[]): boolean {
  return (
    isAdmin(grants) ||
    grants.some((g) => (g.role === 'secretary' || g.role === 'member') && g.unitId !== null && units.get(g.unitId)?.kind === 'committee')
  );
}

/**
 * Who may rate a unit's report: a secretary or member of a committee above the unit (an admin too), never one of the
 * unit's own secretaries, who would be rating their own duty report.
 */
export function canRateReport(units: ReadonlyMap<string, OrgUnitNode>, grants: readonly RoleGrant[], unitId: string): boolean {
  if (grants.some((g) => g.role === 'secretary' && g.unitId === unitId)) return false;
  return isAdmin(grants) || sitsOnCommitteeAbove(units, grants, unitId);
}

/** Who may raise a finding on a unit's project as the committee (党委检查, or on an audit's check): its committee above. */
export function sitsOnCommitteeAbove(units: ReadonlyMap<string, OrgUnitNode>, grants: readonly RoleGrant[], unitId: string): boolean {
  const committees = new Set(ancestry(units, unitId).filter((u) => u.kind === 'committee').map((u) => u.id));
  return grants.some((g) => (g.role === 'secretary' || g.role === 'member') && g.unitId !== null && committees.has(g.unitId));
}

/** The target units, in the order given: those within the subtree (when named), of the kinds and the category named. */
export function selectTargets<T extends CampaignUnit>(units: ReadonlyMap<string, T>, targets: CampaignTargets): T[] {
  const { kinds, category, subtreeId } = targets;
  return [...units.values()].filter(
    (u) =>
      (kinds === undefined || kinds.includes(u.kind)) &&
      (category === undefined || u.category === category) &&
      (subtreeId === undefined || ancestry(units, u.id).some((a) => a.id === subtreeId)),
  );
}

const minCatchup = 60_000;
const maxCatchup = 365 * 86_400_000;

export function recurrenceErrors(recurrence: unknown, field = 'recurrence'): string[] {
  if (typeof recurrence !== 'object' || recurrence === null) return [`${field} 应为重复设置：重复周期（every）和补发时限（catchupWindow）`];
  const { every, catchupWindow } = recurrence as Partial<CampaignRecurrence>;
  const errors: string[] = [];
  if (!recurrenceEveries.includes(every as RecurrenceEvery)) errors.push(`${field}.every 应为 ${choices({ quarterly: '每季度', annual: '每年' })}`);
  const notDuration = durationErrors(catchupWindow, `${field}.catchupWindow`);
  errors.push(...notDuration);
  if (notDuration.length === 0) {
    const ms = durationMs(catchupWindow as Duration);
    if (ms < minCatchup || ms > maxCatchup) errors.push(`${field}.catchupWindow 应在 1 分钟（1m）到 365 天（365d）之间`);
  }
  return errors;
}

function targetsErrors(targets: unknown): string[] {
  if (typeof targets !== 'object' || targets === null) return ['targets 应为发布范围的设置'];
  const { kinds, category, subtreeId } = targets as CampaignTargets;
  const errors: string[] = [];
  if (kinds === undefined && category === undefined && subtreeId === undefined) errors.push('targets 请至少指定组织类型（kinds）、组织类别（category）或党组织范围（subtreeId）中的一项');
  if (kinds !== undefined && (!Array.isArray(kinds) || kinds.length === 0 || kinds.some((k) => !orgUnitKinds.includes(k)))) {
    errors.push(`targets.kinds 应列出一个或多个组织类型，可选：${choices({ committee: '党委', general_branch: '党总支', branch: '党支部' })}`);
  }
  if (category !== undefined && (typeof category !== 'string' || category.trim() === '')) errors.push('targets.category 请填写组织类别');
  return errors;
}

/**
 * Every problem with a campaign request, each naming its field, so one answer lists them all. `nowMs` is when it is
 * asked: a fixed due time must lie ahead.
 */
export function campaignErrors(request: CampaignRequest, nowMs: number): string[] {
  const errors: string[] = [];
  if (typeof request.title !== 'string' || request.title.trim() === '') errors.push('title 请填写工作名称');
  if (typeof request.instructions !== 'string' || request.instructions.trim() === '') errors.push('instructions 请填写工作要求');
  errors.push(...targetsErrors(request.targets));
  const { dueRule, dueAt, remindOn, ladder, recurrence } = request;
  // The DTO types these three as free JSON (a union the pipe cannot express): their fields are named here.
  errors.push(...unknownFieldErrors(dueRule, dueRuleShape, 'dueRule'), ...unknownFieldErrors(remindOn, reminderRulesShape, 'remindOn'), ...unknownFieldErrors(ladder, ladderShape, 'ladder'));
  if (dueRule === undefined && dueAt === undefined) errors.push('dueRule 请设置截止规则（dueRule）或固定的截止时间（dueAt）');
  if (dueRule !== undefined && dueAt !== undefined) errors.push('dueRule 截止规则（dueRule）和固定的截止时间（dueAt）只能设置一项');
  if (dueRule !== undefined) errors.push(...dueRuleErrors(dueRule, remindOn, ''));
  else if (remindOn !== undefined) errors.push('remindOn 按工作日提醒需要同时设置截止规则（dueRule）');
  if (dueAt !== undefined) {
    if (!isInstant(dueAt)) errors.push(`dueAt ${instantRule}`);
    else if (Date.parse(dueAt) <= nowMs) errors.push('dueAt 截止时间应晚于现在');
  }
  if (ladder !== undefined) errors.push(...ladderErrors(ladder, 'ladder'));
  if (recurrence !== undefined) {
    errors.push(...recurrenceErrors(recurrence));
    if (dueAt !== undefined) errors.push('recurrence 重复发布需要截止规则（dueRule）：固定的截止时间（dueAt）不能重复');
  }
  if (request.closeAfter !== undefined) {
    const notDuration = durationErrors(request.closeAfter, 'closeAfter');
    errors.push(...notDuration);
    if (notDuration.length === 0 && (durationMs(request.closeAfter) < 1_000 || durationMs(request.closeAfter) > maxCloseAfter)) errors.push('closeAfter 应在 1 秒（1s）到 365 天（365d）之间');
  }
  const year = request.dutyReportYear;
  if (year !== undefined) {
    if (!Number.isInteger(year) || year < 2000 || year > 2100) errors.push('dutyReportYear 应为 2000 到 2100 之间的年份');
    if (recurrence !== undefined) errors.push('dutyReportYear 述职报告针对一个年度，不能设置重复发布');
  }
  return errors;
}

/** missing: not submitted; once the campaign has closed, for good. */
export type CampaignUnitStatus = 'on_time' | 'late' | 'missing';

/** One target unit as the records have it: its deadline's state, when the deadline has recorded one yet. */
export interface CampaignTargetRecord {
  unitId: string;
  dueAt: string;
  submittedAt: string | null;
  deadlineStatus: 'open' | 'overdue' | 'met' | 'late' | null;
}

export interface CampaignCounts {
  targets: number;
  onTime: number;
  late: number;
  /** Not submitted, whether or not the due time has passed; `overdue` counts those past it. */
  missing: number;
  overdue: number;
}

/**
 * Who is on time, late or missing. The deadline is the judge of lateness (it knows the due time that finally stood);
 * until it has recorded its verdict, the submission time is compared with the due time.
 */
export function rollUpCampaign<T extends CampaignTargetRecord>(
  targets: readonly T[],
  nowMs: number,
): { counts: CampaignCounts; units: (T & { status: CampaignUnitStatus; overdue: boolean })[] } {
  const units = targets.map((t) => {
    const dueMs = Date.parse(t.dueAt);
    let status: CampaignUnitStatus;
    if (t.submittedAt === null) status = 'missing';
    else if (t.deadlineStatus === 'met' || t.deadlineStatus === 'late') status = t.deadlineStatus === 'met' ? 'on_time' : 'late';
    else status = Date.parse(t.submittedAt) <= dueMs ? 'on_time' : 'late';
    const overdue = status === 'missing' && (t.deadlineStatus === 'overdue' || nowMs > dueMs);
    return { ...t, status, overdue };
  });
  const count = (pred: (u: (typeof units)[number]) => boolean) => units.filter(pred).length;
  return {
    counts: {
      targets: units.length,
      onTime: count((u) => u.status === 'on_time'),
      late: count((u) => u.status === 'late'),
      missing: count((u) => u.status === 'missing'),
      overdue: count((u) => u.overdue),
    },
    units,
  };
}

/**
 * The nominal time of a run a Temporal Schedule started: its workflow id is the action's id plus "-<RFC3339 time>".
 * The due rule counts from it rather than from the actual start, so a run caught up late keeps its period's dates.
 */
export function scheduledTimeOf(workflowId: string, actionWorkflowId: string): string | null {
  if (!workflowId.startsWith(`${actionWorkflowId}-`)) return null;
  const suffix = workflowId.slice(actionWorkflowId.length + 1);
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(suffix) ? new Date(suffix).toISOString() : null;
}
