import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EvaluationInputs, EvaluationResult, Grade } from '../../domain/index.js';

@Entity('evaluation')
export class EvaluationEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'project_id', type: 'uuid' }) projectId!: string;
  @Column({ type: 'int' }) year!: number;
  @Column({ type: 'text' }) status!: 'self_assessment' | 'scoring' | 'done';
  @Column({ name: 'self_assessment', type: 'text', nullable: true }) selfAssessment!: string | null;
  @Column({ name: 'self_assessed_at', type: 'timestamptz', nullable: true }) selfAssessedAt!: Date | null;
  @Column({ name: 'rule_version', type: 'text', nullable: true }) ruleVersion!: string | null;
  /** Every input of the score, so the working can be shown and recomputed years later. */
  @Column({ type: 'jsonb', nullable: true }) inputs!: EvaluationInputs | null;
  @Column({ type: 'numeric', precision: 6, scale: 2, nullable: true }) total!: string | null;
  @Column({ type: 'text', nullable: true }) grade!: Grade | null;
  @Column({ type: 'jsonb', nullable: true }) result!: EvaluationResult | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  /** 审定发布: when the committee's secretary signed the result off, and who; null while it awaits sign-off. */
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt!: Date | null;
  @Column({ name: 'published_by', type: 'uuid', nullable: true }) publishedBy!: string | null;
}
