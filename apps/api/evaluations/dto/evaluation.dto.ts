import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

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
}

export class EvaluationsQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  year?: number;
}
