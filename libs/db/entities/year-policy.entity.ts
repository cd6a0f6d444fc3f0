import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { YearPolicy } from '../../domain/index.js';

@Entity('year_policy')
export class YearPolicyEntity {
  @PrimaryColumn({ type: 'int' }) year!: number;
  @Column({ type: 'text' }) version!: string;
  @Column({ type: 'jsonb' }) body!: YearPolicy;
  @Column({ name: 'updated_by', type: 'uuid', nullable: true }) updatedBy!: string | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
