import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { IdParam } from '../http/id-param.dto.js';
import { ScheduleTermChangeDto, TermChangeScheduleResponseDto } from './dto/term-change-schedule.dto.js';
import { TermChangeScheduleService } from './term-change-schedule.service.js';

@ApiTags('org')
@ApiBearerAuth()
@Controller()
export class TermChangeScheduleController {
  constructor(private readonly schedules: TermChangeScheduleService) {}

  @Post('org-units/:id/term-change-schedules')
  @HttpCode(200)
  @ApiOkResponse({ type: TermChangeScheduleResponseDto })
  @ApiOperation({
    summary: '预约换届: hand a post to a successor at a future moment; carried out then by a durable workflow as a 换届 made that moment would be (admin, audited)',
  })
  schedule(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: ScheduleTermChangeDto) {
    return this.schedules.schedule(personId, id, dto);
  }

  @Get('term-change-schedules')
  @ApiOkResponse({ type: [TermChangeScheduleResponseDto] })
  @ApiOperation({ summary: '换届安排: every term change scheduled ahead, latest moment first, with what each did (admin)' })
  list(@CurrentUser() personId: string) {
    return this.schedules.list(personId);
  }

  @Post('term-change-schedules/:id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: TermChangeScheduleResponseDto })
  @ApiOperation({ summary: '取消换届安排: before its moment only; audited (admin)' })
  cancel(@CurrentUser() personId: string, @Param() { id }: IdParam) {
    return this.schedules.cancel(personId, id);
  }
}
