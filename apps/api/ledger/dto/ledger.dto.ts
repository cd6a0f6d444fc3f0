import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { OptionalQueryInt, OptionalQueryYear } from '../../http/query-number.decorator.js';
import { itemStatuses, severities, type ItemStatus, type Severity } from '../../../../libs/domain/index.js';

export class LedgerQuery {
  @ApiPropertyOptional({ description: "a unit: its whole subtree's items" })
  @IsOptional()
  @IsUUID()
  unit?: string;

  @ApiPropertyOptional({ description: "one project's items" })
  @IsOptional()
  @IsUUID()
  projectId?: string;

  @ApiPropertyOptional({ enum: itemStatuses })
  @IsOptional()
  @IsIn(itemStatuses)
  status?: ItemStatus;

  @ApiPropertyOptional({ enum: severities })
  @IsOptional()
  @IsIn(severities)
  severity?: Severity;

  @ApiPropertyOptional({ description: 'items this person owes, as party or business owner' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @OptionalQueryYear({ description: "the projects' year" })
  year?: number;

  // A million pages of 500 is far past any ledger, and keeps the offset a safe integer.
  @OptionalQueryInt(1, 1_000_000, { default: 1, description: 'page of the list (the total is in X-Total-Count); the CSV export takes no page' })
  page?: number;

  @OptionalQueryInt(1, 500, { default: 100 })
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
