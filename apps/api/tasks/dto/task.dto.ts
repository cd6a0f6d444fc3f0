import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { addPositions, decisions, type AddPosition, type Decision } from '../../../../libs/domain/index.js';

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
