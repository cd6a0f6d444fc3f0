import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ProjectGoal, ProjectKind, ProjectStatus } from '../../domain/index.js';

@Entity('project')
export class ProjectEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'int' }) year!: number;
  @Column({ type: 'text' }) kind!: ProjectKind;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'jsonb' }) goals!: ProjectGoal[];
  @Column({ name: 'org_unit_id', type: 'uuid' }) orgUnitId!: string;
  @Column({ name: 'owner_id', type: 'uuid' }) ownerId!: string;
  /** 联建共建: the units that own the project together with its own unit. */
  @Column({ name: 'co_owning_unit_ids', type: 'uuid', array: true, default: () => "'{}'" }) coOwningUnitIds!: string[];
  @Column({ type: 'text' }) status!: ProjectStatus;
  @Column({ name: 'policy_version', type: 'text', nullable: true }) policyVersion!: string | null;
  /** Set while the project's year waits for an admin after a step failed for good (POST /projects/:id/resume). */
  @Column({ name: 'attention_step', type: 'text', nullable: true }) attentionStep!: string | null;
  @Column({ name: 'attention_reason', type: 'text', nullable: true }) attentionReason!: string | null;
  @Column({ name: 'attention_since', type: 'timestamptz', nullable: true }) attentionSince!: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
