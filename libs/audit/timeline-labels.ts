export type Lang = 'zh' | 'en';

type Labels = Record<string, [zh: string, en: string]>;

/** What each step of a project is called, in the words party-affairs staff use, and in English for `?lang=en`. */
const actions: Labels = {
  draft_created: ['创建项目草稿', 'draft created'],
  draft_updated: ['修改项目草稿', 'draft edited'],
  owner_changed: ['草稿移交新负责人', 'draft handed to a new owner'],
  submitted: ['提交立项申请', 'submitted for launch approval'],
  resubmitted: ['修改后重新提交', 'resubmitted after changes'],
  withdrawn: ['撤回立项申请', 'launch request withdrawn'],
  launch_approved: ['立项通过', 'launch approved'],
  launch_rejected: ['立项未通过', 'launch rejected'],
  launch_sent_back: ['立项退回修改', 'launch sent back for changes'],
  evaluation_opened: ['开始年终评价', 'year-end evaluation opened'],
  project_closed: ['项目结项', 'project closed'],
  histories_archived: ['工作流历史归档（含 SHA-256）', 'workflow histories archived (with SHA-256)'],
  attention_needed: ['流程受阻，待管理员处理', 'stopped, needs an administrator'],
  attention_resumed: ['管理员恢复流程', 'resumed by an administrator'],
  tasks_opened: ['派发待办', 'tasks assigned'],
  tasks_closed: ['关闭待办', 'tasks closed'],
  decision_approve: ['审批同意', 'approved'],
  decision_reject: ['审批不同意', 'rejected'],
  decision_send_back: ['退回修改', 'sent back'],
  decision_send_back_previous: ['退回上一级', 'sent back to the previous level'],
  meeting_approve: ['会议研究同意', 'approved in a meeting'],
  meeting_reject: ['会议研究不同意', 'rejected in a meeting'],
  meeting_send_back: ['会议研究退回', 'sent back by a meeting'],
  meeting_send_back_previous: ['会议研究退回上一级', 'sent back to the previous level by a meeting'],
  delegated: ['转交', 'delegated'],
  approver_added: ['加签', 'approver added'],
  nudged: ['催办', 'nudged'],
  places_handed_over: ['换届：未开启层级移交接任人员', 'term change: places in levels not yet opened handed to the successor'],
  holder_changed: ['项目移交：申请随项目转给新负责人，其审批改由他人办理', 'project handed over: the request follows its new holder, whose places go to others'],
  report_submitted: ['提交季度报告', 'quarterly report submitted'],
  report_accepted: ['季度报告通过', 'quarterly report accepted'],
  report_sent_back: ['季度报告退回', 'quarterly report sent back'],
  finding_raised: ['提出整改问题', 'finding raised'],
  evidence_submitted: ['提交整改佐证', 'rectification evidence submitted'],
  item_closed: ['整改销号', 'rectification item closed'],
  item_reopened: ['整改未通过，重新整改', 'rectification reopened after verification'],
  item_restarted: ['管理员恢复流程后重新启动整改事项', 'rectification item started again after an administrator resumed it'],
  deadline_open: ['设定期限', 'deadline set'],
  deadline_met: ['按期完成', 'done on time'],
  deadline_late: ['逾期后完成', 'done after the deadline'],
  deadline_overdue: ['已逾期', 'overdue'],
  deadline_paused: ['期限暂停计时', 'deadline clock paused'],
  deadline_resumed: ['期限恢复计时', 'deadline clock resumed'],
  deadline_extension_requested: ['申请延期', 'extension requested'],
  deadline_extension_granted: ['延期获批', 'extension granted'],
  deadline_extension_refused: ['延期未获批', 'extension refused'],
  deadline_extension_withdrawn: ['延期申请撤回', 'extension request withdrawn'],
  self_assessment_submitted: ['提交自评', 'self-assessment submitted'],
  score_submitted: ['评分', 'score submitted'],
  evaluation_scored: ['计算评价结果', 'year-end result computed'],
  evaluation_published: ['审定发布评价结果', 'year-end result signed off and published'],
  denied: ['越权或不合规操作被拒绝', 'attempt refused'],
  notice_task_assigned: ['发送待办通知', 'task notice sent'],
  notice_nudge: ['发送催办通知', 'nudge sent'],
  notice_approval_outcome: ['发送审批结果通知', 'approval outcome sent'],
  notice_approval_cc: ['抄送审批结果', 'approval outcome copied'],
  notice_reminder: ['到期提醒', 'reminder sent'],
  notice_overdue: ['逾期通知', 'overdue notice sent'],
  notice_escalation: ['逾期升级督办', 'escalated'],
  notice_extension_granted: ['通知延期获批', 'extension grant notified'],
  notice_extension_refused: ['通知延期未获批', 'extension refusal notified'],
  notice_calendar_uncovered: ['提醒管理员：节假日安排未发布', 'admins told the holiday calendar is unpublished'],
  notice_project_attention: ['提醒管理员：项目流程受阻', 'admins told the project needs attention'],
  notice_finding_raised: ['发送整改通知', 'finding notified'],
  notice_item_closed: ['发送销号通知', 'item closure notified'],
  notice_item_reopened: ['发送重新整改通知', 'item reopening notified'],
  notice_evaluation_result: ['发送评价结果通知', 'year-end result notified'],
};

const roles: Labels = {
  secretary: ['书记', 'secretary'],
  member: ['委员', 'committee member'],
  staff: ['党务工作者', 'party-affairs staff'],
  auditor: ['纪检审计', 'auditor'],
  admin: ['系统管理员', 'administrator'],
};

/** How a mismatch between the history and the records reads in a timeline. */
const mismatches: Labels = {
  missing_in_audit: ['历史中有此步骤，审计日志中没有', 'in the workflow history, not in the audit log'],
  missing_in_history: ['审计日志或记录中有此事件，工作流历史中没有', 'in the audit log or records, not in the workflow history'],
  missing_in_records: ['历史中有此步骤，业务记录中没有', 'in the workflow history, not in the records'],
  actor_differs: ['操作人与记录不一致', 'a different person in the records'],
  action_differs: ['操作与记录不一致', 'a different action in the records'],
  time_differs: ['时间与记录不一致', 'a different time in the records'],
  recipient_differs: ['收件人与记录不一致', 'a different recipient in the records'],
  value_differs: ['分数、结果或文件哈希与记录不一致', 'a different score, result or file hash in the records'],
};

const pick = (labels: Labels, key: string, lang: Lang): string => labels[key]?.[lang === 'zh' ? 0 : 1] ?? key;

export const actionLabel = (action: string, lang: Lang): string => pick(actions, action, lang);
export const roleLabel = (role: string, lang: Lang): string => pick(roles, role, lang);
export const mismatchLabel = (kind: string, lang: Lang): string => pick(mismatches, kind, lang);
