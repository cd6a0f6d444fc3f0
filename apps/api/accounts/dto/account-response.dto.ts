import { ApiProperty } from '@nestjs/swagger';
import { taskKinds, type TaskKind } from '../../../../libs/domain/index.js';
import { PersonResponseDto } from '../../auth/dto/auth-response.dto.js';
import { maybe, uuid, when } from '../../http/schema-options.js';
import { HandedOverWorkDto, RoleAssignmentResponseDto } from '../../org-admin/dto/upkeep.dto.js';
import type { AccountResponse, DeactivationResponse } from '../accounts.service.js';
import type { HandedOverDraft, HandedOverTask, TaskLeftOpen } from '../hand-over.service.js';

export class AccountResponseDto extends PersonResponseDto implements AccountResponse {
  @ApiProperty({ description: 'true: the next login must change the password before anything else' }) mustChangePassword!: boolean;
  @ApiProperty(maybe(when)) deactivatedAt!: string | null;
}

export class HandedOverTaskDto implements HandedOverTask {
  @ApiProperty(uuid) taskId!: string;
  @ApiProperty(maybe({ type: String, ...uuid })) projectId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty({ ...uuid, description: 'the secretary who took the step (转交)' }) toId!: string;
  @ApiProperty() toName!: string;
}

export class HandedOverDraftDto implements HandedOverDraft {
  @ApiProperty(uuid) projectId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ ...uuid, description: 'the secretary who owns the draft now' }) toId!: string;
  @ApiProperty() toName!: string;
}

export class TaskLeftOpenDto implements TaskLeftOpen {
  @ApiProperty(maybe({ type: String, ...uuid, description: 'null for a draft' })) taskId!: string | null;
  @ApiProperty(maybe({ type: String, ...uuid })) projectId!: string | null;
  @ApiProperty({ enum: [...taskKinds, 'draft'] }) kind!: TaskKind | 'draft';
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'why it stays with the person, and who else can still do it' }) reason!: string;
}

export class DeactivationResponseDto implements DeactivationResponse {
  @ApiProperty({ type: AccountResponseDto }) person!: AccountResponseDto;
  @ApiProperty({ type: [RoleAssignmentResponseDto], description: 'the roles this request ended (none when the person was deactivated earlier)' })
  endedRoles!: RoleAssignmentResponseDto[];
  @ApiProperty({ type: [HandedOverTaskDto] }) handedOver!: HandedOverTaskDto[];
  @ApiProperty({ type: [HandedOverDraftDto] }) handedOverDrafts!: HandedOverDraftDto[];
  @ApiProperty({ type: [HandedOverWorkDto], description: 'reports, evidence, self-assessments, scores and campaign reports, handed over by the workflows holding them' })
  handedOverWork!: HandedOverWorkDto[];
  @ApiProperty({ type: [TaskLeftOpenDto] }) leftOpen!: TaskLeftOpenDto[];
}
