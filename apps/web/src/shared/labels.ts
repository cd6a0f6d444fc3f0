import type { components } from '../api/schema';

type Schemas = components['schemas'];

/** Every enum the console shows, in the words people use (Feishu/DingTalk approvals: 同意, 驳回, 退回). */
export const decisionLabels: Record<Schemas['Decision'], string> = {
  approve: '同意',
  reject: '驳回',
  send_back: '退回',
  send_back_previous: '退回上一级',
};

export const taskKindLabels: Record<Schemas['TaskKind'], string> = {
  approval: '审批',
  report: '季度报告',
  evidence: '整改佐证',
  self_assessment: '年终自评',
  score: '考评打分',
  campaign_report: '专项报告',
};

export const taskStatusLabels: Record<Schemas['TaskStatus'], string> = {
  open: '待处理',
  done: '已处理',
  cancelled: '已取消',
};

export const levelModeLabels: Record<Schemas['LevelMode'], string> = {
  sequential: '依次审批',
  all: '会签',
  any: '或签',
  ratio: '按比例通过',
};

/** How a closed step ended, beyond the four decisions. */
export const outcomeLabels: Record<string, string> = {
  ...decisionLabels,
  delegated: '已转交',
  superseded: '无需处理',
  withdrawn: '已撤回',
};

/** Where a chain's decisions mean something narrower than 同意 / 驳回, the buttons say what happens. */
export const purposeDecisionLabels: Partial<Record<Schemas['ApprovalPurpose'], Partial<Record<Schemas['Decision'], string>>>> = {
  verification: { approve: '验证通过', reject: '退回整改' },
  extension: { approve: '同意延期', reject: '不同意延期' },
};

export const decisionLabelFor = (purpose: Schemas['ApprovalPurpose'] | null, d: Schemas['Decision']): string =>
  (purpose && purposeDecisionLabels[purpose]?.[d]) ?? decisionLabels[d];

/** 一次查、双向评: the two ratings of a quarterly review (libs/domain reviewRatingLabels). */
export const reviewRatingLabels: Record<Schemas['ReviewRating'], string> = {
  good: '好',
  fair: '较好',
  average: '一般',
  poor: '差',
};

export const severityLabels: Record<Schemas['Severity'], string> = { general: '一般', serious: '较重', major: '重大' };

export const itemStatusLabels: Record<Schemas['RectificationItemResponseDto']['status'], string> = { open: '整改中', verifying: '待验证', closed: '已销号' };

/** 转交 and 加签: the hand-overs of an approval step. */
export const handOverLabels: Record<Schemas['HandOver'], string> = {
  delegate: '转交',
  add_approver: '加签',
};

/** Where 加签 puts the person added, from the adder's side (Feishu add_sign: 前加签 / 后加签 / 并加签). */
export const addPositionLabels: Record<Schemas['AddPosition'], string> = {
  before: '在我之前审批（前加签）',
  after: '在我之后审批（后加签）',
  alongside: '与我一起审批（并加签）',
};

export const projectKindLabels: Record<Schemas['ProjectKind'], string> = {
  vanguard_post: '党员先锋岗',
  responsibility_zone: '党员责任区',
  service_team: '党员服务队',
  breakthrough: '攻关项目',
  secretary_project: '书记项目',
  open_challenge: '揭榜挂帅',
  joint_building: '联建共建',
};

/** A project's stage in its year (the API's statusLabel says the same of each project). */
export const projectStatusLabels: Record<Schemas['ProjectStatus'], string> = {
  draft: '草稿',
  in_approval: '立项审批中',
  sent_back: '已退回',
  active: '实施中',
  evaluating: '年终考评中',
  closed: '已结项',
  rejected: '未通过',
  withdrawn: '已撤回',
};
