import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DeadlineEvent, GuessedSchedule, TaskKind } from '../../domain/index.js';

@Entity('deadline')
export class DeadlineEntity {
  @PrimaryColumn({ type: 'text' }) ref!: string;
  /** null for a campaign's deadline: it belongs to the campaign, not to a project. */
  @Column({ name: 'project_id', type: 'uuid', nullable: true }) projectId!: string | null;
  @Column({ name: 'campaign_id', type: 'uuid', nullable: true }) campaignId!: string | null;
  @Column({ type: 'text' }) kind!: TaskKind;
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt!: Date;
  /** The working-day rule that produced the due date, in words; null for a date set directly by policy. */
  @Column({ type: 'text', nullable: true }) rule!: string | null;
  /** How a date computed on a weekends-only (unpublished) year was computed; null when it stands on published data. */
  @Column({ type: 'jsonb', nullable: true }) guessed!: GuessedSchedule | null;
  @Column({ type: 'text' }) status!: 'open' | 'overdue' | 'met' | 'late';
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
  /** Pauses, resumptions and extensions, oldest first. */
  @Column({ type: 'jsonb', insert: false, update: false }) events!: DeadlineEvent[];
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
