import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class DeadlineRefParam {
  /** Refs are Tandem's own business ids (report-<uuid>-q1, rectification-<uuid>-r2 …): letters, digits and dashes. */
  @Matches(/^[a-z0-9-]{1,200}$/)
  ref!: string;
}

export class RequestExtensionDto {
  @ApiProperty({ description: 'the new due date asked for, an ISO date-time with its zone', example: '2026-12-31T17:30:00+08:00' })
  @IsISO8601({ strict: true })
  until!: string;

  @ApiProperty({ description: 'why more time is needed; the approver decides on it' })
  @IsString()
  @MinLength(1)
  @MaxLength(2_000)
  reason!: string;
}
