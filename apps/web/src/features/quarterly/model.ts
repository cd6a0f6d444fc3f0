import type { components } from '../../api/schema.js';

type Schemas = components['schemas'];
export type Task = Schemas['TaskResponseDto'];
export type ProjectDetail = Schemas['ProjectDetailResponseDto'];
export type Report = Schemas['ReportResponseDto'];

/** The quarter a report task is for: its subject is the quarter's number. */
export const quarterOfReportTask = (t: Task): number | null => (t.kind === 'report' && t.subjectId ? Number(t.subjectId) : null);

/** The quarter a review step judges, from its chain's ref (`review-<project>-q<quarter>-r<round>`, libs/domain ids.ts). */
export function quarterOfReview(t: Task): number | null {
  const m = t.purpose === 'report_review' ? /-q([1-4])-r\d+$/.exec(t.chain?.ref ?? '') : null;
  return m ? Number(m[1]) : null;
}

/** The quarter's latest report (a report sent back and resubmitted is a later round). */
export const latestReport = (reports: readonly Report[], quarter: number): Report | undefined =>
  reports.filter((r) => r.quarter === quarter).sort((a, b) => b.round - a.round)[0];

export interface FindingForm {
  description: string;
  severity: Schemas['Severity'];
  items: { measures: string; partyOwnerId: string; businessOwnerId: string }[];
}

/** The form as the API takes it: always `items`, each with both owners (一岗双责). */
export const findingBody = (f: FindingForm): Schemas['RaiseFindingDto'] => ({
  description: f.description.trim(),
  severity: f.severity,
  items: f.items.map((i) => ({ measures: i.measures.trim(), partyOwnerId: i.partyOwnerId, businessOwnerId: i.businessOwnerId })),
});
