import type { NoticeEntity } from '../../../libs/db/entities/index.js';
import type { NoticeKind } from '../../../libs/domain/index.js';

export interface NoticeResponse {
  id: string;
  kind: NoticeKind;
  projectId: string | null;
  subject: string;
  body: string;
  /** Whether the mail went out: a notice stands in the inbox even when its mail failed for good. */
  mail: NoticeEntity['status'];
  createdAt: Date;
  readAt: Date | null;
}

export const toNoticeResponse = (n: NoticeEntity): NoticeResponse => ({
  id: n.id,
  kind: n.kind,
  projectId: n.projectId,
  subject: n.subject,
  body: n.body,
  mail: n.status,
  createdAt: n.createdAt,
  readAt: n.readAt,
});

/** For admins: a notice whose mail could not be delivered, to whom, and what the mail server answered. */
export interface UndeliveredResponse extends Omit<NoticeResponse, 'body' | 'readAt'> {
  recipientId: string;
  email: string;
  attempts: number;
  lastError: string | null;
}

export const toUndeliveredResponse = (n: NoticeEntity): UndeliveredResponse => ({
  id: n.id,
  kind: n.kind,
  projectId: n.projectId,
  subject: n.subject,
  mail: n.status,
  createdAt: n.createdAt,
  recipientId: n.recipientId,
  email: n.email,
  attempts: n.attempts,
  lastError: n.lastError,
});
