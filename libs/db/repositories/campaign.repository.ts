import type { EntityManager } from 'typeorm';
import type { CampaignTargetRecord, ReviewRating } from '../../domain/index.js';

export interface CampaignTargetRow extends CampaignTargetRecord {
  campaignId: string;
  unitName: string;
  submission: string | null;
  submittedBy: string | null;
  rating: ReviewRating | null;
  ratingComment: string | null;
  ratedBy: string | null;
}

/**
 * The target units of some campaigns, each with its deadline as that has recorded it (the due time that stands
 * after any extension, and whether it closed as met or late), by unit name.
 */
export async function campaignTargetRows(m: EntityManager, campaignIds: string[]): Promise<CampaignTargetRow[]> {
  if (campaignIds.length === 0) return [];
  const rows: {
    campaign_id: string;
    unit_id: string;
    unit_name: string;
    submission: string | null;
    submitted_by: string | null;
    submitted_at: Date | null;
    rating: ReviewRating | null;
    rating_comment: string | null;
    rated_by: string | null;
    due_at: Date;
    deadline_status: CampaignTargetRecord['deadlineStatus'];
  }[] = await m.query(
    `SELECT t.campaign_id, t.unit_id, t.unit_name, t.submission, t.submitted_by, t.submitted_at, t.rating, t.rating_comment, t.rated_by,
            coalesce(d.due_at, c.due_at) AS due_at, d.status AS deadline_status
       FROM campaign_target t
       JOIN campaign c ON c.id = t.campaign_id
       LEFT JOIN deadline d ON d.ref = t.deadline_ref
      WHERE t.campaign_id = ANY($1)
      ORDER BY t.unit_name, t.unit_id`,
    [campaignIds],
  );
  return rows.map((r) => ({
    campaignId: r.campaign_id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    dueAt: r.due_at.toISOString(),
    submittedAt: r.submitted_at?.toISOString() ?? null,
    submission: r.submission,
    submittedBy: r.submitted_by,
    rating: r.rating,
    ratingComment: r.rating_comment,
    ratedBy: r.rated_by,
    deadlineStatus: r.deadline_status,
  }));
}
