import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One unit a campaign asks, with the secretaries who owe its report (as they were when it was issued) and what came in. */
@Entity('campaign_target')
export class CampaignTargetEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @Column({ name: 'unit_name', type: 'text' }) unitName!: string;
  @Column({ name: 'secretary_ids', type: 'uuid', array: true }) secretaryIds!: string[];
  @Column({ name: 'deadline_ref', type: 'text' }) deadlineRef!: string;
  @Column({ type: 'text' }) status!: 'open' | 'submitted';
  @Column({ type: 'text', nullable: true }) submission!: string | null;
  @Column({ name: 'submitted_by', type: 'uuid', nullable: true }) submittedBy!: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
}
