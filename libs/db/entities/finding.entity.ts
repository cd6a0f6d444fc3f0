import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { FindingSource, Severity } from '../../domain/index.js';

/** An entry on the problem list (问题清单). */
@Entity('finding')
export class FindingEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'project_id', type: 'uuid' }) projectId!: string;
  @Column({ name: 'raised_by', type: 'uuid' }) raisedBy!: string;
  @Column({ type: 'text' }) description!: string;
  @Column({ type: 'text' }) severity!: Severity;
  /** A quarterly review's, the committee's own check, or an audit's. */
  @Column({ type: 'text' }) source!: FindingSource;
  @Column({ name: 'raised_at', type: 'timestamptz' }) raisedAt!: Date;
}
