import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { CampaignTargetRecord } from '../../domain/index.js';

/**
 * A UUID named by a string (SHA-256, laid out as a name-based UUID): the same name always gives the same id. A
 * campaign's id comes from what started it (a request's Idempotency-Key, a scheduled run's workflow id), so starting
 * it again, or retrying the write, finds the same campaign instead of making a second.
 */
export function namedUuid(name: string): string {
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface CampaignTargetRow extends CampaignTargetRecord {
  campaignId: string;
  unitName: string;
  submission: string | null;
  submittedBy: string | null;
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
    due_at: Date;
    deadline_status: CampaignTargetRecord['deadlineStatus'];
  }[] = await m.query(
    `SELECT t.campaign_id, t.unit_id, t.unit_name, t.submission, t.submitted_by, t.submitted_at,
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
    deadlineStatus: r.deadline_status,
  }));
}
