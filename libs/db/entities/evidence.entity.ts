import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('evidence')
export class EvidenceEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'item_id', type: 'uuid' }) itemId!: string;
  @Column({ type: 'int' }) round!: number;
  @Column({ type: 'text' }) text!: string;
  @Column({ name: 'submitted_by', type: 'uuid' }) submittedBy!: string;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt!: Date;
}
