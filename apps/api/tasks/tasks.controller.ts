import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { IdempotencyKey } from '../http/idempotency-key.decorator.js';
import { IdParam } from '../org/dto/org.dto.js';
import { DecideDto, ListTasksQuery } from './dto/task.dto.js';
import { TasksService } from './tasks.service.js';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({ summary: 'My to-do list (待办): approvals, reports, evidence, self-assessment, scoring, with due dates' })
  mine(@CurrentUser() personId: string, @Query() query: ListTasksQuery) {
    return this.tasks.mine(personId, query);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'retrying with the same key never decides twice' })
  @ApiOperation({ summary: 'Decide an approval step: approve 同意, reject 不同意 or send back 退回 (comment required for the last two)' })
  decide(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: DecideDto, @IdempotencyKey() key: string) {
    return this.tasks.decide(personId, id, dto, key);
  }
}
