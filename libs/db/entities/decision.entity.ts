import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ApprovalPurpose, Decision, MeetingRecord, ReviewRatings } from '../../domain/index.js';

@Entity('decision')
export class DecisionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'task_id', type: 'uuid' }) taskId!: string;
  @Column({ name: 'project_id', type: 'uuid' }) projectId!: string;
  @Column({ name: 'chain_ref', type: 'text' }) chainRef!: string;
  @Column({ type: 'text' }) purpose!: ApprovalPurpose;
  @Column({ type: 'int' }) level!: number;
  @Column({ name: 'actor_id', type: 'uuid' }) actorId!: string;
  @Column({ type: 'text' }) decision!: Decision;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @Column({ type: 'jsonb', nullable: true }) meeting!: MeetingRecord | null;
  /** 一次查、双向评: the two ratings given with a quarterly report's review. */
  @Column({ type: 'jsonb', nullable: true }) ratings!: ReviewRatings | null;
  @Column({ name: 'decided_at', type: 'timestamptz' }) decidedAt!: Date;
}
