import { ApiProperty } from '@nestjs/swagger';
import type { DeadlineState } from '../../../../workflows/deadline.messages.js';
import { DeadlineEventDto } from '../../projects/dto/project-response.dto.js';
import { maybe } from '../../http/schema-options.js';

/** A due date as its workflow sees it right after a request for more time (延期). */
export class DeadlineStateResponseDto {
  @ApiProperty() ref!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ enum: ['open', 'overdue', 'met', 'late'] }) status!: DeadlineState['status'];
  @ApiProperty(maybe({ type: String, format: 'date-time' })) submittedAt!: string | null;
  @ApiProperty({ type: [String], description: 'rungs already fired: reminder:0, overdue:0, escalation:0 …' }) fired!: string[];
  @ApiProperty({ type: [DeadlineEventDto], required: false, description: 'pauses, resumptions and extensions, oldest first' }) events?: DeadlineEventDto[];
}
