import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TaskKind } from '../../domain/index.js';

@Entity('deadline')
export class DeadlineEntity {
  @PrimaryColumn({ type: 'text' }) ref!: string;
  @Column({ name: 'project_id', type: 'uuid' }) projectId!: string;
  @Column({ type: 'text' }) kind!: TaskKind;
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt!: Date;
  @Column({ type: 'text' }) status!: 'open' | 'overdue' | 'met' | 'late';
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
