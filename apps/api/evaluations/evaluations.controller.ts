import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { IdParam } from '../http/id-param.dto.js';
import { IdempotencyKey, IdempotencyKeyHeader } from '../http/idempotency-key.decorator.js';
import { EvaluationDetailResponseDto, EvaluationListResponseDto, EvaluationStateDto } from './dto/evaluation-response.dto.js';
import { EvaluationsQuery, ScoreDto } from './dto/evaluation.dto.js';
import { EvaluationsService } from './evaluations.service.js';

@ApiTags('evaluations')
@ApiBearerAuth()
@Controller('evaluations')
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  @Get()
  @ApiOperation({ summary: 'Year-end evaluations (年终考评) of projects visible to me (or in one unit\'s subtree), with totals and grades, and the distribution of grades per unit' })
  @ApiOkResponse({ type: EvaluationListResponseDto })
  list(@CurrentUser() personId: string, @Query() query: EvaluationsQuery) {
    return this.evaluations.list(personId, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One evaluation (考评详情) with every score, the inputs and the rule version that produced the result' })
  @ApiOkResponse({ type: EvaluationDetailResponseDto })
  get(@CurrentUser() personId: string, @Param() { id }: IdParam) {
    return this.evaluations.get(personId, id);
  }

  @Post(':id/scores')
  @HttpCode(200)
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Score the four dimensions (四维评价, 0–25 each) with a justification, as an evaluator' })
  @ApiOkResponse({ type: EvaluationStateDto })
  score(@CurrentUser() personId: string, @Param() { id }: IdParam, @Body() dto: ScoreDto, @IdempotencyKey() key: string) {
    return this.evaluations.score(personId, id, dto, key);
  }
}
