import { ApiProperty } from '@nestjs/swagger';
import type { CampaignEntity } from '../../../../libs/db/entities/index.js';
import { reviewRatings, type CampaignUnitStatus, type ReviewRating } from '../../../../libs/domain/index.js';
import { maybe, uuid, when } from '../../http/schema-options.js';
import type { CampaignDetailResponse, CampaignResponse, CampaignUnitResponse } from '../campaigns.mappers.js';
import { CampaignRecurrenceDto, CampaignTargetsDto } from './campaign.dto.js';

/** The answers of the campaign routes, as OpenAPI schemas for the generated console client. */

const campaignStatuses = ['scheduled', 'open', 'completed', 'closed'] as const;

export class CampaignCountsDto {
  @ApiProperty() targets!: number;
  @ApiProperty() onTime!: number;
  @ApiProperty() late!: number;
  @ApiProperty({ description: 'not submitted, whether or not past due' }) missing!: number;
  @ApiProperty() overdue!: number;
}

export class CampaignScheduleDto extends CampaignRecurrenceDto {
  @ApiProperty() scheduleId!: string;
}

export class CampaignRatingDto {
  @ApiProperty({ enum: reviewRatings, enumName: 'ReviewRating' }) value!: ReviewRating;
  @ApiProperty() label!: string;
  @ApiProperty(maybe({ type: String })) comment!: string | null;
  @ApiProperty(uuid) ratedById!: string;
  @ApiProperty(maybe({ type: String })) ratedByName!: string | null;
}

export class CampaignUnitResponseDto implements CampaignUnitResponse {
  @ApiProperty(uuid) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: ['on_time', 'late', 'missing'], enumName: 'CampaignUnitStatus' }) status!: CampaignUnitStatus;
  @ApiProperty({ description: 'missing and past its due time' }) overdue!: boolean;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty(maybe({ type: String, format: 'date-time' })) submittedAt!: string | null;
  @ApiProperty(maybe({ type: String, format: 'uuid' })) submittedById!: string | null;
  @ApiProperty(maybe({ type: String })) submittedByName!: string | null;
  @ApiProperty(maybe({ type: String })) submission!: string | null;
  @ApiProperty(maybe({ type: CampaignRatingDto })) rating!: CampaignRatingDto | null;
}

export class CampaignResponseDto implements CampaignResponse {
  @ApiProperty(uuid) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: campaignStatuses, enumName: 'CampaignStatus' }) status!: CampaignEntity['status'];
  @ApiProperty(maybe(when)) dueAt!: Date | null;
  @ApiProperty(maybe(when)) closesAt!: Date | null;
  @ApiProperty(maybe({ type: String })) rule!: string | null;
  @ApiProperty(uuid) createdById!: string;
  @ApiProperty(maybe({ type: String })) createdByName!: string | null;
  @ApiProperty(when) createdAt!: Date;
  @ApiProperty(maybe(when)) closedAt!: Date | null;
  @ApiProperty(maybe({ type: String, format: 'uuid' })) templateId!: string | null;
  @ApiProperty(maybe({ type: Number })) dutyReportYear!: number | null;
  @ApiProperty(maybe({ type: CampaignScheduleDto })) recurrence!: CampaignScheduleDto | null;
  @ApiProperty({ type: CampaignCountsDto, description: 'over the units the reader can see' }) counts!: CampaignCountsDto;
}

export class CampaignRunDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty({ enum: campaignStatuses, enumName: 'CampaignStatus' }) status!: CampaignEntity['status'];
  @ApiProperty(maybe(when)) dueAt!: Date | null;
  @ApiProperty(when) createdAt!: Date;
}

export class CampaignDetailResponseDto extends CampaignResponseDto implements CampaignDetailResponse {
  @ApiProperty() instructions!: string;
  @ApiProperty({ type: CampaignTargetsDto }) targets!: CampaignTargetsDto;
  @ApiProperty({ type: [CampaignUnitResponseDto] }) units!: CampaignUnitResponseDto[];
  @ApiProperty({ type: [CampaignRunDto], description: "a recurring campaign's runs, newest first" }) runs!: CampaignRunDto[];
}
