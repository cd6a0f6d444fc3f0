import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

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

  @ApiPropertyOptional({ type: Boolean, description: 'true: only items past due and not closed; false: only the others' })
  @IsOptional()
  // Query strings are text: 'true'/'false' become booleans, anything else stays as sent and fails IsBoolean by name.
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;
}

export class EvidenceDto {
  @ApiProperty({ example: '已补齐全部讲话记录，附扫描件' })
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  text!: string;
}
