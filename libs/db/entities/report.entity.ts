import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ReviewRatings } from '../../domain/index.js';

@Entity('report')
export class ReportEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'project_id', type: 'uuid' }) projectId!: string;
  @Column({ type: 'int' }) quarter!: number;
  @Column({ type: 'int' }) round!: number;
  @Column({ type: 'text' }) content!: string;
  @Column({ name: 'submitted_by', type: 'uuid' }) submittedBy!: string;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt!: Date;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt!: Date;
  @Column({ type: 'boolean' }) late!: boolean;
  @Column({ type: 'text' }) status!: 'submitted' | 'accepted' | 'sent_back';
  /** 一次查、双向评: the ratings the accepting review gave; null until then. */
  @Column({ type: 'jsonb', nullable: true }) ratings!: ReviewRatings | null;
}
