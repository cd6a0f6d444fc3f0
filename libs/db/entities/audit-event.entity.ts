import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only (a trigger refuses UPDATE, DELETE, TRUNCATE); each row carries the hash of the one before it. */
@Entity('audit_event')
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) seq!: string;
  @Column({ name: 'chain_key', type: 'text' }) chainKey!: string;
  @Column({ name: 'project_id', type: 'uuid', nullable: true }) projectId!: string | null;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId!: string | null;
  @Column({ type: 'text' }) action!: string;
  @Column({ type: 'text' }) entity!: string;
  @Column({ name: 'entity_id', type: 'text', nullable: true }) entityId!: string | null;
  @Column({ type: 'jsonb' }) detail!: Record<string, unknown>;
  @Column({ name: 'workflow_id', type: 'text', nullable: true }) workflowId!: string | null;
  @Column({ name: 'step_key', type: 'text', nullable: true }) stepKey!: string | null;
  @Column({ name: 'prev_hash', type: 'text' }) prevHash!: string;
  @Column({ type: 'text' }) hash!: string;
}
