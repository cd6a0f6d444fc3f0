import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource, IsNull } from 'typeorm';
import { NoticeEntity } from '../../../libs/db/entities/index.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { notFound } from '../http/refusal.js';
import { IdParam } from '../org/dto/org.dto.js';

const toNoticeResponse = (n: NoticeEntity) => ({
  id: n.id,
  kind: n.kind,
  projectId: n.projectId,
  subject: n.subject,
  body: n.body,
  mail: n.status,
  createdAt: n.createdAt,
  readAt: n.readAt,
});

/** The in-app inbox: the same rows the mail outbox sends from, so a notice stands even if its mail failed. */
@ApiTags('notices')
@ApiBearerAuth()
@Controller('notices')
export class NoticesController {
  constructor(private readonly ds: DataSource) {}

  @Get()
  @ApiQuery({ name: 'unread', required: false, type: Boolean })
  @ApiOperation({ summary: 'My notices (通知): reminders, escalations, outcomes, newest first' })
  async list(@CurrentUser() personId: string, @Query('unread') unread?: string) {
    const rows = await this.ds.getRepository(NoticeEntity).find({
      where: { recipientId: personId, ...(unread === 'true' && { readAt: IsNull() }) },
      order: { createdAt: 'DESC' },
      take: 200,
    });
    return rows.map(toNoticeResponse);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of my notices read' })
  async read(@CurrentUser() personId: string, @Param() { id }: IdParam) {
    const notice = await this.ds.getRepository(NoticeEntity).findOneBy({ id, recipientId: personId });
    if (!notice) throw notFound('notice');
    if (!notice.readAt) await this.ds.getRepository(NoticeEntity).update(id, { readAt: new Date() });
    return toNoticeResponse({ ...notice, readAt: notice.readAt ?? new Date() });
  }
}
