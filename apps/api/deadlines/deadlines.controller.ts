import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { IdempotencyKey, IdempotencyKeyHeader } from '../http/idempotency-key.decorator.js';
import { DeadlinesService } from './deadlines.service.js';
import { DeadlineStateResponseDto } from './dto/deadline-response.dto.js';
import { DeadlineRefParam, RequestExtensionDto } from './dto/extension.dto.js';

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('deadlines')
export class DeadlinesController {
  constructor(private readonly deadlines: DeadlinesService) {}

  @Post(':ref/extension')
  @HttpCode(200)
  @IdempotencyKeyHeader()
  @ApiOperation({
    summary: 'Ask for an extension (延期) of a due date I owe, with a reason: the clock stands still while my unit decides; the deadline lists every pause and extension',
  })
  @ApiOkResponse({ type: DeadlineStateResponseDto })
  requestExtension(@CurrentUser() personId: string, @Param() { ref }: DeadlineRefParam, @Body() dto: RequestExtensionDto, @IdempotencyKey() key: string) {
    return this.deadlines.requestExtension(personId, ref, dto, key);
  }
}
