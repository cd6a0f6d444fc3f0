import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TaskKind } from '../../domain/index.js';

@Entity('deadline')
export class DeadlineEntity {
  @PrimaryColumn({ type: 'text' }) ref!: string;
  @Column({ name: 'project_id', type: 'uuid' }) projectId!: string;
  @Column({ type: 'text' }) kind!: TaskKind;
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt!: Date;
  /** The working-day rule that produced the due date, in words; null for a date set directly by policy. */
  @Column({ type: 'text', nullable: true }) rule!: string | null;
  @Column({ type: 'text' }) status!: 'open' | 'overdue' | 'met' | 'late';
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
