import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ItemStatus } from '../../domain/index.js';

/** An entry on the rectification list (整改清单), with both owners (一岗双责). */
@Entity('rectification_item')
export class RectificationItemEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'finding_id', type: 'uuid' }) findingId!: string;
  @Column({ name: 'project_id', type: 'uuid' }) projectId!: string;
  @Column({ type: 'text' }) measures!: string;
  /** Its place among its finding's items, as the reviewer wrote them (0 first). */
  @Column({ type: 'smallint' }) position!: number;
  @Column({ name: 'party_owner_id', type: 'uuid' }) partyOwnerId!: string;
  @Column({ name: 'business_owner_id', type: 'uuid' }) businessOwnerId!: string;
  @Column({ type: 'text' }) status!: ItemStatus;
  @Column({ type: 'int' }) round!: number;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt!: Date;
  @Column({ name: 'first_due_at', type: 'timestamptz' }) firstDueAt!: Date;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ name: 'closed_on_time', type: 'boolean', nullable: true }) closedOnTime!: boolean | null;
  /** 双问责: when the item first went overdue, making both owners accountable; null while it never has. */
  @Column({ name: 'accountable_at', type: 'timestamptz', nullable: true }) accountableAt!: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
