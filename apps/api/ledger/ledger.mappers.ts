import type { FindingEntity, RectificationItemEntity } from '../../../libs/db/entities/index.js';
import { findingSourceLabels, isOverdue, type Severity } from '../../../libs/domain/index.js';
import { personName, type Names } from '../org/people.js';

export const toItemResponse = (i: RectificationItemEntity, names: Names, now = Date.now()) => ({
  id: i.id,
  findingId: i.findingId,
  projectId: i.projectId,
  measures: i.measures,
  partyOwnerId: i.partyOwnerId,
  partyOwnerName: personName(names, i.partyOwnerId),
  businessOwnerId: i.businessOwnerId,
  businessOwnerName: personName(names, i.businessOwnerId),
  status: i.status,
  round: i.round,
  dueAt: i.dueAt,
  firstDueAt: i.firstDueAt,
  overdue: isOverdue(i.dueAt, i.status !== 'closed', now),
  closedAt: i.closedAt,
  closedOnTime: i.closedOnTime,
  /** 双问责: both owners, accountable since the item first went overdue. */
  accountable: i.accountableAt && { since: i.accountableAt, ownerIds: [...new Set([i.partyOwnerId, i.businessOwnerId])] },
});

export const toFindingResponse = (f: FindingEntity, items: RectificationItemEntity[], names: Names) => ({
  id: f.id,
  description: f.description,
  severity: f.severity as Severity,
  source: f.source,
  sourceLabel: findingSourceLabels[f.source],
  raisedBy: f.raisedBy,
  raisedByName: personName(names, f.raisedBy),
  raisedAt: f.raisedAt,
  items: items.filter((i) => i.findingId === f.id).map((i) => toItemResponse(i, names)),
});
