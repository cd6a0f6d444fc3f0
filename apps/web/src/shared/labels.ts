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
