import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { IdParam } from '../http/id-param.dto.js';
import { NoticesQuery } from './dto/notices.dto.js';
import { NoticeResponseDto, UndeliveredNoticeResponseDto } from './dto/notice-response.dto.js';
import { NoticesService } from './notices.service.js';

@ApiTags('notices')
@ApiBearerAuth()
@Controller('notices')
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Get()
  @ApiOperation({ summary: 'My notices (通知): reminders, escalations (督办), outcomes, newest first' })
  @ApiOkResponse({ type: [NoticeResponseDto] })
  list(@CurrentUser() personId: string, @Query() query: NoticesQuery): Promise<NoticeResponseDto[]> {
    return this.notices.mine(personId, query.unread === true);
  }

  @Get('undelivered')
  @ApiOperation({ summary: 'Notices whose mail was refused (退信) or is still undelivered an hour on, with the mail server\'s answer (admin)' })
  @ApiOkResponse({ type: [UndeliveredNoticeResponseDto] })
  undelivered(@CurrentUser() personId: string) {
    return this.notices.undelivered(personId);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of my notices read (标记已读)' })
  @ApiOkResponse({ type: NoticeResponseDto })
  read(@CurrentUser() personId: string, @Param() { id }: IdParam) {
    return this.notices.markRead(personId, id);
  }
}
