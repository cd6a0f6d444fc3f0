import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OrgUnitKind } from '../../domain/index.js';

@Entity('org_unit')
export class OrgUnitEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) kind!: OrgUnitKind;
  @Column({ name: 'parent_id', type: 'uuid', nullable: true }) parentId!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
}
