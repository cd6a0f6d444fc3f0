import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { severities, type Severity } from '../../../../libs/domain/index.js';

export class LedgerQuery {
  @ApiPropertyOptional({ description: "a unit: its whole subtree's items" })
  @IsOptional()
  @IsUUID()
  unit?: string;

  @ApiPropertyOptional({ description: "one project's items" })
  @IsOptional()
  @IsUUID()
  projectId?: string;

  @ApiPropertyOptional({ enum: ['open', 'verifying', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'verifying', 'closed'])
  status?: 'open' | 'verifying' | 'closed';

  @ApiPropertyOptional({ enum: severities })
  @IsOptional()
  @IsIn(severities)
  severity?: Severity;

  @ApiPropertyOptional({ description: 'items this person owes, as party or business owner' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional({ description: "the projects' year", example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ default: 1, description: 'page of the list (the total is in X-Total-Count); the CSV export takes no page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize?: number;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only items past due and not closed; false: only the others' })
  @IsOptional()
  // Query strings are text: 'true'/'false' become booleans, anything else stays as sent and fails IsBoolean by name.
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;
}

export class FileParams {
  @IsUUID()
  id!: string;

  @IsUUID()
  fileId!: string;
}

export class EvidenceDto {
  @ApiProperty({ example: '已补齐全部讲话记录，附扫描件' })
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  text!: string;
}
