import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

export class LedgerQuery {
  @ApiPropertyOptional({ description: "a unit: its whole subtree's items" })
  @IsOptional()
  @IsUUID()
  unit?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  projectId?: string;

  @ApiPropertyOptional({ enum: ['open', 'verifying', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'verifying', 'closed'])
  status?: 'open' | 'verifying' | 'closed';

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
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
