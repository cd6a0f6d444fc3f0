import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { IdParam } from '../org/dto/org.dto.js';
import { NoticesService } from './notices.service.js';

@ApiTags('notices')
@ApiBearerAuth()
@Controller('notices')
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Get()
  @ApiQuery({ name: 'unread', required: false, type: Boolean })
  @ApiOperation({ summary: 'My notices (通知): reminders, escalations, outcomes, newest first' })
  list(@CurrentUser() personId: string, @Query('unread') unread?: string) {
    return this.notices.mine(personId, unread === 'true');
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of my notices read' })
  read(@CurrentUser() personId: string, @Param() { id }: IdParam) {
    return this.notices.markRead(personId, id);
  }
}
