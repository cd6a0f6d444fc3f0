import { ApiProperty } from '@nestjs/swagger';
import type { NoticeKind } from '../../../../libs/domain/index.js';
import type { NoticeResponse, UndeliveredResponse } from '../notices.mappers.js';

export class NoticeResponseDto implements NoticeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, example: 'task_assigned' }) kind!: NoticeKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) projectId!: string | null;
  @ApiProperty() subject!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ enum: ['pending', 'sent', 'failed', 'in_digest'], description: 'whether the mail went out; the notice stands in the inbox either way' })
  mail!: NoticeResponse['mail'];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt!: Date | null;
}

export class UndeliveredNoticeResponseDto implements UndeliveredResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, example: 'task_assigned' }) kind!: NoticeKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) projectId!: string | null;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: ['pending', 'sent', 'failed', 'in_digest'] }) mail!: UndeliveredResponse['mail'];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ format: 'uuid' }) recipientId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, nullable: true, description: "the mail server's last answer" }) lastError!: string | null;
}
