import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import type { DaySource } from '../../../../libs/domain/index.js';
import type { WorkdaysResponse } from '../calendar.service.js';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

const date = /^\d{4}-\d{2}-\d{2}$/;

export class WorkdaysQuery {
  @ApiProperty({ example: '2026-09-28' })
  @Matches(date)
  from!: string;

  @ApiProperty({ example: '2026-10-13' })
  @Matches(date)
  to!: string;
}

export class OverrideDto {
  @ApiProperty({ example: '2027-10-01' })
  @Matches(date)
  date!: string;

  @ApiProperty({ enum: ['holiday', 'workday'] })
  @IsIn(['holiday', 'workday'])
  kind!: 'holiday' | 'workday';

  @ApiPropertyOptional({ example: '国庆节' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class PutOverridesDto {
  @ApiProperty({ type: [OverrideDto], description: 'the whole set of overrides: days not listed follow the published calendar' })
  @IsArray()
  @ArrayMaxSize(2_000)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => OverrideDto)
  overrides!: OverrideDto[];
}

export class CalendarDayDto {
  @ApiProperty({ example: '2026-10-10' }) date!: string;
  @ApiProperty() working!: boolean;
  @ApiProperty({ enum: ['override', 'published', 'weekday', 'weekend', 'not_covered'], enumName: 'CalendarDaySource', description: 'why the day reads as it does' })
  source!: DaySource;
}

export class CalendarYearDto {
  @ApiProperty() year!: number;
  @ApiProperty({ description: 'published arrangements or overrides cover it; otherwise it reads as weekends only' }) covered!: boolean;
}

export class CalendarWorkdaysResponseDto implements WorkdaysResponse {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ type: [CalendarDayDto] }) days!: CalendarDayDto[];
  @ApiProperty({ type: [CalendarYearDto] }) years!: CalendarYearDto[];
  @ApiProperty({ type: String, nullable: true, description: 'set when part of the range is read as weekends only' }) warning!: string | null;
}
