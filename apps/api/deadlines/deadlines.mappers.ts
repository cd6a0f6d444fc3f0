import type { DeadlineEntity } from '../../../libs/db/entities/index.js';

export const toDeadlineResponse = (d: DeadlineEntity) => ({
  ref: d.ref,
  kind: d.kind,
  title: d.title,
  dueAt: d.dueAt,
  rule: d.rule,
  status: d.status,
  submittedAt: d.submittedAt,
  /** Pauses, resumptions and extensions (延期), oldest first. */
  events: d.events,
});
