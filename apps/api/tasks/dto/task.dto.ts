import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { decisions, type Decision } from '../../../../libs/domain/index.js';

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

export class DecideDto {
  @ApiProperty({ enum: decisions, description: 'approve 同意 / reject 不同意 / send_back 退回' })
  @IsIn(decisions)
  decision!: Decision;

  @ApiPropertyOptional({ description: 'required to reject or send back' })
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  comment?: string;
}
