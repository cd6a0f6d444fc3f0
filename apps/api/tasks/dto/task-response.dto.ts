import { ApiProperty } from '@nestjs/swagger';
import {
  addPositions,
  approvalPurposes,
  chainActions,
  chainStatuses,
  decisions,
  levelModes,
  projectKinds,
  taskKinds,
  taskStatuses,
  type AddPosition,
  type ApprovalPurpose,
  type ChainAction,
  type ChainStatus,
  type Decision,
  type LevelMode,
  type ProjectKind,
  type TaskKind,
  type TaskStatus,
} from '../../../../libs/domain/index.js';
import type { ChainView } from '../../../../workflows/approval-chain.messages.js';
import { ApprovalChainResponseDto, MeetingRecordDto, ReviewRatingsResponseDto } from '../../projects/dto/project-response.dto.js';
import { handOvers, type HandOver, type MeetingLevel, type TaskResponse } from '../tasks.mappers.js';
import { maybe, uuid, when } from '../../http/schema-options.js';

export class PersonRefDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty(maybe({ type: String })) name!: string | null;
}

export class MeetingLevelDto implements MeetingLevel {
  @ApiProperty({ type: [PersonRefDto], description: 'the committee members (the submitter excused): quorum and majority count them' }) members!: PersonRefDto[];
}

/** One piece of work in 待办 / 已办, with the chain so far for approval steps and what its assignee may do now. */
export class TaskResponseDto implements TaskResponse {
  @ApiProperty(uuid) id!: string;
  @ApiProperty({ enum: taskKinds, enumName: 'TaskKind' }) kind!: TaskKind;
  @ApiProperty() title!: string;
  @ApiProperty(maybe({ type: String, format: 'uuid', description: 'null for a unit\'s report in a reporting campaign' })) projectId!: string | null;
  @ApiProperty(maybe({ type: String, format: 'uuid' })) campaignId!: string | null;
  @ApiProperty(maybe({ type: String })) projectTitle!: string | null;
  @ApiProperty(maybe({ enum: projectKinds, enumName: 'ProjectKind' })) projectKind!: ProjectKind | null;
  @ApiProperty(maybe({ type: String })) projectKindLabel!: string | null;
  @ApiProperty(maybe({ enum: approvalPurposes, enumName: 'ApprovalPurpose' })) purpose!: ApprovalPurpose | null;
  @ApiProperty(maybe({ type: String })) purposeLabel!: string | null;
  @ApiProperty(maybe({ type: Number })) level!: number | null;
  @ApiProperty(maybe({ type: String })) levelUnitName!: string | null;
  @ApiProperty(maybe({ enum: levelModes, enumName: 'LevelMode' })) levelMode!: LevelMode | null;
  @ApiProperty(maybe({ type: ApprovalChainResponseDto, description: 'for approval steps: every level asked so far, who decided what and when, who is pending' }))
  chain!: ApprovalChainResponseDto | null;
  @ApiProperty(maybe({ type: String })) subjectId!: string | null;
  @ApiProperty(uuid) assigneeId!: string;
  @ApiProperty({ enum: taskStatuses, enumName: 'TaskStatus' }) status!: TaskStatus;
  @ApiProperty(maybe(when)) dueAt!: Date | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty(maybe({ type: String })) outcome!: string | null;
  @ApiProperty(when) createdAt!: Date;
  @ApiProperty(maybe(when)) closedAt!: Date | null;
  @ApiProperty({
    enum: decisions,
    enumName: 'Decision',
    isArray: true,
    description: 'the decisions the reader may take on this step now (empty when it is not theirs, not open or not an approval step)',
  })
  decisions!: Decision[];
  @ApiProperty({ enum: handOvers, enumName: 'HandOver', isArray: true, description: 'delegate 转交 and add_approver 加签, when the reader may take them on this step now' })
  handOvers!: HandOver[];
  @ApiProperty({ enum: addPositions, enumName: 'AddPosition', isArray: true, description: 'where 加签 may put someone at this level: before/after me in 依次, alongside in 会签/或签' })
  addPositions!: AddPosition[];
  @ApiProperty({ enum: chainActions, enumName: 'ChainAction', isArray: true, description: "the actions that need a comment on this step's chain (reject and send-backs always, others by the year's policy)" })
  commentRequired!: ChainAction[];
  @ApiProperty(
    maybe({
      type: MeetingLevelDto,
      description: 'GET /tasks/:id only: the committee of a level decided at a meeting (POST /tasks/:id/meeting), while the step is open and the reader\'s; decisions is then empty',
    }),
  )
  meeting!: MeetingLevelDto | null;
}

export class LevelSpecDto {
  @ApiProperty(uuid) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: levelModes, enumName: 'LevelMode' }) mode!: LevelMode;
  @ApiProperty({ type: [String] }) approverIds!: string[];
}

export class DecisionEntryDto {
  @ApiProperty() level!: number;
  @ApiProperty(uuid) actorId!: string;
  @ApiProperty({ enum: decisions, enumName: 'Decision' }) decision!: Decision;
  @ApiProperty(maybe({ type: String })) comment!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: MeetingRecordDto, required: false }) meeting?: MeetingRecordDto;
  @ApiProperty({ type: ReviewRatingsResponseDto, required: false }) ratings?: ReviewRatingsResponseDto;
}

export class OpenTaskDto {
  @ApiProperty(uuid) taskId!: string;
  @ApiProperty(uuid) assigneeId!: string;
  @ApiProperty() level!: number;
}

/** The chain as its workflow sees it right after an action: the answer of every approval action. */
export class ChainViewDto implements ChainView {
  @ApiProperty() ref!: string;
  @ApiProperty({ enum: approvalPurposes, enumName: 'ApprovalPurpose' }) purpose!: ApprovalPurpose;
  @ApiProperty({ ...uuid, description: 'who the request is from: its submitter, or who holds the project since a hand-over (移交)' }) submitterId!: string;
  @ApiProperty({ enum: chainStatuses }) status!: ChainStatus;
  @ApiProperty({ description: 'index of the level deciding now' }) current!: number;
  @ApiProperty({ type: [LevelSpecDto] }) levels!: LevelSpecDto[];
  @ApiProperty({ type: [DecisionEntryDto] }) decisions!: DecisionEntryDto[];
  @ApiProperty({ type: [OpenTaskDto] }) openTasks!: OpenTaskDto[];
}
