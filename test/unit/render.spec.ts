import type { NoticeKind } from '../../libs/domain/index.js';
import { formatBeijingTime } from '../../libs/mail/format.js';
import { renderNotice } from '../../libs/mail/render.js';

describe(renderNotice.name, () => {
  const data = {
    projectTitle: '安全生产党员先锋岗',
    taskTitle: '立项审批',
    subject: '安全生产党员先锋岗',
    title: '2026年第1季度报告',
    dueAt: '2026-04-15T09:30:00Z',
    outcome: 'sent_back',
    purposeLabel: '立项审批',
    comment: '目标请量化',
    ownerNames: '陈晓峰',
    description: '记录不全',
    measures: '补齐记录',
    severity: 'serious',
    total: 87,
    gradeLabel: '良好',
    ruleVersion: 'score-v1',
  };
  const kinds: NoticeKind[] = ['task_assigned', 'approval_outcome', 'reminder', 'escalation', 'finding_raised', 'item_closed', 'item_reopened', 'evaluation_result'];

  it.each(kinds)('writes a %s notice in Chinese, addressed to the person and naming the project', (kind) => {
    const { subject, text } = renderNotice(kind, '陈晓峰', data);
    expect(subject.startsWith('【')).toBe(true);
    expect(text.startsWith('陈晓峰同志：')).toBe(true);
    expect(`${subject}${text}`).toContain('安全生产党员先锋岗');
  });

  it('shows due times in Beijing time and says why something was sent back', () => {
    expect(renderNotice('reminder', '陈晓峰', data).subject).toBe('【提醒】2026年第1季度报告将于2026/04/15 17:30到期：安全生产党员先锋岗');
    const outcome = renderNotice('approval_outcome', '陈晓峰', data);
    expect(outcome.subject).toBe('【立项审批】已退回修改：安全生产党员先锋岗');
    expect(outcome.text).toContain('意见：目标请量化');
    expect(renderNotice('escalation', '李红梅', data).text).toContain('责任人：陈晓峰');
  });
});

describe(formatBeijingTime.name, () => {
  it('formats instants in Asia/Shanghai whatever the server zone, and a missing time as a dash', () => {
    expect(formatBeijingTime('2026-12-31T16:30:00Z')).toBe('2027/01/01 00:30');
    expect(formatBeijingTime(null)).toBe('—');
  });
});
