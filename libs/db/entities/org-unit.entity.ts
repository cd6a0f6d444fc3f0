import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OrgUnitKind } from '../../domain/index.js';

@Entity('org_unit')
export class OrgUnitEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) kind!: OrgUnitKind;
  @Column({ name: 'parent_id', type: 'uuid', nullable: true }) parentId!: string | null;
  /** A label of the unit's own (e.g. 生产 / 经营) that reporting campaigns can target. */
  @Column({ type: 'text', nullable: true }) category!: string | null;
  /** 撤销: a closed unit takes no new work or roles; its row stays, because records name it. */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
}
