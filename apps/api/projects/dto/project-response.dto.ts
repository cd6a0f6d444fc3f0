import { ApiProperty } from '@nestjs/swagger';
import {
  approvalPurposes,
  decisions,
  levelModes,
  projectKinds,
  projectStatuses,
  reviewRatings,
  severities,
  findingSources,
  grades,
  itemStatuses,
  taskKinds,
  taskStatuses,
  type ApprovalPurpose,
  type Decision,
  type LevelMode,
  type ProjectKind,
  type ProjectStatus,
  type ReviewRating,
  type Severity,
  type FindingSource,
  type Grade,
  type ItemStatus,
  type TaskKind,
  type TaskStatus,
} from '../../../../libs/domain/index.js';
import type { ApprovalChainResponse, ApprovalStepResponse, DecisionResponse } from '../../tasks/approval-chains.mappers.js';
import type { ProjectResponse } from '../projects.mappers.js';
import { maybe, uuid, when } from '../../http/schema-options.js';

/**
 * The answers of the project routes, as OpenAPI schemas for the generated console client. Each class implements
 * the mapper's type, so a field added to a mapper and not here fails to compile.
 */

export class GoalDto {
  @ApiProperty() title!: string;
  @ApiProperty({ description: '能量化、可考核: a number with its unit, a date or a count' }) target!: string;
}

export class UnitRefDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty(maybe({ type: String })) name!: string | null;
}

export class AttentionDto {
  @ApiProperty() step!: string;
  @ApiProperty() reason!: string;
  @ApiProperty(when) since!: Date;
}

export class ProjectResponseDto implements ProjectResponse {
  @ApiProperty(uuid) id!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ enum: projectKinds, enumName: 'ProjectKind' }) kind!: ProjectKind;
  @ApiProperty({ example: '党员先锋岗' }) kindLabel!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [GoalDto] }) goals!: GoalDto[];
  @ApiProperty(uuid) orgUnitId!: string;
  @ApiProperty(maybe({ type: String })) orgUnitName!: string | null;
  @ApiProperty({ type: [UnitRefDto], description: '联建共建: the units owning the project with its own' }) coOwningUnits!: UnitRefDto[];
  @ApiProperty(uuid) ownerId!: string;
  @ApiProperty(maybe({ type: String })) ownerName!: string | null;
  @ApiProperty({ enum: projectStatuses, enumName: 'ProjectStatus' }) status!: ProjectStatus;
  @ApiProperty({ example: '立项审批中' }) statusLabel!: string;
  @ApiProperty({ description: 'due dates passed with the work still missing' }) overdueCount!: number;
  @ApiProperty(maybe({ type: String })) policyVersion!: string | null;
  @ApiProperty(maybe({ type: AttentionDto, description: 'set while the year waits for an administrator' })) attention!: AttentionDto | null;
  @ApiProperty(when) createdAt!: Date;
  @ApiProperty(when) updatedAt!: Date;
}

export class MeetingRecordDto {
  @ApiProperty({ example: '2026-03-05' }) heldOn!: string;
  @ApiProperty({ type: [String] }) attendeeIds!: string[];
  @ApiProperty() votesFor!: number;
  @ApiProperty() votesAgainst!: number;
  @ApiProperty() abstentions!: number;
  @ApiProperty() minutesRef!: string;
}

export class ReviewRatingsResponseDto {
  @ApiProperty({ enum: reviewRatings, enumName: 'ReviewRating' }) partyBuilding!: ReviewRating;
  @ApiProperty({ enum: reviewRatings, enumName: 'ReviewRating' }) business!: ReviewRating;
}

export class DecisionResponseDto implements DecisionResponse {
  @ApiProperty({ enum: decisions, enumName: 'Decision' }) decision!: Decision;
  @ApiProperty(maybe({ type: String })) comment!: string | null;
  @ApiProperty(uuid) actorId!: string;
  @ApiProperty(maybe({ type: String })) actorName!: string | null;
  @ApiProperty(when) decidedAt!: Date;
  @ApiProperty(maybe({ type: MeetingRecordDto })) meeting!: MeetingRecordDto | null;
  @ApiProperty(maybe({ type: ReviewRatingsResponseDto })) ratings!: ReviewRatingsResponseDto | null;
}

export class ApprovalStepResponseDto implements ApprovalStepResponse {
  @ApiProperty(uuid) taskId!: string;
  @ApiProperty(maybe({ type: Number })) level!: number | null;
  @ApiProperty(maybe({ type: String })) levelUnitName!: string | null;
  @ApiProperty(maybe({ enum: levelModes, enumName: 'LevelMode' })) levelMode!: LevelMode | null;
  @ApiProperty(uuid) assigneeId!: string;
  @ApiProperty(maybe({ type: String })) assigneeName!: string | null;
  @ApiProperty({ enum: taskStatuses, enumName: 'TaskStatus' }) status!: TaskStatus;
  @ApiProperty(maybe(when)) dueAt!: Date | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty(maybe({ type: String, description: 'approve / reject / send_back, or how the step was otherwise closed (delegated, superseded …)' }))
  outcome!: string | null;
  @ApiProperty(when) openedAt!: Date;
  @ApiProperty(maybe(when)) closedAt!: Date | null;
  @ApiProperty({ type: [DecisionResponseDto] }) decisions!: DecisionResponseDto[];
  @ApiProperty(maybe({ ...when, description: "催办: when the submitter last nudged this step's approver (read on a project's page; null in task answers)" })) lastNudgedAt!: Date | null;
}

export class ApprovalChainResponseDto implements ApprovalChainResponse {
  @ApiProperty() ref!: string;
  @ApiProperty(maybe({ enum: approvalPurposes, enumName: 'ApprovalPurpose' })) purpose!: ApprovalPurpose | null;
  @ApiProperty(maybe({ type: String })) purposeLabel!: string | null;
  @ApiProperty({ type: [ApprovalStepResponseDto] }) steps!: ApprovalStepResponseDto[];
}

export class RatingsWithLabelsDto extends ReviewRatingsResponseDto {
  @ApiProperty() partyBuildingLabel!: string;
  @ApiProperty() businessLabel!: string;
}

export class ReportResponseDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty() quarter!: number;
  @ApiProperty() round!: number;
  @ApiProperty() content!: string;
  @ApiProperty(uuid) submittedBy!: string;
  @ApiProperty(maybe({ type: String })) submittedByName!: string | null;
  @ApiProperty(when) submittedAt!: Date;
  @ApiProperty(maybe(when)) dueAt!: Date | null;
  @ApiProperty() late!: boolean;
  @ApiProperty({ enum: ['submitted', 'accepted', 'sent_back'] }) status!: 'submitted' | 'accepted' | 'sent_back';
  @ApiProperty(maybe({ type: RatingsWithLabelsDto })) ratings!: RatingsWithLabelsDto | null;
}

export class AccountableDto {
  @ApiProperty(when) since!: Date;
  @ApiProperty({ type: [String] }) ownerIds!: string[];
}

export class RectificationItemResponseDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty(uuid) findingId!: string;
  @ApiProperty(uuid) projectId!: string;
  @ApiProperty() measures!: string;
  @ApiProperty(uuid) partyOwnerId!: string;
  @ApiProperty(maybe({ type: String })) partyOwnerName!: string | null;
  @ApiProperty(uuid) businessOwnerId!: string;
  @ApiProperty(maybe({ type: String })) businessOwnerName!: string | null;
  @ApiProperty({ enum: itemStatuses }) status!: ItemStatus;
  @ApiProperty() round!: number;
  @ApiProperty(maybe(when)) dueAt!: Date | null;
  @ApiProperty(maybe(when)) firstDueAt!: Date | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty(maybe(when)) closedAt!: Date | null;
  @ApiProperty(maybe({ type: Boolean })) closedOnTime!: boolean | null;
  @ApiProperty(maybe({ type: AccountableDto, description: '双问责: both owners, accountable since the item first went overdue' })) accountable!: AccountableDto | null;
}

export class FindingResponseDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: severities, enumName: 'Severity' }) severity!: Severity;
  @ApiProperty({ enum: findingSources, enumName: 'FindingSource' }) source!: FindingSource;
  @ApiProperty() sourceLabel!: string;
  @ApiProperty(uuid) raisedBy!: string;
  @ApiProperty(maybe({ type: String })) raisedByName!: string | null;
  @ApiProperty(when) raisedAt!: Date;
  @ApiProperty({ type: [RectificationItemResponseDto] }) items!: RectificationItemResponseDto[];
}

export class DeadlineEventDto {
  @ApiProperty({ example: 'extended' }) kind!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty(maybe({ type: String, format: 'uuid' })) actorId!: string | null;
  @ApiProperty(maybe({ type: String })) reason!: string | null;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
}

export class DeadlineResponseDto {
  @ApiProperty() ref!: string;
  @ApiProperty({ enum: taskKinds, enumName: 'TaskKind' }) kind!: TaskKind;
  @ApiProperty() title!: string;
  @ApiProperty(when) dueAt!: Date;
  @ApiProperty(maybe({ type: String, description: 'the working-day rule that produced the due date, in words' })) rule!: string | null;
  @ApiProperty({ enum: ['open', 'overdue', 'met', 'late'] }) status!: 'open' | 'overdue' | 'met' | 'late';
  @ApiProperty(maybe(when)) submittedAt!: Date | null;
  @ApiProperty({ type: [DeadlineEventDto], description: 'pauses, resumptions and extensions (延期), oldest first' }) events!: DeadlineEventDto[];
}

export class EvaluationSummaryDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty({ enum: ['self_assessment', 'scoring', 'done'] }) status!: 'self_assessment' | 'scoring' | 'done';
  @ApiProperty(maybe({ type: Number })) total!: number | null;
  @ApiProperty(maybe({ enum: grades, enumName: 'Grade' })) grade!: Grade | null;
  @ApiProperty(maybe({ type: String })) gradeLabel!: string | null;
}

export class ProjectDetailResponseDto extends ProjectResponseDto {
  @ApiProperty({ type: [ApprovalChainResponseDto] }) approvals!: ApprovalChainResponseDto[];
  @ApiProperty({ type: [ReportResponseDto] }) reports!: ReportResponseDto[];
  @ApiProperty({ type: [FindingResponseDto] }) findings!: FindingResponseDto[];
  @ApiProperty({ type: [DeadlineResponseDto] }) deadlines!: DeadlineResponseDto[];
  @ApiProperty(maybe({ type: EvaluationSummaryDto })) evaluation!: EvaluationSummaryDto | null;
}

export class ProjectCommandResponseDto extends ProjectDetailResponseDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the project year\'s workflow state right after the command' })
  workflow!: Record<string, unknown>;
}

/** A quarter as the project's workflow sees it right after its report came in. */
export class QuarterStateResponseDto {
  @ApiProperty() quarter!: number;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ enum: ['pending', 'submitted', 'sent_back', 'accepted'] }) status!: 'pending' | 'submitted' | 'sent_back' | 'accepted';
  @ApiProperty({ description: 'review rounds started; a report sent back and resubmitted is round 2' }) round!: number;
  @ApiProperty(maybe({ type: String, format: 'date-time' })) submittedAt!: string | null;
}

export class RaisedItemResponseDto {
  @ApiProperty(uuid) itemId!: string;
  @ApiProperty() measures!: string;
  @ApiProperty(uuid) partyOwnerId!: string;
  @ApiProperty(uuid) businessOwnerId!: string;
}

/** A finding just raised: its items, and the due date its severity gave them. */
export class RaisedFindingResponseDto {
  @ApiProperty(uuid) findingId!: string;
  @ApiProperty({ ...uuid, description: 'the first item' }) itemId!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ required: false, description: 'the rule the due date follows, in words' }) rule?: string;
  @ApiProperty({ type: [RaisedItemResponseDto], required: false }) items?: RaisedItemResponseDto[];
}
