import type { NoticeKind } from '../../libs/domain/index.js';
import { renderNotice } from '../../libs/mail/render.js';

const project = '安全生产党员先锋岗';
const data = {
  projectTitle: project,
  taskTitle: '立项审批',
  nudgerName: '陈晓峰',
  subject: project,
  title: '2026年第1季度报告',
  // 09:30 UTC is 17:30 in Beijing
  dueAt: '2026-04-15T09:30:00Z',
  previousDueAt: '2026-04-14T09:30:00Z',
  outcome: 'sent_back',
  purposeLabel: '立项审批',
  comment: '目标请量化',
  ownerNames: '陈晓峰',
  description: '安全活动记录不全',
  measures: '补齐记录',
  severity: 'serious',
  total: 87,
  gradeLabel: '良好',
  ruleVersion: 'score-v1',
  year: 2027,
  instructions: '按模板报送，附支部意见',
  rule: '期末后第5个工作日 17:30',
  personName: '王建国',
  email: 'wang@demo.tandem',
  failures: 5,
  lockedUntil: '2026-04-15T09:30:00Z',
  address: '10.0.0.7',
  audience: 'admin',
  items: JSON.stringify([
    { title: '立项审批', context: project, dueAt: '2026-04-15T09:30:00Z', overdue: true },
    { title: '提交整改佐证', context: null, dueAt: null, overdue: false },
    { title: `立项审批：${project}`, context: project, dueAt: null, overdue: false },
  ]),
};
const due = '2026/04/15 17:30';

describe(renderNotice.name, () => {
  /** Every kind, with the exact subject and what the body must say. `satisfies` makes a new kind fail to compile here. */
  const expected = {
    task_assigned: { subject: `【待办】立项审批：${project}`, body: [`办理时限：${due}`, '请登录 Tandem 办理'] },
    nudge: { subject: `【催办】立项审批：${project}`, body: ['陈晓峰提醒您尽快办理：立项审批', '请登录 Tandem 办理'] },
    approval_outcome: { subject: `【立项审批】已退回修改：${project}`, body: ['结果：已退回修改', '意见：目标请量化'] },
    approval_cc: { subject: `【抄送】立项审批已退回修改：${project}`, body: ['抄送您知悉', '立项审批结果：已退回修改'] },
    reminder: { subject: `【提醒】2026年第1季度报告将于${due}到期：${project}`, body: [`将于 ${due} 到期`] },
    escalation: { subject: `【督办】2026年第1季度报告已逾期：${project}`, body: [`已于 ${due} 到期`, '责任人：陈晓峰', '分级督办'] },
    extension_granted: { subject: `【延期】已同意：2026年第1季度报告：${project}`, body: ['延期已获同意', '意见：目标请量化', `现截止时间：${due}`] },
    extension_refused: { subject: `【延期】未同意：2026年第1季度报告：${project}`, body: ['延期未获同意', `现截止时间：${due}（已顺延审批期间）`] },
    deadline_rescheduled: {
      subject: `【调整】截止时间已按节假日安排调整：2026年第1季度报告：${project}`,
      body: ['原按仅周末休息推算（2026/04/14 17:30）', `现按已发布的节假日安排调整为：${due}`],
    },
    calendar_uncovered: { subject: '【日历】2027年节假日安排尚未发布', body: ['暂按仅周末休息计算', '工作日历'] },
    project_attention: { subject: `【待处理】项目流程受阻：${project}`, body: ['未能完成，已暂停等待处理', '恢复流程'] },
    overdue: { subject: `【逾期】2026年第1季度报告已逾期：${project}`, body: [`已于 ${due} 到期`, '请尽快办理', '逐级督办'] },
    finding_raised: { subject: `【整改】新的整改事项（较重）：${project}`, body: ['检查发现问题：安全活动记录不全', '整改措施：补齐记录', `整改时限：${due}`, '一岗双责'] },
    // These two subjects name the item, not the project; the body names the project.
    item_closed: { subject: '【整改】已验证销号：安全活动记录不全', body: ['予以销号'] },
    item_reopened: { subject: '【整改】验证未通过，请重新整改：安全活动记录不全', body: ['意见：目标请量化', `新的整改时限：${due}`] },
    evaluation_result: { subject: `【年终考评】结果：良好：${project}`, body: ['总分 87，等次 良好（评分规则 score-v1）'] },
    digest: { subject: '【每日待办】您有 3 项待办，其中 1 项已逾期', body: [`· 立项审批（${project}），截止 ${due}，已逾期`, '· 提交整改佐证\n', `· 立项审批：${project}\n`] },
    campaign_issued: { subject: `【报告任务】2026年第1季度报告：${project}`, body: ['要求：按模板报送，附支部意见', `报送单位：${project}`, `截止时间：${due}（期末后第5个工作日 17:30）`, '逐级督办'] },
    login_locked: { subject: '【账号安全】账号已暂时锁定：王建国', body: ['王建国的账号（wang@demo.tandem）连续 5 次登录失败（最近一次来自 10.0.0.7），已暂时锁定至 2026/04/15 17:30', '可能有人在猜测密码'] },
  } satisfies Record<NoticeKind, { subject: string; body: string[] }>;
  const kinds = Object.keys(expected) as NoticeKind[];
  /** About an account, not a project. */
  const aboutNoProject: NoticeKind[] = ['login_locked'];

  it('links a task mail to the very task page under PUBLIC_URL, and the digest to 待办; without it, says to log in', () => {
    const withTask = { ...data, taskId: '6f1c2d3e-0000-4000-8000-000000000001' };
    expect(renderNotice('task_assigned', '李红梅', withTask, 'https://tandem.example.com').text).toContain('请打开 https://tandem.example.com/tasks/6f1c2d3e-0000-4000-8000-000000000001 办理。');
    expect(renderNotice('nudge', '李红梅', withTask, 'https://tandem.example.com').text).toContain('https://tandem.example.com/tasks/6f1c2d3e-0000-4000-8000-000000000001');
    expect(renderNotice('digest', '李红梅', data, 'https://tandem.example.com').text).toContain('请打开 https://tandem.example.com/todo 办理。');
    expect(renderNotice('task_assigned', '李红梅', withTask).text).toContain('请登录 Tandem 办理。');
  });

  it.each(kinds)('writes a %s notice with a Chinese subject, to the person by name, naming the project', (kind) => {
    const { subject, text } = renderNotice(kind, '陈晓峰', data);
    expect(subject).toBe(expected[kind].subject);
    expect(subject).toMatch(/^【[\u4e00-\u9fff]+】.*[\u4e00-\u9fff]/);
    expect(text.startsWith('陈晓峰同志：\n\n')).toBe(true);
    if (!aboutNoProject.includes(kind)) expect(text).toContain(project);
    for (const part of expected[kind].body) expect(text).toContain(part);
    expect(text.endsWith('（此邮件由系统自动发送，请勿直接回复）')).toBe(true);
  });

  it('tells the owner of a locked account that it is theirs, and what to do if it was not them', () => {
    const { subject, text } = renderNotice('login_locked', '王建国', { ...data, audience: 'owner' });
    expect(subject).toBe('【账号安全】您的账号已暂时锁定');
    expect(text).toContain('您的账号（wang@demo.tandem）连续 5 次登录失败');
    expect(text).toContain('如果不是您本人在尝试登录，请联系管理员');
  });

  it.each<NoticeKind>(['reminder', 'escalation', 'overdue'])('names the unit, not a project, when a %s is about a campaign report', (kind) => {
    const { text } = renderNotice(kind, '陈晓峰', { ...data, projectTitle: '三车间党支部', campaignId: 'c-1' });
    expect(text).toContain('报送单位：三车间党支部');
    expect(text).not.toContain('项目：');
  });

  it.each(kinds)('never prints the raw UTC instant in a %s notice', (kind) => {
    const { subject, text } = renderNotice(kind, '陈晓峰', data);
    expect(`${subject}${text}`).not.toContain('09:30');
    expect(`${subject}${text}`).not.toContain('2026-04-15T');
  });

  it('shows a due time that falls on the next day in Beijing on that day', () => {
    const { subject } = renderNotice('reminder', '陈晓峰', { ...data, dueAt: '2026-12-31T16:30:00Z' });
    expect(subject).toBe(`【提醒】2026年第1季度报告将于2027/01/01 00:30到期：${project}`);
  });

  it('leaves out the deadline line of a task that has none', () => {
    const { text } = renderNotice('task_assigned', '李红梅', { ...data, dueAt: null });
    expect(text).not.toContain('办理时限');
  });

  it('leaves out the comment line of an outcome given without a comment', () => {
    const { subject, text } = renderNotice('approval_outcome', '陈晓峰', { ...data, outcome: 'approved', comment: null });
    expect(subject).toBe(`【立项审批】已通过：${project}`);
    expect(text).not.toContain('意见');
  });

  it.each<[string, string]>([
    ['approved', '已通过'],
    ['rejected', '未通过'],
    ['sent_back', '已退回修改'],
  ])('words the outcome %s as %s', (outcome, words) => {
    expect(renderNotice('approval_outcome', '陈晓峰', { ...data, outcome }).subject).toContain(words);
  });

  it.each<[string, string]>([
    ['general', '一般'],
    ['serious', '较重'],
    ['major', '重大'],
  ])('words the severity %s as %s', (severity, words) => {
    expect(renderNotice('finding_raised', '陈晓峰', { ...data, severity }).subject).toContain(`（${words}）`);
  });

  it('renders the same words every time for the same notice, so a retried send matches the outbox', () => {
    expect(renderNotice('escalation', '王建国', data)).toEqual(renderNotice('escalation', '王建国', { ...data }));
  });
});
