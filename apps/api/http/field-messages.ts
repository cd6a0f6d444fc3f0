/**
 * The words of a field refusal (a 400 naming a field), in the language of the people who read them: party-affairs
 * staff working in Chinese. One template per class-validator constraint and one label per field, so no decorator
 * carries words of its own and a new DTO field needs only its label here.
 */

/** One field's problem as the validation found it: where, which rule, and the rule's arguments (200 for MaxLength(200)). */
export interface FieldProblem {
  /** The field's path in the body or query: `goals.0.target` as ['goals', '0', 'target']. */
  path: readonly string[];
  /** The class-validator constraint name (`maxLength`, `isUuid`, `whitelistValidation`, …). */
  constraint: string;
  /** The constraint's arguments, when the rule has any. */
  args?: readonly unknown[];
  /** The rule applies to each value of a list (`@IsUUID(undefined, { each: true })`). */
  each?: boolean;
  /** The DTO class that declares the field, for names that mean different things in different bodies (`title`). */
  owner?: string;
}

/** What a client reads: the field's path and the rule (machine-readable), and the sentence a person reads. */
export interface FieldRefusal {
  field: string;
  code: string;
  message: string;
}

/** A field's name in the user's terms, by its property name wherever it appears. */
const labels: Record<string, string> = {
  abstentions: '弃权票数',
  assignee: '办理人',
  attendeeIds: '出席人员',
  attention: '关注范围',
  bonus: '创新加分',
  bonusJustification: '加分理由',
  business: '业务评价',
  businessOwnerId: '业务责任人',
  catchupWindow: '补发时限',
  category: '组织类别',
  ccIds: '抄送人员',
  closeAfter: '截止后关闭时间',
  coOwningUnitIds: '共建单位',
  column: '统计列',
  comment: '意见',
  content: '报告内容',
  current: '是否仅现任',
  currentPassword: '当前密码',
  date: '日期',
  decision: '审批结果',
  description: '问题描述',
  dueAt: '截止时间',
  dueRule: '截止规则',
  dutyReportYear: '述职年度',
  effectiveAt: '生效时间',
  effectiveOn: '生效日期',
  email: '电子邮箱',
  endsOn: '结束日期',
  every: '重复周期',
  figure: '统计项',
  fileId: '文件',
  fortressRole: '堡垒作用力得分',
  from: '开始日期',
  fromPersonId: '原任人员',
  goals: '年度目标',
  heldOn: '会议日期',
  id: '编号',
  instructions: '工作要求',
  items: '整改事项',
  kind: '类型',
  kinds: '组织类型',
  ladder: '提醒与督办规则',
  lang: '语言',
  measures: '整改措施',
  meeting: '会议记录',
  minutesRef: '会议纪要编号',
  name: '名称',
  newPassword: '新密码',
  note: '备注',
  orgUnitId: '所属党组织',
  organisationalDelivery: '组织落实力得分',
  overdue: '是否逾期',
  overrides: '日历调整',
  owner: '责任人',
  ownerId: '责任人',
  page: '页码',
  pageSize: '每页条数',
  parentId: '上级党组织',
  partyBuilding: '党建评价',
  partyOwnerId: '党建责任人',
  password: '密码',
  personId: '人员',
  politicalExecution: '政治执行力得分',
  position: '加签位置',
  projectId: '项目',
  quarter: '季度',
  rating: '评价',
  ratings: '评价',
  reason: '理由',
  recurrence: '重复设置',
  ref: '期限编号',
  remindOn: '提醒安排',
  responsibility: '责任担当力得分',
  role: '角色',
  row: '统计行',
  severity: '问题等级',
  source: '问题来源',
  startsOn: '开始日期',
  status: '状态',
  subtreeId: '党组织范围',
  summary: '自评内容',
  target: '考核指标',
  targets: '发布范围',
  temporaryPassword: '临时密码',
  text: '内容',
  title: '标题',
  to: '结束日期',
  toId: '转交人员',
  toPersonId: '接任人员',
  unit: '党组织',
  unitId: '党组织',
  unread: '是否未读',
  until: '延期至',
  value: '提交的内容',
  votesAgainst: '反对票数',
  votesFor: '赞成票数',
  workflowId: '流程编号',
  year: '年度',
};

/** Where the same property name means something else in one body. */
const labelsByOwner: Record<string, Record<string, string>> = {
  CreateProjectDto: { title: '项目名称', kind: '项目类型' },
  ResubmitProjectDto: { title: '项目名称' },
  GoalDto: { title: '目标名称' },
  CreateOrgUnitDto: { name: '党组织名称', kind: '党组织类型' },
  RenameOrgUnitDto: { name: '党组织名称' },
  CreatePersonDto: { name: '姓名' },
  UpdatePersonDto: { name: '姓名' },
  OverrideDto: { kind: '日期类型' },
  CreateCampaignDto: { title: '工作名称' },
  SubmitCampaignReportDto: { text: '报告内容' },
  EvidenceDto: { text: '整改佐证说明' },
  ScoreDto: { comment: '评分意见' },
  ListProjectsQuery: { kind: '项目类型' },
};

/** How a value that must match a pattern is written, by field: the one thing `@Matches` cannot say for itself. */
const formats: Record<string, string> = {
  date: '日期，格式为 YYYY-MM-DD',
  from: '日期，格式为 YYYY-MM-DD',
  to: '日期，格式为 YYYY-MM-DD',
  startsOn: '日期，格式为 YYYY-MM-DD',
  endsOn: '日期，格式为 YYYY-MM-DD',
  effectiveOn: '日期，格式为 YYYY-MM-DD',
  heldOn: '日期，格式为 YYYY-MM-DD',
  id: '流程编号，例如 project-<项目编号>',
  workflowId: '流程编号，例如 project-<项目编号>',
  ref: '项目详情中列出的期限编号，例如 report-<项目编号>-q1',
  row: '统计表中的行名',
  column: '统计表中的列名',
};

const isIndex = (segment: string) => /^\d+$/.test(segment);

/** A field's own name: its owner's word for it, the common word, or the property itself in 「」. */
function labelOf(property: string, owner?: string): string {
  return (owner ? labelsByOwner[owner]?.[property] : undefined) ?? labels[property] ?? `「${property}」`;
}

/**
 * The field as a person reads it: `goals.0.target` → 年度目标第 1 项的考核指标. The enclosing fields are named by
 * their common word; the last by its owner's, as only that one's class is known.
 */
export function fieldLabel(path: readonly string[], owner?: string): string {
  const last = path.length - 1;
  let text = '';
  path.forEach((segment, i) => {
    if (isIndex(segment)) text += `第 ${Number(segment) + 1} 项`;
    else text += `${text === '' ? '' : '的'}${labelOf(segment, i === last ? owner : undefined)}`;
  });
  return text === '' ? '请求内容' : text;
}

const n = (args: readonly unknown[] | undefined) => String(args?.[0] ?? '');

/** Each constraint's sentence, given the field's label (already suffixed 中的每一项 for a rule on each value). */
const templates: Record<string, (label: string, problem: FieldProblem) => string> = {
  isDefined: (l) => `请填写${l}`,
  isNotEmpty: (l) => `请填写${l}`,
  isString: (l) => `${l}应为文字`,
  minLength: (l, p) => (n(p.args) === '1' ? `请填写${l}` : `${l}至少需要 ${n(p.args)} 个字符`),
  maxLength: (l, p) => `${l}不能超过 ${n(p.args)} 个字符`,
  isUuid: (l) => `${l}无效，不是系统中的编号`,
  isIn: (l) => `${l}不是可选的值，请从列表中选择`,
  isInt: (l) => `${l}应为整数`,
  isNumber: (l) => `${l}应为数字`,
  min: (l, p) => `${l}不能小于 ${n(p.args)}`,
  max: (l, p) => `${l}不能大于 ${n(p.args)}`,
  isEmail: (l) => `${l}格式不正确，请填写有效的电子邮箱地址`,
  isBoolean: (l) => `${l}应为 true 或 false`,
  isObject: (l) => `${l}格式不正确`,
  nestedValidation: (l) => `${l}格式不正确`,
  isArray: (l) => `${l}应为列表`,
  arrayMinSize: (l, p) => `${l}至少需要 ${n(p.args)} 项`,
  arrayMaxSize: (l, p) => `${l}最多 ${n(p.args)} 项`,
  isIso8601: (l) => `${l}应为带时区的日期时间，例如 2027-01-01T09:00:00+08:00`,
  matches: (l, p) => {
    const format = formats[p.path[p.path.length - 1] ?? ''];
    return format ? `${l}应为${format}` : `${l}格式不正确`;
  },
  isMeasurableTarget: (l) => `${l}须能量化、可考核：写明带单位的数字、日期或数量，例如「≥ 40 项」「≥ 95%」「2026-06-30 前完成」「12」`,
  whitelistValidation: (_l, p) => `不能提交未定义的字段「${p.path.join('.')}」`,
  controlCharacters: (l) => `${l}含有不能保存的控制字符，请删除后重试`,
  tooDeep: (l) => `${l}嵌套层级过深`,
};

/** The sentence for one problem; a constraint without a template still names its field. */
export function fieldMessage(problem: FieldProblem): string {
  const label = `${fieldLabel(problem.path, problem.owner)}${problem.each ? '中的每一项' : ''}`;
  const template = templates[problem.constraint];
  return template ? template(label, problem) : `${label}填写有误`;
}

/** The refusal of one field as the API answers it. */
export const fieldRefusal = (problem: FieldProblem): FieldRefusal => ({
  field: problem.path.join('.'),
  code: problem.constraint,
  message: fieldMessage(problem),
});

/**
 * The line of a 400's `message` list: the field's path, then its sentence (`title: 标题不能超过 200 个字符`), so a
 * client that only reads `message` still finds the field (the console's fieldErrors does).
 */
export const messageLine = (refusal: FieldRefusal): string => (refusal.field === '' ? refusal.message : `${refusal.field}: ${refusal.message}`);
