import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { OptionalQueryYear } from '../../http/query-number.decorator.js';
import {
  isMeasurableTarget,
  measurableTargetRule,
  projectKinds,
  projectStatuses,
  severities,
  type FindingSource,
  type ProjectKind,
  type ProjectStatus,
  type Severity,
} from '../../../../libs/domain/index.js';

/** 能量化、可考核, on create and on resubmit alike (a missing or non-string target is IsString's to name). */
const IsMeasurableTarget = () =>
  ValidateBy({
    name: 'isMeasurableTarget',
    validator: { validate: (value: unknown) => typeof value !== 'string' || isMeasurableTarget(value), defaultMessage: () => `$property ${measurableTargetRule}` },
  });

export class GoalDto {
  @ApiProperty({ example: '设备隐患排查整改' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @ApiProperty({ example: '≥ 40 项', description: '能量化、可考核: a measurable target (a number with its unit, a date or a count)' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @IsMeasurableTarget()
  target!: string;
}

export class CreateProjectDto {
  @ApiProperty({ example: '安全生产党员先锋岗' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @ApiProperty({ enum: projectKinds })
  @IsIn(projectKinds)
  kind!: ProjectKind;

  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ description: 'the owning unit, usually a branch' })
  @IsUUID()
  orgUnitId!: string;

  @ApiProperty({ type: [GoalDto], description: 'at least one measurable goal (能量化、可考核)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => GoalDto)
  goals!: GoalDto[];

  @ApiPropertyOptional({ type: [String], description: '联建共建: the other units owning the project; their secretaries sign its launch (required for joint_building)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID(undefined, { each: true })
  coOwningUnitIds?: string[];
}

export class SubmitProjectDto {
  @ApiPropertyOptional({ type: [String], description: '抄送: people told of the launch decision' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID(undefined, { each: true })
  ccIds?: string[];
}

export class WithdrawProjectDto {
  @ApiPropertyOptional({ description: 'why the project is withdrawn (撤回)' })
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  comment?: string;
}

export class ResubmitProjectDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ type: [GoalDto], description: 'replaces all goals when given' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => GoalDto)
  goals?: GoalDto[];
}

export class ListProjectsQuery {
  @OptionalQueryYear()
  year?: number;

  @ApiPropertyOptional({ description: "a unit: its whole subtree's projects" })
  @IsOptional()
  @IsUUID()
  unit?: string;

  @ApiPropertyOptional({ enum: projectStatuses })
  @IsOptional()
  @IsIn(projectStatuses)
  status?: ProjectStatus;

  @ApiPropertyOptional({ enum: projectKinds })
  @IsOptional()
  @IsIn(projectKinds)
  kind?: ProjectKind;

  @ApiPropertyOptional({ enum: ['me'], description: '我发起的: only the projects I own (and so submitted)' })
  @IsOptional()
  @IsIn(['me'])
  owner?: 'me';

  @ApiPropertyOptional({ description: 'administrators only: true lists the projects whose year waits for an administrator (POST /projects/:id/resume)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  attention?: boolean;
}

export class SubmitReportDto {
  @ApiProperty({ minimum: 1, maximum: 4 })
  @IsInt()
  @Min(1)
  @Max(4)
  quarter!: number;

  @ApiProperty({ description: '一次查、双向评: party-building work and business contribution of the quarter' })
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  content!: string;
}

/** One entry on the rectification list (整改清单), with its two owners (一岗双责). */
export class RectificationItemDto {
  @ApiProperty({ example: '限期补齐记录并提交佐证' })
  @IsString()
  @MinLength(1)
  @MaxLength(2_000)
  measures!: string;

  @ApiProperty({ description: '一岗双责: the party-building owner' })
  @IsUUID()
  partyOwnerId!: string;

  @ApiProperty({ description: '一岗双责: the business owner' })
  @IsUUID()
  businessOwnerId!: string;
}

/** A finding (问题清单) with its items: `items`, or a single item's fields at the top level. */
export class RaiseFindingDto {
  @ApiProperty({ example: '班前安全讲话记录不全' })
  @IsString()
  @MinLength(1)
  @MaxLength(2_000)
  description!: string;

  @ApiProperty({ enum: severities })
  @IsIn(severities)
  severity!: Severity;

  @ApiPropertyOptional({ enum: ['committee', 'audit'], description: "absent: a quarterly review's finding, by its reviewer; committee (党委检查) or audit (审计检查): raised by the committee above the project" })
  @IsOptional()
  @IsIn(['committee', 'audit'])
  source?: Exclude<FindingSource, 'review'>;

  @ApiPropertyOptional({ type: [RectificationItemDto], description: 'one to twenty items, each with its measures and both owners' })
  @ValidateIf((dto: RaiseFindingDto) => dto.items !== undefined || dto.measures === undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RectificationItemDto)
  items?: RectificationItemDto[];

  @ApiPropertyOptional({ description: 'a single item: its measures (instead of `items`)' })
  @ValidateIf((dto: RaiseFindingDto) => dto.items === undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(2_000)
  measures?: string;

  @ApiPropertyOptional({ description: 'a single item: its party-building owner' })
  @ValidateIf((dto: RaiseFindingDto) => dto.items === undefined)
  @IsUUID()
  partyOwnerId?: string;

  @ApiPropertyOptional({ description: 'a single item: its business owner' })
  @ValidateIf((dto: RaiseFindingDto) => dto.items === undefined)
  @IsUUID()
  businessOwnerId?: string;
}

export class SelfAssessmentDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  summary!: string;
}
