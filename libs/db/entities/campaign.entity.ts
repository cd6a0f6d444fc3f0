import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CampaignRecurrence, CampaignTargets, DeadlineLadder, DueRule, ReminderRule } from '../../domain/index.js';

/**
 * A reporting campaign (报告任务) as issued, or the template a recurring one is issued from: a template has a schedule
 * and no workflow; each run the schedule starts is a campaign of its own that names its template.
 */
@Entity('campaign')
export class CampaignEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'workflow_id', type: 'text', nullable: true }) workflowId!: string | null;
  @Column({ name: 'template_id', type: 'uuid', nullable: true }) templateId!: string | null;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) instructions!: string;
  @Column({ type: 'jsonb' }) targets!: CampaignTargets;
  @Column({ name: 'due_rule', type: 'jsonb', nullable: true }) dueRule!: DueRule | null;
  @Column({ name: 'remind_on', type: 'jsonb', nullable: true }) remindOn!: ReminderRule[] | null;
  @Column({ type: 'jsonb' }) ladder!: DeadlineLadder;
  /** When the reports fall due; null for a template, whose runs each compute their own. */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true }) dueAt!: Date | null;
  /** The working-day rule that produced the due time, in words; null for a due time given directly. */
  @Column({ type: 'text', nullable: true }) rule!: string | null;
  /** When the campaign closes with the units still missing marked missing; null for a template and older campaigns. */
  @Column({ name: 'closes_at', type: 'timestamptz', nullable: true }) closesAt!: Date | null;
  @Column({ type: 'jsonb', nullable: true }) recurrence!: CampaignRecurrence | null;
  @Column({ name: 'schedule_id', type: 'text', nullable: true }) scheduleId!: string | null;
  /** 述职述责: the year whose duty reports this campaign collects; the committee's rating of them caps 优秀 (双评双优). */
  @Column({ name: 'duty_report_year', type: 'int', nullable: true }) dutyReportYear!: number | null;
  /** completed: every unit reported; closed: the end date came first, and the units still missing are marked so. */
  @Column({ type: 'text' }) status!: 'scheduled' | 'open' | 'completed' | 'closed';
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
}
