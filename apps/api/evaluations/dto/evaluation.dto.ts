import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { OptionalQueryYear } from '../../http/query-number.decorator.js';

const dimension = (label: string) => ApiProperty({ minimum: 0, maximum: 25, description: label });

export class ScoreDto {
  @dimension('政治执行力 political execution')
  @IsNumber()
  @Min(0)
  @Max(25)
  politicalExecution!: number;

  @dimension('组织落实力 organisational delivery')
  @IsNumber()
  @Min(0)
  @Max(25)
  organisationalDelivery!: number;

  @dimension('堡垒作用力 the branch as a fortress')
  @IsNumber()
  @Min(0)
  @Max(25)
  fortressRole!: number;

  @dimension('责任担当力 responsibility')
  @IsNumber()
  @Min(0)
  @Max(25)
  responsibility!: number;

  @ApiProperty({ description: 'written justification (评分说明)' })
  @IsString()
  @MinLength(1)
  @MaxLength(5_000)
  comment!: string;

  @ApiPropertyOptional({ description: '创新加分 proposed, 0 to the year\'s cap (5 under score-v2); the evaluators\' proposals are averaged' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(10)
  bonus?: number;

  @ApiPropertyOptional({ description: 'why the bonus: required with any bonus above 0' })
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  bonusJustification?: string;
}

export class EvaluationsQuery {
  @OptionalQueryYear()
  year?: number;

  @ApiPropertyOptional({ description: "a unit: its whole subtree's results" })
  @IsOptional()
  @IsUUID()
  unit?: string;
}
