import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ReviewRating } from '../../domain/index.js';

/** One unit a campaign asks, with the secretaries who owe its report (as they were when it was issued) and what came in. */
@Entity('campaign_target')
export class CampaignTargetEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @Column({ name: 'unit_name', type: 'text' }) unitName!: string;
  @Column({ name: 'secretary_ids', type: 'uuid', array: true }) secretaryIds!: string[];
  @Column({ name: 'deadline_ref', type: 'text' }) deadlineRef!: string;
  /** missing: the campaign closed before the unit reported. */
  @Column({ type: 'text' }) status!: 'open' | 'submitted' | 'missing';
  @Column({ type: 'text', nullable: true }) submission!: string | null;
  @Column({ name: 'submitted_by', type: 'uuid', nullable: true }) submittedBy!: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
  /** The committee's rating of the report (好/较好/一般/差), and who gave it when. */
  @Column({ type: 'text', nullable: true }) rating!: ReviewRating | null;
  @Column({ name: 'rating_comment', type: 'text', nullable: true }) ratingComment!: string | null;
  @Column({ name: 'rated_by', type: 'uuid', nullable: true }) ratedBy!: string | null;
  @Column({ name: 'rated_at', type: 'timestamptz', nullable: true }) ratedAt!: Date | null;
}
