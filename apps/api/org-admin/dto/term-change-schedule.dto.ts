import { ApiProperty, PickType } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import { termChangeStatuses, type TermChangeStatus } from '../../../../libs/db/entities/term-change-schedule.entity.js';
import { maybe, uuid, when } from '../../http/schema-options.js';
import { HandedOverWorkDto, MovedTaskDto, StepLeftWithLeaverDto, TermChangeDto, TermChangePlacesDto, termRoles, type TermRole } from './upkeep.dto.js';

/** 预约换届: the post, the leaver and the successor as for a change made now, at a moment to come. */
export class ScheduleTermChangeDto extends PickType(TermChangeDto, ['role', 'fromPersonId', 'toPersonId'] as const) {
  @ApiProperty({ example: '2027-01-01T00:00:00+08:00', description: 'the moment the successor takes over, in the future (a day: its 00:00 Beijing time)' })
  @IsISO8601({ strict: true })
  effectiveAt!: string;
}

export class TermChangeScheduleResponseDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty(uuid) orgUnitId!: string;
  @ApiProperty() orgUnitName!: string;
  @ApiProperty({ enum: termRoles }) role!: TermRole;
  @ApiProperty(uuid) fromPersonId!: string;
  @ApiProperty() fromPersonName!: string;
  @ApiProperty(uuid) toPersonId!: string;
  @ApiProperty() toPersonName!: string;
  @ApiProperty(when) effectiveAt!: string;
  @ApiProperty({
    enum: termChangeStatuses,
    enumName: 'TermChangeStatus',
    description: 'scheduled (waiting), applied (terms changed, work being handed on), done, cancelled, failed (the posts were no longer as scheduled)',
  })
  status!: TermChangeStatus;
  @ApiProperty(uuid) scheduledBy!: string;
  @ApiProperty(when) createdAt!: string;
  @ApiProperty(maybe({ ...when, description: 'when it was carried out, cancelled or found impossible' })) settledAt!: string | null;
  @ApiProperty({ type: [MovedTaskDto], description: 'open approval steps handed to the successor' }) moved!: MovedTaskDto[];
  @ApiProperty({ type: [HandedOverWorkDto], description: "the leaver's other open work of the unit and below, handed to the successor as a 换届 made now hands it" })
  movedWork!: HandedOverWorkDto[];
  @ApiProperty({ type: [StepLeftWithLeaverDto] }) leftOpen!: StepLeftWithLeaverDto[];
  @ApiProperty({ type: [TermChangePlacesDto], description: "chains whose levels not yet opened named the leaver: those places went to the successor" }) places!: TermChangePlacesDto[];
  @ApiProperty(maybe({ type: String, description: 'why a failed change was not made' })) reason!: string | null;
}
