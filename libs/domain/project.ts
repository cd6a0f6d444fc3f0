import type { Decision } from './chain.js';

export const projectKinds = [
  'vanguard_post',
  'responsibility_zone',
  'service_team',
  'breakthrough',
  'secretary_project',
  'open_challenge',
  'joint_building',
] as const;
export type ProjectKind = (typeof projectKinds)[number];

export const projectKindLabels: Record<ProjectKind, string> = {
  vanguard_post: '党员先锋岗',
  responsibility_zone: '党员责任区',
  service_team: '党员服务队',
  breakthrough: '攻关项目',
  secretary_project: '书记项目',
  open_challenge: '揭榜挂帅',
  joint_building: '联建共建',
};

/** Where a project stands in its year. Temporal holds the truth; this is the read model's copy. */
export const projectStatuses = ['draft', 'in_approval', 'sent_back', 'active', 'evaluating', 'closed', 'rejected', 'withdrawn'] as const;
export type ProjectStatus = (typeof projectStatuses)[number];

export const projectStatusLabels: Record<ProjectStatus, string> = {
  draft: '草稿',
  in_approval: '立项审批中',
  sent_back: '已退回',
  active: '实施中',
  evaluating: '年终考评中',
  closed: '已结项',
  rejected: '未通过',
  withdrawn: '已撤回',
};

export interface ProjectGoal {
  title: string;
  /** 能量化、可考核: a measurable target, e.g. "10 项" or "≥95%". */
  target: string;
}

/** A number followed by its unit: 40 项, 95%, 3.5 km, 6月 (a year, a month: 2026年6月 reads as one too). */
const numberWithUnit = /\d(?:[\d.,]*\d)?\s*(?:[%‰]|\p{L})/u;
/** A date written with digits: 2026-06-30, 2026/6/30, 2026.06.30. */
const writtenDate = /\d{4}[-/.]\d{1,2}[-/.]\d{1,2}/;
/** A bare count, perhaps with a bound: 12, ≥ 40, 不少于 6. */
const count = /^\s*(?:[≥≤><]=?|=|不少于|不低于|至少|不超过|不多于)?\s*\d+\s*$/u;

/**
 * 能量化、可考核: a goal's target says how much or by when, so the year-end check can tell whether it was met.
 * 「尽量做好」 or 「全面提升」 cannot be checked; 「≥ 40 项」, 「≥ 95%」, 「2026-06-30 前完成」 or 「12」 can.
 */
export const isMeasurableTarget = (target: string): boolean => numberWithUnit.test(target) || writtenDate.test(target) || count.test(target);

export const measurableTargetRule = 'must be measurable (能量化、可考核): a number with its unit, a date or a count, e.g. "≥ 40 项", "≥ 95%", "2026-06-30 前完成" or "12"';

export const severities = ['general', 'serious', 'major'] as const;
export type Severity = (typeof severities)[number];
/** Where a finding came from: a quarterly review (by the reviewer), or the committee, on its own check or an audit's. */
export const findingSources = ['review', 'committee', 'audit'] as const;
export type FindingSource = (typeof findingSources)[number];
export const findingSourceLabels: Record<FindingSource, string> = { review: '季度检查', committee: '党委检查', audit: '审计检查' };
export const severityLabels: Record<Severity, string> = { general: '一般', serious: '较重', major: '重大' };
/** A rectification item: being put right, waiting for its verification, or 销号 (closed). */
export const itemStatuses = ['open', 'verifying', 'closed'] as const;
export type ItemStatus = (typeof itemStatuses)[number];
export const itemStatusLabels: Record<ItemStatus, string> = { open: '整改中', verifying: '待验证', closed: '已销号' };

/** `campaign_report`: a unit's report in a reporting campaign (述职述责 and the like), owed by its secretaries. */
export const taskKinds = ['approval', 'report', 'evidence', 'self_assessment', 'score', 'campaign_report'] as const;
export type TaskKind = (typeof taskKinds)[number];
export const taskStatuses = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const approvalPurposes = ['launch', 'report_review', 'verification', 'extension', 'evaluation_publish'] as const;
export type ApprovalPurpose = (typeof approvalPurposes)[number];
/**
 * The decisions each kind of chain takes, given to the chain when it starts and shown as buttons to its approvers:
 * a quarterly review accepts or sends back (never rejects a report), a verification or an extension is granted or
 * not, a result to publish can only be signed off.
 */
export const chainDecisions: Record<ApprovalPurpose, readonly Decision[]> = {
  // 退回上一级 from the second level on (the task's decisions leave it out at the first).
  launch: ['approve', 'reject', 'send_back', 'send_back_previous'],
  report_review: ['approve', 'send_back'],
  verification: ['approve', 'reject'],
  extension: ['approve', 'reject'],
  evaluation_publish: ['approve'],
};

export const approvalPurposeLabels: Record<ApprovalPurpose, string> = {
  launch: '立项审批',
  report_review: '季度检查审核',
  verification: '整改销号验证',
  extension: '延期审批',
  evaluation_publish: '考评结果审定',
};
