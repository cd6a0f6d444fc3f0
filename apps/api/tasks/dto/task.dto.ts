import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { addPositions, decisions, reviewRatings, type AddPosition, type Decision, type ReviewRating } from '../../../../libs/domain/index.js';

export class ListTasksQuery {
  @ApiPropertyOptional({ enum: ['me'], default: 'me' })
  @IsOptional()
  @IsIn(['me'])
  assignee?: 'me';

  @ApiPropertyOptional({ enum: ['open', 'done'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'done'])
  status?: 'open' | 'done';
}

/** 一次查、双向评: 好 good, 较好 fair, 一般 average, 差 poor. */
export class ReviewRatingsDto {
  @ApiProperty({ enum: reviewRatings, description: '党建 side' })
  @IsIn(reviewRatings)
  partyBuilding!: ReviewRating;

  @ApiProperty({ enum: reviewRatings, description: '业务 side' })
  @IsIn(reviewRatings)
  business!: ReviewRating;
}

export class DecideDto {
  @ApiProperty({ enum: decisions, description: 'approve 同意 / reject 不同意 / send_back 退回提交人 / send_back_previous 退回上一级' })
  @IsIn(decisions)
  decision!: Decision;

  @ApiPropertyOptional({ description: 'required to reject or send back' })
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  comment?: string;

  @ApiPropertyOptional({ type: ReviewRatingsDto, description: 'required to accept a quarterly report (一次查、双向评), refused on other steps' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ReviewRatingsDto)
  ratings?: ReviewRatingsDto;
}

export class DelegateDto {
  @ApiProperty({ description: 'who decides instead of me (转交)' })
  @IsUUID()
  toId!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  comment?: string;
}

export class AddApproverDto {
  @ApiProperty({ description: 'who is added (加签)' })
  @IsUUID()
  personId!: string;

  @ApiProperty({ enum: addPositions, description: 'before me (they decide first), after me, or alongside me in a 会签/或签 level' })
  @IsIn(addPositions)
  position!: AddPosition;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  comment?: string;
}

export class MeetingDto {
  @ApiProperty({ example: '2026-03-05', description: 'the day the committee met' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  heldOn!: string;

  @ApiProperty({ type: [String], description: 'the committee members present (the submitter withdraws and is not among them)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID(undefined, { each: true })
  attendeeIds!: string[];

  @ApiProperty({ example: 5 })
  @IsInt()
  @Min(0)
  votesFor!: number;

  @ApiProperty({ example: 0 })
  @IsInt()
  @Min(0)
  votesAgainst!: number;

  @ApiProperty({ example: 0 })
  @IsInt()
  @Min(0)
  abstentions!: number;

  @ApiProperty({ example: '党委会纪要〔2026〕5号' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  minutesRef!: string;
}

export class RecordMeetingDto {
  @ApiProperty({ type: MeetingDto })
  @IsObject()
  @ValidateNested()
  @Type(() => MeetingDto)
  meeting!: MeetingDto;

  @ApiPropertyOptional({ description: 'the committee\'s opinion as minuted' })
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  comment?: string;
}
