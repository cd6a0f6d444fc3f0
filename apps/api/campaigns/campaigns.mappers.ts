import type { CampaignEntity } from '../../../libs/db/entities/index.js';
import type { CampaignTargetRow } from '../../../libs/db/repositories/campaign.repository.js';
import { reviewRatingLabels, rollUpCampaign, type CampaignCounts, type CampaignRecurrence, type CampaignTargets, type CampaignUnitStatus, type ReviewRating } from '../../../libs/domain/index.js';

export interface CampaignUnitResponse {
  unitId: string;
  unitName: string;
  /** on_time / late: submitted by / after the due time that stood; missing: not submitted (yet). */
  status: CampaignUnitStatus;
  /** Missing and past its due time. */
  overdue: boolean;
  dueAt: string;
  submittedAt: string | null;
  submittedById: string | null;
  submittedByName: string | null;
  submission: string | null;
  /** The committee's rating (好/较好/一般/差), once given. */
  rating: { value: ReviewRating; label: string; comment: string | null; ratedById: string; ratedByName: string | null } | null;
}

export interface CampaignResponse {
  id: string;
  title: string;
  /**
   * scheduled: a recurring campaign's template, whose runs are campaigns of their own; open; completed: every unit
   * reported; closed: its end date came with units missing, which stay missing.
   */
  status: CampaignEntity['status'];
  dueAt: Date | null;
  /** When reports stop being taken; null for a template and for campaigns issued before campaigns closed. */
  closesAt: Date | null;
  rule: string | null;
  createdById: string;
  createdByName: string | null;
  createdAt: Date;
  closedAt: Date | null;
  /** The recurring campaign this one is a run of. */
  templateId: string | null;
  /** 述职述责: the year whose duty reports this campaign collects. */
  dutyReportYear: number | null;
  recurrence: (CampaignRecurrence & { scheduleId: string }) | null;
  /** Over the units the reader can see. */
  counts: CampaignCounts;
}

export interface CampaignDetailResponse extends CampaignResponse {
  instructions: string;
  targets: CampaignTargets;
  units: CampaignUnitResponse[];
  /** A recurring campaign's runs, newest first. */
  runs: { id: string; status: CampaignEntity['status']; dueAt: Date | null; createdAt: Date }[];
}

export function toCampaignResponse(c: CampaignEntity, rows: CampaignTargetRow[], people: ReadonlyMap<string, string>, now = Date.now()): CampaignResponse {
  return {
    id: c.id,
    title: c.title,
    status: c.status,
    dueAt: c.dueAt,
    closesAt: c.closesAt,
    rule: c.rule,
    createdById: c.createdBy,
    createdByName: people.get(c.createdBy) ?? null,
    createdAt: c.createdAt,
    closedAt: c.closedAt,
    templateId: c.templateId,
    dutyReportYear: c.dutyReportYear,
    recurrence: c.recurrence && c.scheduleId ? { ...c.recurrence, scheduleId: c.scheduleId } : null,
    counts: rollUpCampaign(rows, now).counts,
  };
}

export function toCampaignDetailResponse(
  c: CampaignEntity,
  rows: CampaignTargetRow[],
  runs: CampaignEntity[],
  people: ReadonlyMap<string, string>,
  now = Date.now(),
): CampaignDetailResponse {
  return {
    ...toCampaignResponse(c, rows, people, now),
    instructions: c.instructions,
    targets: c.targets,
    units: rollUpCampaign(rows, now).units.map((u) => ({
      unitId: u.unitId,
      unitName: u.unitName,
      status: u.status,
      overdue: u.overdue,
      dueAt: u.dueAt,
      submittedAt: u.submittedAt,
      submittedById: u.submittedBy,
      submittedByName: u.submittedBy ? (people.get(u.submittedBy) ?? null) : null,
      submission: u.submission,
      rating:
        u.rating && u.ratedBy
          ? { value: u.rating, label: reviewRatingLabels[u.rating], comment: u.ratingComment, ratedById: u.ratedBy, ratedByName: people.get(u.ratedBy) ?? null }
          : null,
    })),
    runs: runs.map((r) => ({ id: r.id, status: r.status, dueAt: r.dueAt, createdAt: r.createdAt })),
  };
}
