import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { IdParam } from '../http/id-param.dto.js';
import { IdempotencyKey, IdempotencyKeyHeader } from '../http/idempotency-key.decorator.js';
import { AddApproverDto, DecideDto, DelegateDto, ListTasksQuery, RecordMeetingDto } from './dto/task.dto.js';
import { ChainViewDto, TaskResponseDto } from './dto/task-response.dto.js';
import { TasksService } from './tasks.service.js';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({
    summary: 'My to-do list (待办): approval steps (with their project, level, mode, due time and the chain so far), reports, evidence, self-assessment and scoring',
  })
  @ApiOkResponse({ type: [TaskResponseDto] })
  mine(@CurrentUser() personId: string, @Query() query: ListTasksQuery): Promise<TaskResponseDto[]> {
    return this.tasks.mine(personId, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One task (任务详情) with its project, the chain so far and the decisions I may take on it now; for its assignee and readers of its project' })
  @ApiOkResponse({ type: TaskResponseDto })
  one(@CurrentUser() personId: string, @Param() { id }: IdParam): Promise<TaskResponseDto> {
    return this.tasks.one(personId, id);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Decide an approval step (审批): approve 同意, reject 不同意, send back 退回 to the submitter or to the previous level (all but approve need a comment)' })
  @ApiOkResponse({ type: ChainViewDto })
  decide(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: DecideDto, @IdempotencyKey() key: string) {
    return this.tasks.decide(personId, id, dto, key);
  }

  @Post(':id/delegate')
  @HttpCode(200)
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Hand my approval step to someone else (转交); never to the submitter' })
  @ApiOkResponse({ type: ChainViewDto })
  delegate(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: DelegateDto, @IdempotencyKey() key: string) {
    return this.tasks.delegate(personId, id, dto, key);
  }

  @Post(':id/add-approver')
  @HttpCode(200)
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Add an approver (加签) before, after or alongside me' })
  @ApiOkResponse({ type: ChainViewDto })
  addApprover(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: AddApproverDto, @IdempotencyKey() key: string) {
    return this.tasks.addApprover(personId, id, dto, key);
  }

  @Post(':id/meeting')
  @HttpCode(200)
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Record the committee meeting (党委会议) that decides this level: attendance, votes and minutes; quorum and majority are checked' })
  @ApiOkResponse({ type: ChainViewDto })
  meeting(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: RecordMeetingDto, @IdempotencyKey() key: string) {
    return this.tasks.recordMeeting(personId, id, dto, key);
  }

  @Post(':id/nudge')
  @HttpCode(200)
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Nudge the approver of a waiting step (催办), as the submitter, at most once per interval' })
  @ApiOkResponse({ type: ChainViewDto })
  nudge(@CurrentUser() personId: string, @Param() { id }: IdParam, @IdempotencyKey() key: string) {
    return this.tasks.nudge(personId, id, key);
  }
}
