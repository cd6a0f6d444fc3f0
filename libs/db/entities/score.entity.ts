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
  @Column({ name: 'scored_at', type: 'timestamptz' }) scoredAt!: Date;
}
