/**
 * What a notice says, as data. Workflows decide who is told what and when; libs/mail renders the words.
 * The key makes every notice happen once, however often an activity is retried or a workflow replayed.
 */
export type NoticeKind =
  | 'task_assigned'
  | 'nudge'
  | 'approval_outcome'
  /** 抄送: the outcome, told to people the submitter copied in. */
  | 'approval_cc'
  | 'reminder'
  | 'escalation'
  /** 逾期: the owners told their own work is overdue, the first rung of the escalation ladder. */
  | 'overdue'
  /** 延期: the owners told whether their extension was granted, and the due date that now stands. */
  | 'extension_granted'
  | 'extension_refused'
  /** To the owners: a due date guessed on a weekends-only year moved once that year's holidays were published. */
  | 'deadline_rescheduled'
  /** 每日待办: one mail a working day with everything open for the person, overdue first. */
  | 'digest'
  /** To admins: a due date fell in a year whose holiday arrangements are not published yet. */
  | 'calendar_uncovered'
  /** To admins: a step of a project's year failed for good; the year waits until an admin resumes it. */
  | 'project_attention'
  | 'finding_raised'
  | 'item_closed'
  | 'item_reopened'
  | 'evaluation_result'
  /** To each secretary of a campaign's target unit: the committee asks for a report by a due time. */
  | 'campaign_issued'
  /** To an account's owner and the admins: repeated failed logins locked the account for a while. */
  | 'login_locked';

export interface NoticeRequest {
  key: string;
  recipientId: string;
  kind: NoticeKind;
  /** null for a notice about a reporting campaign, which belongs to no project. */
  projectId: string | null;
  /** Values the renderer puts into the subject and body: titles, dates (ISO), outcomes, comments. */
  data: Record<string, string | number | null>;
}

/** `<workflowId>/<step>/<recipient>`: one notice per step and person, stable across retries and replays. */
export const noticeKey = (workflowId: string, step: string, recipientId: string): string =>
  `${workflowId}/${step}/${recipientId}`;
