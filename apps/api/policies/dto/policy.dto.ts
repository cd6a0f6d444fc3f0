import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import type { DuePreviewEntry, YearDuePreview } from '../../../../libs/domain/index.js';

export class YearParam {
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;
}

const section = (description: string) => ({ type: 'object' as const, additionalProperties: true, description });

/**
 * The policy document (libs/domain YearPolicy) as a schema: its sections named, their insides left to libs/domain,
 * whose yearPolicyErrors is the authority on them (unions and cross-field rules a schema would only repeat).
 */
export const yearPolicySchema = {
  type: 'object' as const,
  description: 'the year policy document (YearPolicy): every timing and rule of a project year',
  required: ['version', 'year', 'quarterly', 'rectification', 'evaluation'],
  properties: {
    version: { type: 'string' as const, example: '2026-default-2' },
    year: { type: 'integer' as const, example: 2026 },
    quarterly: section('quarters with their due dates or dueRule and remindOn (working days), and the 分级督办 ladder'),
    rectification: section('dueIn, reopenDueIn and ladder, or bySeverity rules (general, serious, major)'),
    evaluation: section('selfAssessmentDueAt, scoringDueIn, ladder, scoring rules and the panel'),
    approval: section('approval chains: level templates per project kind, routing rules, comments required, level deadlines'),
    notices: section('digest: how routine notices are mailed'),
  },
};

export class PolicyDuePreviewEntryDto implements DuePreviewEntry {
  @ApiProperty({ example: 'report-q1', description: 'report-q1 … report-q4, self-assessment, rectification-<severity>' }) key!: string;
  @ApiProperty({ example: '第一季度报告' }) label!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null for a period counted from an event (a finding raised)' }) dueAt!: string | null;
  @ApiProperty({ type: [String], description: 'reminders, as instants' }) remindAt!: string[];
  @ApiProperty({ example: '期末后第5个工作日 17:30；T−3个工作日 09:00 提醒' }) rule!: string;
  @ApiProperty({ description: 'false when a year involved has no published holidays: the date assumes weekends only' }) covered!: boolean;
}

export class PolicyDuePreviewResponseDto implements YearDuePreview {
  @ApiProperty() year!: number;
  @ApiProperty({ type: [PolicyDuePreviewEntryDto] }) entries!: PolicyDuePreviewEntryDto[];
}
