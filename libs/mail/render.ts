import { digestSummary, formatBeijingTime, severityLabels, type DigestItem, type NoticeKind, type Severity } from '../domain/index.js';

export interface RenderedNotice {
  subject: string;
  text: string;
}

type Data = Record<string, string | number | null>;

const outcomeLabels: Record<string, string> = { approved: '已通过', rejected: '未通过', sent_back: '已退回修改', withdrawn: '已撤回' };

const str = (data: Data, key: string): string => {
  const value = data[key];
  return value === null || value === undefined ? '' : String(value);
};

const footer = '\n\n—— Tandem 党建载体项目管理（此邮件由系统自动发送，请勿直接回复）';

/**
 * Notice texts in the users' own terms. Pure: the same kind and data always give the same words,
 * so a notice re-rendered on retry is identical to the one recorded in the outbox.
 */
export function renderNotice(kind: NoticeKind, recipientName: string, data: Data, publicUrl?: string): RenderedNotice {
  const project = str(data, 'projectTitle');
  // The exact page where the work is done, when the console's address is known (PUBLIC_URL) and the notice names a task.
  const openAt = (path: string) => (publicUrl ? `请打开 ${publicUrl}${path} 办理。` : '请登录 Tandem 办理。');
  const taskPage = data.taskId ? `/tasks/${str(data, 'taskId')}` : '/todo';
  const due = formatBeijingTime(data.dueAt, 'slashed');
  const greeting = `${recipientName}同志：\n\n`;
  // A due date belongs to a project, or (in a reporting campaign) to the unit that owes the report.
  const place = data.campaignId ? `报送单位：${project}` : `项目：${project}`;
  switch (kind) {
    case 'task_assigned':
      return {
        subject: `【待办】${str(data, 'taskTitle')}：${project}`,
        text: `${greeting}您有一项新的待办：${str(data, 'taskTitle')}。\n项目：${project}\n事项：${str(data, 'subject')}${data.dueAt ? `\n办理时限：${due}` : ''}\n${openAt(taskPage)}${footer}`,
      };
    case 'nudge':
      return {
        subject: `【催办】${str(data, 'taskTitle')}：${project}`,
        text: `${greeting}${str(data, 'nudgerName')}提醒您尽快办理：${str(data, 'taskTitle')}。\n项目：${project}\n${openAt(taskPage)}${footer}`,
      };
    case 'approval_outcome': {
      const outcome = outcomeLabels[str(data, 'outcome')] ?? str(data, 'outcome');
      const comment = str(data, 'comment');
      return {
        subject: `【${str(data, 'purposeLabel')}】${outcome}：${project}`,
        text: `${greeting}您提交的“${str(data, 'subject')}”${str(data, 'purposeLabel')}结果：${outcome}。${comment ? `\n意见：${comment}` : ''}\n项目：${project}${footer}`,
      };
    }
    case 'approval_cc': {
      const outcome = outcomeLabels[str(data, 'outcome')] ?? str(data, 'outcome');
      return {
        subject: `【抄送】${str(data, 'purposeLabel')}${outcome}：${project}`,
        text: `${greeting}抄送您知悉：“${str(data, 'subject')}”${str(data, 'purposeLabel')}结果：${outcome}。\n项目：${project}${footer}`,
      };
    }
    case 'reminder':
      return {
        subject: `【提醒】${str(data, 'title')}将于${due}到期：${project}`,
        text: `${greeting}${str(data, 'title')}将于 ${due} 到期，请按时完成并提交。\n${place}${footer}`,
      };
    case 'escalation':
      return {
        subject: `【督办】${str(data, 'title')}已逾期：${project}`,
        text: `${greeting}${str(data, 'title')}已于 ${due} 到期，至今未提交（责任人：${str(data, 'ownerNames')}）。\n根据分级督办要求，请您督促办理。\n${place}${footer}`,
      };
    case 'overdue':
      return {
        subject: `【逾期】${str(data, 'title')}已逾期：${project}`,
        text: `${greeting}您负责的${str(data, 'title')}已于 ${due} 到期，至今未提交，请尽快办理。逾期未办将逐级督办。\n${place}${footer}`,
      };
    case 'extension_granted':
    case 'extension_refused': {
      const granted = kind === 'extension_granted';
      const comment = str(data, 'comment');
      return {
        subject: `【延期】${granted ? '已同意' : '未同意'}：${str(data, 'title')}：${project}`,
        text: `${greeting}您申请的${str(data, 'title')}延期${granted ? '已获同意' : '未获同意'}。${comment ? `\n意见：${comment}` : ''}\n现截止时间：${due}${granted ? '' : '（已顺延审批期间）'}\n项目：${project}${footer}`,
      };
    }
    case 'deadline_rescheduled':
      return {
        subject: `【调整】截止时间已按节假日安排调整：${str(data, 'title')}：${project}`,
        text: `${greeting}${str(data, 'title')}的截止时间原按仅周末休息推算（${formatBeijingTime(data.previousDueAt, 'slashed')}），现按已发布的节假日安排调整为：${due}。\n${place}${footer}`,
      };
    case 'digest': {
      const items = JSON.parse(str(data, 'items') || '[]') as DigestItem[];
      // Most task titles already name their project; the context is added where one does not.
      const lines = items.map((i) => `· ${i.title}${i.context && !i.title.includes(i.context) ? `（${i.context}）` : ''}${i.dueAt ? `，截止 ${formatBeijingTime(i.dueAt, 'slashed')}` : ''}${i.overdue ? '，已逾期' : ''}`);
      return {
        subject: `【每日待办】${digestSummary(items)}`,
        text: `${greeting}${digestSummary(items)}：\n${lines.join('\n')}\n${openAt('/todo')}${footer}`,
      };
    }
    case 'calendar_uncovered':
      return {
        subject: `【日历】${str(data, 'year')}年节假日安排尚未发布`,
        text: `${greeting}${str(data, 'year')}年的法定节假日与调休安排尚未收录，涉及该年的截止日期暂按仅周末休息计算（首个涉及的项目：${project}）。\n请在“工作日历”中录入调整，或升级日历数据后由系统按新安排计算。${footer}`,
      };
    case 'project_attention':
      return {
        subject: `【待处理】项目流程受阻：${project}`,
        text: `${greeting}项目“${project}”的流程在“${str(data, 'step')}”一步未能完成，已暂停等待处理。\n原因：${str(data, 'reason')}\n请排除原因后在项目页面恢复流程（POST /projects/{id}/resume），系统将重试该步骤。${footer}`,
      };
    case 'finding_raised':
      return {
        subject: `【整改】新的整改事项（${severityLabels[str(data, 'severity') as Severity] ?? str(data, 'severity')}）：${project}`,
        text: `${greeting}检查发现问题：${str(data, 'description')}\n整改措施：${str(data, 'measures')}\n整改时限：${due}\n您是该事项的责任人（一岗双责），请按时提交整改佐证材料。\n项目：${project}${footer}`,
      };
    case 'item_closed':
      return {
        subject: `【整改】已验证销号：${str(data, 'description')}`,
        text: `${greeting}整改事项“${str(data, 'description')}”已通过验证，予以销号。\n项目：${project}${footer}`,
      };
    case 'item_reopened':
      return {
        subject: `【整改】验证未通过，请重新整改：${str(data, 'description')}`,
        text: `${greeting}整改事项“${str(data, 'description')}”验证未通过。${str(data, 'comment') ? `\n意见：${str(data, 'comment')}` : ''}\n新的整改时限：${due}\n项目：${project}${footer}`,
      };
    // A campaign belongs to no project: its notices (and its deadlines' reminders) carry the target unit as projectTitle.
    case 'campaign_issued': {
      const rule = str(data, 'rule');
      return {
        subject: `【报告任务】${str(data, 'title')}：${project}`,
        text: `${greeting}请报送：${str(data, 'title')}\n要求：${str(data, 'instructions')}\n报送单位：${project}\n截止时间：${due}${rule ? `（${rule}）` : ''}\n请登录 Tandem 提交，逾期未报将逐级督办。${footer}`,
      };
    }
    case 'evaluation_result':
      return {
        subject: `【年终考评】结果：${str(data, 'gradeLabel')}：${project}`,
        text: `${greeting}项目“${project}”年终考评完成：总分 ${str(data, 'total')}，等次 ${str(data, 'gradeLabel')}（评分规则 ${str(data, 'ruleVersion')}）。${footer}`,
      };
    case 'login_locked': {
      const what = `连续 ${str(data, 'failures')} 次登录失败（最近一次来自 ${str(data, 'address')}），已暂时锁定至 ${formatBeijingTime(data.lockedUntil, 'slashed')}`;
      return data.audience === 'owner'
        ? {
            subject: '【账号安全】您的账号已暂时锁定',
            text: `${greeting}您的账号（${str(data, 'email')}）${what}。\n如果不是您本人在尝试登录，请联系管理员，并在解锁后修改密码。${footer}`,
          }
        : {
            subject: `【账号安全】账号已暂时锁定：${str(data, 'personName')}`,
            text: `${greeting}${str(data, 'personName')}的账号（${str(data, 'email')}）${what}。\n如非本人操作，可能有人在猜测密码，请核实处理。${footer}`,
          };
    }
  }
}
