import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DimensionScores, EvaluationInputs, EvaluationResult, Grade } from '../../../../libs/domain/index.js';
import type { EvaluationState, EvaluationStatus } from '../../../../workflows/year-end-evaluation.messages.js';
import { maybe, uuid, when } from '../../http/schema-options.js';
import type { EvaluationDetailResponse, EvaluationListResponse, EvaluationResponse, ScoreResponse } from '../evaluations.mappers.js';

/**
 * The answers of the evaluation routes (and of the self-assessment), as OpenAPI schemas for the generated console
 * client. Each class implements the mapper's type, so a field added to a mapper and not here fails to compile.
 */

const statuses: EvaluationStatus[] = ['self_assessment', 'scoring', 'done'];
const grades: Grade[] = ['excellent', 'good', 'pass', 'fail'];

export class DimensionScoresDto implements DimensionScores {
  @ApiProperty({ description: '政治执行力' }) politicalExecution!: number;
  @ApiProperty({ description: '组织落实力' }) organisationalDelivery!: number;
  @ApiProperty({ description: '堡垒作用力' }) fortressRole!: number;
  @ApiProperty({ description: '责任担当力' }) responsibility!: number;
}

export class EvaluationResultDto implements EvaluationResult {
  @ApiProperty() ruleVersion!: string;
  @ApiProperty() evaluatorAverage!: number;
  @ApiProperty({ description: '任务分解完成率, 0–1' }) completionRate!: number;
  @ApiProperty() total!: number;
  @ApiProperty({ enum: grades, enumName: 'Grade' }) grade!: Grade;
  @ApiPropertyOptional({ type: [Number] }) evaluatorTotals?: number[];
  @ApiPropertyOptional() trimmed?: boolean;
  @ApiPropertyOptional({ description: '创新加分 counted' }) bonus?: number;
  @ApiPropertyOptional({ description: 'taken off for overdue rectification items' }) deduction?: number;
  @ApiPropertyOptional({ description: 'why the grade is lower than the total alone gives (双评双优)' }) cappedBecause?: string;
}

/** The evaluation workflow's state right after the owner's self-assessment or an evaluator's score. */
export class EvaluationStateDto implements EvaluationState {
  @ApiProperty(uuid) evaluationId!: string;
  @ApiProperty({ enum: statuses, enumName: 'EvaluationStatus' }) status!: EvaluationStatus;
  @ApiProperty({ type: [String] }) evaluatorIds!: string[];
  @ApiProperty({ type: [String], description: 'the evaluators who have scored' }) scoredBy!: string[];
  @ApiProperty(maybe({ type: EvaluationResultDto })) result!: EvaluationResultDto | null;
}

export class EvaluationResponseDto implements EvaluationResponse {
  @ApiProperty(uuid) id!: string;
  @ApiProperty(uuid) projectId!: string;
  @ApiProperty(maybe({ type: String })) projectTitle!: string | null;
  @ApiProperty() year!: number;
  @ApiProperty({ enum: statuses, enumName: 'EvaluationStatus' }) status!: EvaluationStatus;
  @ApiProperty(maybe({ type: String, description: '年终自评' })) selfAssessment!: string | null;
  @ApiProperty(maybe(when)) selfAssessedAt!: Date | null;
  @ApiProperty(maybe({ type: Number })) total!: number | null;
  @ApiProperty(maybe({ enum: grades, enumName: 'Grade' })) grade!: Grade | null;
  @ApiProperty(maybe({ type: String })) gradeLabel!: string | null;
  @ApiProperty(maybe({ type: String })) ruleVersion!: string | null;
  @ApiProperty(when) createdAt!: Date;
  @ApiProperty(maybe(when)) completedAt!: Date | null;
  @ApiProperty(maybe({ ...when, description: '审定发布: null while the result awaits sign-off' })) publishedAt!: Date | null;
}

export class ScoreResponseDto implements ScoreResponse {
  @ApiProperty(uuid) evaluatorId!: string;
  @ApiProperty(maybe({ type: String })) evaluatorName!: string | null;
  @ApiProperty({ type: DimensionScoresDto }) scores!: DimensionScoresDto;
  @ApiProperty() total!: number;
  @ApiProperty() comment!: string;
  @ApiProperty(maybe({ type: Number, description: '创新加分 proposed' })) bonus!: number | null;
  @ApiProperty(maybe({ type: String })) bonusJustification!: string | null;
  @ApiProperty(when) scoredAt!: Date;
}

export class EvaluationDetailResponseDto extends EvaluationResponseDto implements EvaluationDetailResponse {
  @ApiProperty({ type: [ScoreResponseDto] }) scores!: ScoreResponseDto[];
  @ApiProperty(maybe({ type: 'object' as const, additionalProperties: true, description: 'every input of the score (scores, completion, bonuses, overdue items)' }))
  inputs!: EvaluationInputs | null;
  @ApiProperty(maybe({ type: EvaluationResultDto })) result!: EvaluationResultDto | null;
}

type UnitGradesResponse = EvaluationListResponse['distribution'][number];

export class EvaluationUnitGradesDto implements UnitGradesResponse {
  @ApiProperty(uuid) unitId!: string;
  @ApiProperty(maybe({ type: String })) unitName!: string | null;
  @ApiProperty() excellent!: number;
  @ApiProperty() good!: number;
  @ApiProperty() pass!: number;
  @ApiProperty() fail!: number;
  @ApiProperty({ description: 'results still being scored' }) pending!: number;
}

export class EvaluationListResponseDto implements EvaluationListResponse {
  @ApiProperty({ type: [EvaluationResponseDto] }) results!: EvaluationResponseDto[];
  @ApiProperty({ type: [EvaluationUnitGradesDto], description: '评价结果分布: per owning unit' }) distribution!: EvaluationUnitGradesDto[];
}
