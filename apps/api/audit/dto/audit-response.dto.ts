import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { maybe, uuid, when } from '../../http/schema-options.js';

/** The answers of the audit routes, as OpenAPI schemas for the generated console client. */

export class AuditBrokenRecordDto {
  @ApiProperty({ description: 'the row as it is stored now' }) seq!: string;
  @ApiProperty(when) at!: Date;
  @ApiProperty({ example: 'decision_approve' }) action!: string;
  @ApiProperty({ example: '审批同意' }) label!: string;
  @ApiProperty() entity!: string;
  @ApiProperty(maybe({ type: String })) entityId!: string | null;
  @ApiProperty(maybe({ type: String, format: 'uuid' })) actorId!: string | null;
  @ApiProperty(maybe({ type: String })) actorName!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) detail!: Record<string, unknown>;
}

export class AuditBrokenLinkDto {
  @ApiProperty(maybe({ type: String, description: 'null when the whole chain is gone' })) seq!: string | null;
  @ApiProperty({ description: '1-based position within the chain as stored now; 0 when the whole chain is gone' }) position!: number;
  @ApiProperty({ enum: ['content_changed', 'link_broken', 'chain_missing'] }) kind!: 'content_changed' | 'link_broken' | 'chain_missing';
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'content_changed: the hash recomputed from the row; link_broken: the hash of the row before it (or genesis)' }) expected!: string;
  @ApiProperty({ description: 'content_changed: the stored hash; link_broken: the stored prev_hash' }) found!: string;
}

export class AuditChainHeadDto {
  @ApiProperty() seq!: string;
  @ApiProperty() hash!: string;
}

export class AuditChainVerificationDto {
  @ApiProperty({ example: 'organisation', description: "a project's id, a campaign's chain or the organisation's master data" }) chainKey!: string;
  @ApiProperty(maybe({ type: String, format: 'uuid' })) projectId!: string | null;
  @ApiProperty(maybe({ type: String, description: "the project's title, when the chain is a project's" })) projectTitle!: string | null;
  @ApiProperty() events!: number;
  @ApiProperty({ type: AuditChainHeadDto, nullable: true }) head!: AuditChainHeadDto | null;
  @ApiProperty() ok!: boolean;
  @ApiPropertyOptional({ type: AuditBrokenLinkDto, description: 'the first place the chain stops proving itself; nothing after it is proven' }) firstBroken?: AuditBrokenLinkDto;
  @ApiPropertyOptional({ type: AuditBrokenRecordDto, description: 'what the row at the first broken link says now' }) brokenRecord?: AuditBrokenRecordDto;
}

export class AuditChainReportDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty(when) checkedAt!: string;
  @ApiProperty({ type: [AuditChainVerificationDto] }) chains!: AuditChainVerificationDto[];
}

export class AuditPersonAtTheTimeDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty(maybe({ type: String })) name!: string | null;
  @ApiProperty({ type: [String], example: ['书记 · 第一党支部'], description: 'the roles held when the step was taken' }) roles!: string[];
}

export class AuditTimelineFileDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'hex SHA-256, as kept in the audit chain' }) sha256!: string;
}

export class AuditStepDetailsDto {
  @ApiPropertyOptional(maybe({ type: String })) comment?: string | null;
  @ApiPropertyOptional() level?: number;
  @ApiPropertyOptional() quarter?: number;
  @ApiPropertyOptional() round?: number;
  @ApiPropertyOptional() severity?: string;
  @ApiPropertyOptional() description?: string;
  @ApiPropertyOptional() dueAt?: string;
  @ApiPropertyOptional(maybe({ type: String })) rule?: string | null;
  @ApiPropertyOptional(maybe({ type: String })) reason?: string | null;
  @ApiPropertyOptional() total?: number;
  @ApiPropertyOptional() grade?: string;
  @ApiPropertyOptional({ type: [String] }) assigneeIds?: string[];
  @ApiPropertyOptional() recipientId?: string;
  @ApiPropertyOptional({ description: "the outbox row's state: sent, pending, failed, in_digest; missing when there is no row" }) mail?: string;
  @ApiPropertyOptional() taskId?: string;
  @ApiPropertyOptional() decision?: string;
  @ApiPropertyOptional({ type: [AuditTimelineFileDto] }) files?: AuditTimelineFileDto[];
}

const mismatchKinds = [
  'missing_in_records',
  'missing_in_history',
  'missing_in_audit',
  'action_differs',
  'actor_differs',
  'time_differs',
  'value_differs',
  'recipient_differs',
] as const;

export class AuditTimelineEntryDto {
  @ApiProperty(when) at!: string;
  @ApiProperty({ example: '2026-11-29 16:30:05', description: 'Beijing time' }) atLocal!: string;
  @ApiProperty({ enum: ['history', 'audit_log'], description: 'history: read from a workflow history and checked; audit_log: only the audit log or the outbox has it' })
  source!: 'history' | 'audit_log';
  @ApiProperty(maybe({ type: String })) workflowId!: string | null;
  @ApiProperty(maybe({ type: String })) key!: string | null;
  @ApiProperty({ example: 'decision_approve' }) action!: string;
  @ApiProperty({ example: '审批同意' }) label!: string;
  @ApiProperty({ type: AuditPersonAtTheTimeDto, nullable: true }) actor!: AuditPersonAtTheTimeDto | null;
  @ApiProperty({ type: AuditPersonAtTheTimeDto, nullable: true }) recipient!: AuditPersonAtTheTimeDto | null;
  @ApiProperty({ type: AuditStepDetailsDto }) details!: AuditStepDetailsDto;
  @ApiProperty(maybe({ type: String })) policyVersion!: string | null;
  @ApiProperty(maybe({ type: String })) rule!: string | null;
  @ApiProperty(maybe({ type: String })) auditSeq!: string | null;
  @ApiProperty({ enum: mismatchKinds, enumName: 'AuditMismatchKind', isArray: true }) flags!: (typeof mismatchKinds)[number][];
}

export class AuditMismatchDto {
  @ApiProperty({ enum: mismatchKinds, enumName: 'AuditMismatchKind' }) kind!: (typeof mismatchKinds)[number];
  @ApiProperty() label!: string;
  @ApiProperty(maybe({ type: String })) workflowId!: string | null;
  @ApiProperty(maybe({ type: String, description: 'the audit step key or the notice key the two sides disagree on' })) key!: string | null;
  @ApiProperty(maybe({ type: String, description: 'what the history says' })) history!: string | null;
  @ApiProperty(maybe({ type: String, description: 'what the records say' })) records!: string | null;
}

export class AuditTimelineDto {
  @ApiProperty(uuid) projectId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ enum: ['Asia/Shanghai'] }) timeZone!: 'Asia/Shanghai';
  @ApiProperty(maybe({ type: String })) policyVersion!: string | null;
  @ApiProperty({ description: 'workflow executions the timeline was read from' }) workflows!: number;
  @ApiProperty({ description: 'runs of those executions' }) runs!: number;
  @ApiProperty({ type: [AuditTimelineEntryDto] }) entries!: AuditTimelineEntryDto[];
  @ApiProperty({ type: [AuditMismatchDto] }) mismatches!: AuditMismatchDto[];
  @ApiProperty({ description: 'true only when history and records agree on every step' }) consistent!: boolean;
}

export class AuditDivergenceDto {
  @ApiProperty(maybe({ type: Number, description: "the history's event at which replay failed" })) eventId!: number | null;
  @ApiProperty(maybe({ type: String, example: 'ActivityTaskScheduled' })) eventType!: string | null;
  @ApiProperty({ example: 'ActivityTaskScheduled recordReport', description: 'what the history has there' }) expected!: string;
  @ApiProperty({ example: 'ScheduleActivityTask recordReportV2', description: "what today's code did instead" }) found!: string;
  @ApiProperty({ description: 'the error as Temporal gave it' }) message!: string;
}

export class AuditReplayVerdictDto {
  @ApiProperty({ description: 'the history replayed: a run of a workflow, or the uploaded file' }) name!: string;
  @ApiProperty() workflowId!: string;
  @ApiProperty() deterministic!: boolean;
  @ApiPropertyOptional({ type: AuditDivergenceDto }) divergence?: AuditDivergenceDto;
}

export class AuditExportedRunDto {
  @ApiProperty() runId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "Temporal's history JSON: { events: [...] }" }) history!: Record<string, unknown>;
}

export class AuditWorkflowExportDto {
  @ApiProperty() workflowId!: string;
  @ApiProperty({ example: 'approvalChain' }) workflowType!: string;
  @ApiProperty({ type: [AuditExportedRunDto], description: 'every run, oldest first' }) runs!: AuditExportedRunDto[];
  @ApiProperty({ description: "true when the first runs are gone (past the namespace's retention)" }) earlierRunsMissing!: boolean;
  @ApiProperty({ type: [String], description: 'the ids of the children it started' }) children!: string[];
}

export class AuditProjectHistoriesDto {
  @ApiProperty(uuid) projectId!: string;
  @ApiProperty({ type: [AuditWorkflowExportDto] }) workflows!: AuditWorkflowExportDto[];
}
