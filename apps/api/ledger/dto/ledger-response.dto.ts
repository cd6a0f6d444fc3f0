import { ApiProperty } from '@nestjs/swagger';
import { severities, type Severity } from '../../../../libs/domain/index.js';
import { maybe, uuid, when } from '../../http/schema-options.js';
import { RectificationItemResponseDto } from '../../projects/dto/project-response.dto.js';
import type { ItemHistoryEntry } from '../ledger.service.js';

/** The answers of the ledger routes, as OpenAPI schemas for the generated console client. */

export class LedgerEntryResponseDto extends RectificationItemResponseDto {
  @ApiProperty(maybe({ type: String })) projectTitle!: string | null;
  @ApiProperty(maybe({ type: String, format: 'uuid' })) orgUnitId!: string | null;
  @ApiProperty(maybe({ type: String })) unitName!: string | null;
  @ApiProperty(maybe({ type: String, description: 'the finding (问题清单) the item answers' })) description!: string | null;
  @ApiProperty(maybe({ enum: severities, enumName: 'Severity' })) severity!: Severity | null;
}

export class EvidenceFileResponseDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty({ description: 'bytes' }) size!: number;
  @ApiProperty({ description: "hex SHA-256 of the file's bytes, as kept in the audit chain" }) sha256!: string;
}

export class EvidenceResponseDto {
  @ApiProperty(uuid) id!: string;
  @ApiProperty() round!: number;
  @ApiProperty() text!: string;
  @ApiProperty(uuid) submittedBy!: string;
  @ApiProperty(maybe({ type: String })) submittedByName!: string | null;
  @ApiProperty(when) submittedAt!: Date;
  @ApiProperty({ type: [EvidenceFileResponseDto] }) files!: EvidenceFileResponseDto[];
}

export class ItemHistoryEntryDto implements ItemHistoryEntry {
  @ApiProperty(when) at!: Date;
  @ApiProperty({ example: 'evidence_submitted', description: 'an audit action, or notice_<kind> for a notice sent about the item' }) action!: string;
  @ApiProperty(maybe({ type: String, format: 'uuid' })) actorId!: string | null;
  @ApiProperty(maybe({ type: String })) actorName!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) detail!: Record<string, unknown>;
}

export class RectificationDetailResponseDto extends RectificationItemResponseDto {
  @ApiProperty() description!: string;
  @ApiProperty({ enum: severities, enumName: 'Severity' }) severity!: Severity;
  @ApiProperty({ type: [EvidenceResponseDto], description: 'each submission, oldest first, with its files' }) evidence!: EvidenceResponseDto[];
  @ApiProperty({ type: [ItemHistoryEntryDto], description: 'every recorded step and every notice about the item, oldest first' }) history!: ItemHistoryEntryDto[];
}

/** The item as its workflow sees it right after evidence came in. */
export class RectificationStateResponseDto {
  @ApiProperty(uuid) itemId!: string;
  @ApiProperty({ enum: ['open', 'verifying', 'closed'] }) status!: 'open' | 'verifying' | 'closed';
  @ApiProperty() round!: number;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
}
