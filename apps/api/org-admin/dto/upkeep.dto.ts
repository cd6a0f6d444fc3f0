import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { orgUnitKinds, roles, taskKinds, type OrgUnitKind, type Role } from '../../../../libs/domain/index.js';
import type { HandedOverWork, HeldWorkKind } from '../../accounts/hand-over.service.js';
import { maybe, uuid, when } from '../../http/schema-options.js';
import { CreatePersonDto } from '../../org/dto/org.dto.js';

export const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export class RenameOrgUnitDto {
  @ApiProperty({ example: '一车间党支部' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;
}

export class MoveOrgUnitDto {
  @ApiProperty({ description: 'the new unit above (not a branch, not this unit or one below it)' })
  @IsUUID()
  parentId!: string;
}

/** 编辑人员: the name and the e-mail, checked as when the person was added. */
export class UpdatePersonDto extends PickType(CreatePersonDto, ['name', 'email'] as const) {}

export class RoleTermsQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only terms in force now; default every term, past ones too' })
  @IsOptional()
  @IsIn(['true', 'false'])
  current?: 'true' | 'false';
}

export const termRoles = ['secretary', 'member'] as const satisfies readonly Role[];
export type TermRole = (typeof termRoles)[number];

export class TermChangeDto {
  @ApiProperty({ enum: termRoles, description: 'the post handed on: secretary 书记 or member 委员' })
  @IsIn(termRoles)
  role!: TermRole;

  @ApiProperty({ description: 'who leaves the post (holds it now)' })
  @IsUUID()
  fromPersonId!: string;

  @ApiProperty({ description: 'the successor' })
  @IsUUID()
  toPersonId!: string;

  @ApiProperty({ example: '2026-03-01', description: 'the day the successor takes over (Beijing time); today or earlier' })
  @Matches(isoDate)
  effectiveOn!: string;
}

export class OrgUnitResponseDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: orgUnitKinds, enumName: 'OrgUnitKind', description: 'committee 党委 / general_branch 党总支 / branch 党支部' }) kind!: OrgUnitKind;
  @ApiProperty(maybe({ type: String, ...uuid })) parentId!: string | null;
  @ApiProperty(maybe({ type: String })) category!: string | null;
  @ApiProperty(maybe({ ...when, description: '撤销: when the unit was closed' })) closedAt!: string | null;
}

export class RoleAssignmentResponseDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty(uuid) personId!: string;
  @ApiProperty(maybe({ type: String, ...uuid, description: 'null: organisation-wide (admins, auditors)' })) orgUnitId!: string | null;
  @ApiProperty({ enum: roles, enumName: 'Role' }) role!: Role;
  @ApiProperty(when) validFrom!: string;
  @ApiProperty(maybe({ ...when, description: 'null while the term is open' })) validUntil!: string | null;
}

export class RoleTermResponseDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty(uuid) personId!: string;
  @ApiProperty() personName!: string;
  @ApiProperty(maybe({ type: String, ...uuid })) orgUnitId!: string | null;
  @ApiProperty(maybe({ type: String })) orgUnitName!: string | null;
  @ApiProperty({ enum: roles, enumName: 'Role' }) role!: Role;
  @ApiProperty(when) validFrom!: string;
  @ApiProperty(maybe({ ...when, description: 'null while the term is open' })) validUntil!: string | null;
}

export class MovedTaskDto {
  @ApiProperty(uuid) taskId!: string;
  @ApiProperty(maybe({ type: String, ...uuid })) projectId!: string | null;
  @ApiProperty() title!: string;
}

export class StepLeftWithLeaverDto {
  @ApiProperty(maybe({ type: String, ...uuid, description: 'null: no open task of it (a project owing no report now, or a chain whose new holder still decides a level)' }))
  taskId!: string | null;
  @ApiProperty(maybe({ type: String, ...uuid })) projectId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'why it stays with the leaver, in words an administrator can act on' }) reason!: string;
}

/** 移交 of work a running workflow holds (a deactivation's or a term change's). */
export class HandedOverWorkDto implements HandedOverWork {
  @ApiProperty({ enum: taskKinds.filter((k) => k !== 'approval'), description: "report: a project's owner and the reports it still owes" }) kind!: HeldWorkKind;
  @ApiProperty(maybe({ type: String, ...uuid })) projectId!: string | null;
  @ApiProperty(maybe({ type: String, ...uuid })) campaignId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [String], description: 'the open tasks the taker now holds for it' }) taskIds!: string[];
  @ApiProperty({ ...uuid, description: 'who took the work (移交)' }) toId!: string;
  @ApiProperty() toName!: string;
}

export class TermChangePlacesDto {
  @ApiProperty({ example: 'approval-launch-…-r1' }) workflowId!: string;
  @ApiProperty(maybe({ type: String, ...uuid })) projectId!: string | null;
}

export class TermChangeResponseDto {
  @ApiProperty({ type: RoleTermResponseDto, description: "the leaver's term, now ended" }) ended!: RoleTermResponseDto;
  @ApiProperty({ type: RoleTermResponseDto, description: "the successor's term" }) started!: RoleTermResponseDto;
  @ApiProperty({ type: [MovedTaskDto], description: 'open approval steps now with the successor' }) moved!: MovedTaskDto[];
  @ApiProperty({ type: [HandedOverWorkDto], description: "the leaver's other open work of the unit and below, now with the successor" }) movedWork!: HandedOverWorkDto[];
  @ApiProperty({ type: [StepLeftWithLeaverDto] }) leftOpen!: StepLeftWithLeaverDto[];
  @ApiProperty({ type: [TermChangePlacesDto], description: "approval chains whose levels not yet opened named the leaver at this unit: those places are now the successor's" })
  places!: TermChangePlacesDto[];
}
