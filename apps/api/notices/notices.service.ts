import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { NoticeEntity } from '../../../libs/db/entities/index.js';
import { notFound } from '../http/refusal.js';

const toNoticeResponse = (n: NoticeEntity) => ({
  id: n.id,
  kind: n.kind,
  projectId: n.projectId,
  subject: n.subject,
  body: n.body,
  /** Whether the mail went out: a notice stands in the inbox even when its mail failed for good. */
  mail: n.status,
  createdAt: n.createdAt,
  readAt: n.readAt,
});

/** The in-app inbox reads the same rows the mail outbox sends from. */
@Injectable()
export class NoticesService {
  constructor(private readonly ds: DataSource) {}

  async mine(personId: string, unreadOnly: boolean) {
    const rows = await this.ds.getRepository(NoticeEntity).find({
      where: { recipientId: personId, ...(unreadOnly && { readAt: IsNull() }) },
      order: { createdAt: 'DESC' },
      take: 200,
    });
    return rows.map(toNoticeResponse);
  }

  async markRead(personId: string, id: string) {
    const notice = await this.ds.getRepository(NoticeEntity).findOneBy({ id, recipientId: personId });
    if (!notice) throw notFound('notice');
    notice.readAt ??= new Date();
    await this.ds.getRepository(NoticeEntity).update(id, { readAt: notice.readAt });
    return toNoticeResponse(notice);
  }
}
