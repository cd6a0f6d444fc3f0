import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThan, type FindOptionsWhere } from 'typeorm';
import { defaultNoticeDelivery, durationMs } from '../../../libs/domain/index.js';
import { NoticeEntity } from '../../../libs/db/entities/index.js';
import { AccessService } from '../access/access.service.js';
import { notFound } from '../http/refusal.js';
import { toNoticeResponse, toUndeliveredResponse, type NoticeResponse, type UndeliveredResponse } from './notices.mappers.js';

/** The in-app inbox reads the same rows the mail outbox sends from; each person sees only their own. */
@Injectable()
export class NoticesService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
  ) {}

  /**
   * Mail refused for good (SMTP 5xx, a bad address) or given up at the bound, and mail still pending past the bound
   * (the sweeper has not run, or a sender hangs on it): admins see it here; the in-app notice still stands.
   */
  async undelivered(personId: string): Promise<UndeliveredResponse[]> {
    await this.access.assertAdmin(personId);
    const overdue = new Date(Date.now() - durationMs(defaultNoticeDelivery.giveUpAfter));
    const rows = await this.ds.getRepository(NoticeEntity).find({
      where: [{ status: 'failed' }, { status: 'pending', createdAt: LessThan(overdue) }],
      order: { createdAt: 'DESC', id: 'ASC' },
      take: 500,
    });
    return rows.map(toUndeliveredResponse);
  }

  async mine(personId: string, unreadOnly: boolean): Promise<NoticeResponse[]> {
    const where: FindOptionsWhere<NoticeEntity> = { recipientId: personId };
    if (unreadOnly) where.readAt = IsNull();
    const rows = await this.ds.getRepository(NoticeEntity).find({ where, order: { createdAt: 'DESC', id: 'ASC' }, take: 200 });
    return rows.map(toNoticeResponse);
  }

  /** Someone else's notice answers 404, as if it did not exist: an inbox is private. Marking twice keeps the first time. */
  async markRead(personId: string, id: string): Promise<NoticeResponse> {
    const repo = this.ds.getRepository(NoticeEntity);
    await repo.update({ id, recipientId: personId, readAt: IsNull() }, { readAt: new Date() });
    const notice = await repo.findOneBy({ id, recipientId: personId });
    if (!notice) throw notFound('notice');
    return toNoticeResponse(notice);
  }
}
