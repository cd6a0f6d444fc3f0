import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DimensionScores } from '../../domain/index.js';

@Entity('score')
export class ScoreEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'evaluation_id', type: 'uuid' }) evaluationId!: string;
  @Column({ name: 'evaluator_id', type: 'uuid' }) evaluatorId!: string;
  @Column({ type: 'jsonb' }) scores!: DimensionScores;
  @Column({ type: 'numeric', precision: 6, scale: 2 }) total!: string;
  @Column({ type: 'text' }) comment!: string;
  /** 创新加分 this evaluator proposed, and why; null under rules without one or when none was proposed. */
  @Column({ type: 'numeric', precision: 4, scale: 2, nullable: true }) bonus!: string | null;
  @Column({ name: 'bonus_justification', type: 'text', nullable: true }) bonusJustification!: string | null;
  @Column({ name: 'scored_at', type: 'timestamptz' }) scoredAt!: Date;
}
