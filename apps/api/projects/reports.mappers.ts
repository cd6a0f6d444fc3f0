import type { ReportEntity } from '../../../libs/db/entities/index.js';
import { reviewRatingLabels } from '../../../libs/domain/index.js';
import { personName, type Names } from '../org/people.js';

export const toReportResponse = (r: ReportEntity, names: Names) => ({
  id: r.id,
  quarter: r.quarter,
  round: r.round,
  content: r.content,
  submittedBy: r.submittedBy,
  submittedByName: personName(names, r.submittedBy),
  submittedAt: r.submittedAt,
  dueAt: r.dueAt,
  late: r.late,
  status: r.status,
  /** 一次查、双向评: how the accepting review rated each side, with the words people use. */
  ratings: r.ratings && {
    partyBuilding: r.ratings.partyBuilding,
    partyBuildingLabel: reviewRatingLabels[r.ratings.partyBuilding],
    business: r.ratings.business,
    businessLabel: reviewRatingLabels[r.ratings.business],
  },
});
