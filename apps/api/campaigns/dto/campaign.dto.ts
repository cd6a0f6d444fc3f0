import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import {
  orgUnitKinds,
  recurrenceEveries,
  reviewRatings,
  type DeadlineLadder,
  type DueRule,
  type OrgUnitKind,
  type RecurrenceEvery,
  type ReminderRule,
  type ReviewRating,
} from '../../../../libs/domain/index.js';

export class CampaignTargetsDto {
  @ApiPropertyOptional({ enum: orgUnitKinds, isArray: true, example: ['branch'], description: 'units of these kinds (党委 / 党总支 / 党支部)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(orgUnitKinds.length)
  @IsIn(orgUnitKinds, { each: true })
  kinds?: OrgUnitKind[];

  @ApiPropertyOptional({ example: '生产', description: "units labelled with this category (the org unit's `category`)" })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  category?: string;

  @ApiPropertyOptional({ description: 'only this unit and the units below it' })
  @IsOptional()
  @IsUUID()
  subtreeId?: string;
}

export class CampaignRecurrenceDto {
  @ApiProperty({ enum: recurrenceEveries, description: 'quarterly: 09:00 Beijing time on 1 Jan/Apr/Jul/Oct; annual: 09:00 on 1 January' })
  @IsIn(recurrenceEveries)
  every!: RecurrenceEvery;

  @ApiProperty({ example: '7d', description: 'how late a run missed while Temporal was unavailable may still start (1m to 365d); older ones are skipped' })
  @IsString()
  @MaxLength(20)
  catchupWindow!: string;
}

/**
 * The shapes are checked here; how the fields fit together (one of dueRule and dueAt, reminders only with a rule,
 * the ladder's rungs) by `campaignErrors` in libs/domain, which names every problem at once.
 */
export class CreateCampaignDto {
  @ApiProperty({ example: '2026年度党支部书记抓基层党建述职述责' })
  @IsString()
  @MaxLength(200)
  title!: string;

  @ApiProperty({ example: '请按附件模板撰写述职述责报告，经支委会讨论后报送。' })
  @IsString()
  @MaxLength(5000)
  instructions!: string;

  @ApiProperty({ type: CampaignTargetsDto, description: 'which units are asked: every criterion given must hold' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CampaignTargetsDto)
  targets!: CampaignTargetsDto;

  @ApiPropertyOptional({
    example: { kind: 'working_days_after', days: 10, at: '17:30' },
    description: 'working_days_after {days, at} or nth_working_day_of_next_month {n, at}, counted from the day the campaign is issued',
  })
  @IsOptional()
  @IsObject()
  dueRule?: DueRule;

  @ApiPropertyOptional({ example: '2026-12-31T17:30:00+08:00', description: 'a fixed due time instead of a rule (not for recurring campaigns)' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  dueAt?: string;

  @ApiPropertyOptional({ example: [{ workingDaysBefore: 3, at: '09:00' }], description: 'reminders on working day T−k, with a due rule' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  remindOn?: ReminderRule[];

  @ApiPropertyOptional({
    example: { remindBefore: ['1d'], escalate: [{ after: '1h', to: 'owner' }, { after: '1d', to: 'parent_unit_secretary' }] },
    description: '分级督办 ladder; default: remind 1 d before, then the secretaries 1 h after, the unit above after 1 d, the committee after 3 d',
  })
  @IsOptional()
  @IsObject()
  ladder?: DeadlineLadder;

  @ApiPropertyOptional({ type: CampaignRecurrenceDto, description: 'issue the campaign again every quarter or year, from a Temporal Schedule' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CampaignRecurrenceDto)
  recurrence?: CampaignRecurrenceDto;

  @ApiPropertyOptional({ description: '述职述责: the year whose secretaries\' duty reports this collects; the committee\'s rating of each caps 优秀 (双评双优)', example: 2026 })
  @IsOptional()
  @IsInt()
  dutyReportYear?: number;

  @ApiPropertyOptional({
    example: '30d',
    description: 'how long after the due time reports are still taken (1s to 365d, default 30d); then the campaign closes and the units still missing are marked missing',
  })
  @IsOptional()
  @IsString()
  closeAfter?: string;
}

export class CampaignUnitParams {
  @IsUUID()
  id!: string;

  @IsUUID()
  unitId!: string;
}

/** The committee's rating of a unit's report: 好 good, 较好 fair, 一般 average, 差 poor. */
export class RateCampaignReportDto {
  @ApiProperty({ enum: reviewRatings })
  @IsIn(reviewRatings)
  rating!: ReviewRating;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  comment?: string;
}

export class SubmitCampaignReportDto {
  @ApiProperty({ description: 'the target unit reporting; the submitter must be one of its secretaries' })
  @IsUUID()
  unitId!: string;

  @ApiProperty({ example: '一、履行管党治党责任情况……' })
  @IsString()
  @MinLength(1)
  @MaxLength(50_000)
  text!: string;
}
