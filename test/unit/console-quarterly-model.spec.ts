import { randomUUID } from 'node:crypto';
import type { components } from '../../apps/web/src/api/schema.js';
import { deadlineOfExtension, deadlineOfTask, lastRequest, mayRequest, untilOf } from '../../apps/web/src/features/deadlines/model.js';
import { findingBody, latestReport, quarterOfReview } from '../../apps/web/src/features/quarterly/model.js';
import { exportQuery, filtersFrom, searchOf, verifiedItemId } from '../../apps/web/src/features/rectification/model.js';
import { extensionRef, rectificationDueRef, reportRef, reviewRef, verificationRef } from '../../libs/domain/index.js';

type Schemas = components['schemas'];
const task = (fields: Partial<Schemas['TaskResponseDto']>) => fields as Schemas['TaskResponseDto'];
const chain = (ref: string) => ({ ref, purpose: null, purposeLabel: null, steps: [] });
const deadline = (ref: string, fields: Partial<Schemas['DeadlineResponseDto']> = {}) =>
  ({ ref, kind: 'report', title: ref, dueAt: '2099-04-08T09:30:00.000Z', rule: null, status: 'open', submittedAt: null, events: [], ...fields }) as Schemas['DeadlineResponseDto'];
const event = (kind: string, reason: string | null = null) => ({ kind, at: '2026-12-01T01:00:00.000Z', actorId: null, reason, dueAt: '2099-04-08T09:30:00.000Z' });

describe('the console’s quarterly and rectification rules', () => {
  const projectId = randomUUID();
  const itemId = randomUUID();

  it('finds what a task is about from the refs libs/domain gives its work', () => {
    expect(quarterOfReview(task({ purpose: 'report_review', chain: chain(reviewRef(projectId, 3, 2)) }))).toBe(3);
    expect(quarterOfReview(task({ purpose: 'launch', chain: chain(reviewRef(projectId, 3, 2)) }))).toBeNull();
    expect(verifiedItemId(task({ purpose: 'verification', chain: chain(verificationRef(itemId, 2)) }))).toBe(itemId);

    const report = deadline(reportRef(projectId, 2));
    const rounds = [deadline(rectificationDueRef(itemId, 2)), deadline(rectificationDueRef(itemId, 10)), deadline(rectificationDueRef(itemId, 1))];
    const all = [deadline(reportRef(projectId, 1)), report, ...rounds];
    expect(deadlineOfTask(task({ kind: 'report', projectId, subjectId: '2' }), all)).toBe(report);
    // An item's latest round is the one its evidence answers now (round 10 after round 2, not before it).
    expect(deadlineOfTask(task({ kind: 'evidence', projectId, subjectId: itemId }), all)?.ref).toBe(rectificationDueRef(itemId, 10));
    expect(deadlineOfExtension(task({ purpose: 'extension', chain: chain(extensionRef(reportRef(projectId, 2), 1)) }), all)).toBe(report);
  });

  it('offers 延期 only while the work is due, no request waits and fewer than three were asked', () => {
    const waiting = deadline('d', { events: [event('extension_requested', '汛期'), event('paused')] });
    expect([lastRequest(waiting)?.pending, lastRequest(waiting)?.event.reason, mayRequest(waiting)]).toEqual([true, '汛期', false]);
    const refused = deadline('d', { events: [event('extension_requested'), event('extension_refused')] });
    expect([lastRequest(refused)?.pending, mayRequest(refused)]).toEqual([false, true]);
    const thrice = deadline('d', { events: ['requested', 'refused', 'requested', 'refused', 'requested', 'refused'].map((k) => event(`extension_${k}`)) });
    expect(mayRequest(thrice)).toBe(false);
    expect(mayRequest(deadline('d', { status: 'met' }))).toBe(false);
    expect(untilOf('2099-12-31')).toBe('2099-12-31T17:30:00+08:00');
  });

  it('keeps the ledger’s filters in the URL, dropping what the API would refuse', () => {
    const unit = randomUUID();
    const filters = filtersFrom(new URLSearchParams(`unit=${unit}&status=open&severity=serious&overdue=true&year=2026&page=2&pageSize=x&bogus=1`));
    expect(filters).toEqual({ unit, status: 'open', severity: 'serious', overdue: true, year: 2026, page: 2 });
    expect(filtersFrom(searchOf(filters))).toEqual(filters);
    expect(searchOf({ status: 'closed', overdue: undefined, page: undefined }).toString()).toBe('status=closed');
    expect(filtersFrom(new URLSearchParams('unit=../x&status=gone&overdue=yes'))).toEqual({});
    expect(exportQuery(filters)).toEqual({ unit, status: 'open', severity: 'serious', overdue: true, year: 2026 });
  });

  it('sends a finding with every item’s both owners, and reads the latest round of a report', () => {
    const form = { description: ' 记录不全 ', severity: 'serious' as const, items: [{ measures: ' 补齐 ', partyOwnerId: 'a', businessOwnerId: 'b' }] };
    expect(findingBody(form)).toEqual({ description: '记录不全', severity: 'serious', items: [{ measures: '补齐', partyOwnerId: 'a', businessOwnerId: 'b' }] });
    const reports = [1, 2].map((round) => ({ quarter: 1, round }) as Schemas['ReportResponseDto']);
    expect(latestReport(reports, 1)?.round).toBe(2);
    expect(latestReport(reports, 2)).toBeUndefined();
  });
});
