import type { HistoryStep } from '../../libs/audit/history-steps.js';
import { buildTimeline, type AuditRecord, type NoticeRecord, type ProjectRecords } from '../../libs/audit/timeline.js';

const t0 = Date.parse('2026-03-02T01:00:00.000Z');
const wf = 'approval-launch-p1-r1';
const li = 'person-li';
const chen = 'person-chen';

const step = (eventId: number, activityType: string, input: Record<string, unknown>, over: Partial<HistoryStep> = {}): HistoryStep => ({
  workflowId: wf,
  workflowType: 'approvalChain',
  runId: 'run-1',
  eventId,
  activityType,
  input,
  scheduledAt: t0 + eventId * 1000,
  closedAt: t0 + eventId * 1000 + 200,
  outcome: 'completed',
  ...over,
});

const decision = (eventId: number, actorId = li, at = new Date(t0 + eventId * 1000 - 50).toISOString()) =>
  step(eventId, 'recordDecision', { workflowId: wf, stepKey: `decision:t${eventId}`, taskId: `t${eventId}`, actorId, decision: 'send_back', comment: '目标请量化', level: 0, at });
const auditOf = (s: HistoryStep, over: Partial<AuditRecord> = {}): AuditRecord => ({
  seq: String(s.eventId),
  at: new Date(typeof s.input.at === 'string' ? s.input.at : (s.scheduledAt + 100)),
  actorId: (s.input.actorId as string | undefined) ?? null,
  action: s.activityType === 'recordDecision' ? `decision_${String(s.input.decision)}` : 'tasks_opened',
  detail: {},
  workflowId: wf,
  stepKey: s.input.stepKey as string,
  ...over,
});
const notice = (eventId: number, recipientId: string) => step(eventId, 'sendNotice', { key: `${wf}/outcome/${recipientId}`, recipientId, kind: 'approval_outcome', projectId: 'p1', data: {} });
const noticeRow = (s: HistoryStep, over: Partial<NoticeRecord> = {}): NoticeRecord => ({
  key: s.input.key as string,
  recipientId: s.input.recipientId as string,
  kind: 'approval_outcome',
  status: 'sent',
  createdAt: new Date(s.scheduledAt + 10),
  ...over,
});

function recordsOf(parts: Partial<ProjectRecords>): ProjectRecords {
  return {
    audit: [],
    decisions: [],
    scores: [],
    evaluation: null,
    evidenceFiles: [],
    notices: [],
    projectNoticeKeys: new Set(),
    people: new Map([
      [li, { name: '李红梅', roles: [{ role: 'secretary', unitName: '生产党总支', since: new Date(t0 - 1000) }] }],
      [chen, { name: '陈晓峰', roles: [{ role: 'member', unitName: '一车间党支部', since: new Date(t0 + 60_000) }] }],
    ]),
    ...parts,
  } as ProjectRecords;
}

const build = (steps: HistoryStep[], records: ProjectRecords, lang: 'zh' | 'en' = 'zh') => buildTimeline(steps, records, { policyVersion: '2026-default-2', lang });
const decisionRow = (s: HistoryStep) => ({ taskId: s.input.taskId as string, actorId: s.input.actorId as string, decision: 'send_back', decidedAt: new Date(s.input.at as string) });

describe('a project timeline checked against the records', () => {
  const opened = step(2, 'openTasks', { workflowId: wf, stepKey: 'open:l0', tasks: [{ assigneeId: li }] });
  const sentBack = decision(5);
  const told = notice(7, chen);
  const steps = [opened, sentBack, told];
  const agreeing = recordsOf({ audit: [auditOf(opened), auditOf(sentBack)], decisions: [decisionRow(sentBack)], notices: [noticeRow(told)], projectNoticeKeys: new Set([told.input.key as string]) });

  it('is consistent when every step is in the audit log and the records, and reads as who, what and when', () => {
    const timeline = build(steps, agreeing);
    expect(timeline).toMatchObject({ consistent: true, mismatches: [] });
    expect(timeline.entries.map((e) => [e.action, e.label, e.actor?.name ?? null])).toEqual([
      ['tasks_opened', '派发待办', null],
      ['decision_send_back', '退回修改', '李红梅'],
      ['notice_approval_outcome', '发送审批结果通知', null],
    ]);
    const sent = timeline.entries[1];
    expect(sent).toMatchObject({ atLocal: '2026-03-02 09:00:04', actor: { roles: ['书记 · 生产党总支'] }, details: { comment: '目标请量化', level: 0 }, policyVersion: '2026-default-2', flags: [] });
    // A role granted after the moment is not shown as held then.
    expect(timeline.entries[2].recipient).toEqual({ id: chen, name: '陈晓峰', roles: [] });
    expect(build(steps, agreeing, 'en').entries[1]).toMatchObject({ label: 'sent back', actor: { roles: ['secretary · 生产党总支'] } });
  });

  it('shows a term ended by 换届 as held before its end and not after', () => {
    const sentAt = Date.parse(sentBack.input.at as string);
    const termOf = (until: number) =>
      recordsOf({ ...agreeing, people: new Map([[li, { name: '李红梅', roles: [{ role: 'secretary', unitName: '生产党总支', since: new Date(t0 - 1000), until: new Date(until) }] }]]) });
    expect(build(steps, termOf(sentAt + 1)).entries[1].actor?.roles).toEqual(['书记 · 生产党总支']);
    expect(build(steps, termOf(sentAt)).entries[1].actor?.roles).toEqual([]);
  });

  it('flags a step the audit log lacks, and an audit event no history has', () => {
    const planted = { ...auditOf(opened), seq: '99', stepKey: 'planted', action: 'decision_approve', actorId: chen };
    const timeline = build(steps, { ...agreeing, audit: [auditOf(sentBack), planted] });
    expect(timeline.consistent).toBe(false);
    expect(timeline.mismatches.map((m) => [m.kind, m.key])).toEqual([
      ['missing_in_audit', 'open:l0'],
      ['missing_in_history', 'planted'],
    ]);
    expect(timeline.entries.find((e) => e.key === 'planted')).toMatchObject({ source: 'audit_log', flags: ['missing_in_history'] });
  });

  it('flags a different person, action or time in the audit log or the decisions', () => {
    const moved = new Date(Date.parse(sentBack.input.at as string) + 1);
    const timeline = build(steps, {
      ...agreeing,
      audit: [auditOf(opened, { at: new Date(opened.closedAt! + 60_000) }), auditOf(sentBack, { actorId: chen, action: 'decision_approve', at: moved })],
      decisions: [{ ...decisionRow(sentBack), actorId: chen }],
    });
    expect(timeline.mismatches.map((m) => [m.kind, m.history, m.records])).toEqual([
      ['time_differs', expect.any(String), new Date(opened.closedAt! + 60_000).toISOString()],
      ['action_differs', 'decision_send_back', 'decision_approve'],
      ['actor_differs', li, chen],
      ['time_differs', sentBack.input.at, moved.toISOString()],
      ['actor_differs', li, chen],
    ]);
  });

  it('flags a notice the outbox lacks, sent to someone else, or in the outbox without a history', () => {
    const stray = noticeRow(notice(9, li), { key: 'deadline-x/reminder/li' });
    const missing = build(steps, { ...agreeing, notices: [stray], projectNoticeKeys: new Set([stray.key]) });
    expect(missing.mismatches.map((m) => [m.kind, m.key])).toEqual([
      ['missing_in_records', told.input.key],
      ['missing_in_history', 'deadline-x/reminder/li'],
    ]);
    const elsewhere = build(steps, { ...agreeing, notices: [noticeRow(told, { recipientId: li })] });
    expect(elsewhere.mismatches.map((m) => [m.kind, m.history, m.records])).toEqual([['recipient_differs', chen, li]]);
  });

  it('flags scores, results and evidence files that differ from what the history says was written, and rows no step wrote', () => {
    const scored = step(13, 'recordScore', { workflowId: wf, stepKey: 'score:wang', evaluatorId: 'wang', total: 90, at: new Date(t0 + 12_900).toISOString() });
    const result = step(14, 'recordEvaluationResult', { workflowId: wf, stepKey: 'result', result: { total: 85.4, grade: 'good', ruleVersion: 'score-v2' } });
    const file = { id: 'f1', name: '签到表.pdf', size: 10, sha256: 'a'.repeat(64) };
    const evidence = step(15, 'recordEvidence', { workflowId: wf, stepKey: 'evidence:r1', itemId: 'i1', round: 1, actorId: chen, files: [file], at: new Date(t0 + 14_900).toISOString() });
    const audit = [...agreeing.audit, ...[scored, result, evidence].map((s, i) => auditOf(s, { action: ['score_submitted', 'evaluation_scored', 'evidence_submitted'][i], actorId: ['wang', null, chen][i] }))];
    const matching = { ...agreeing, audit, scores: [{ evaluatorId: 'wang', total: 90 }], evaluation: { total: 85.4, grade: 'good', ruleVersion: 'score-v2' }, evidenceFiles: [{ id: 'f1', name: file.name, sha256: file.sha256 }] };
    expect(build([...steps, scored, result, evidence], matching).mismatches).toEqual([]);

    const tampered = build([...steps, scored, result, evidence], {
      ...matching,
      decisions: [...matching.decisions, { taskId: 'planted', actorId: chen, decision: 'approve', decidedAt: new Date(t0) }],
      scores: [{ evaluatorId: 'wang', total: 95 }],
      evaluation: { total: 85.4, grade: 'excellent', ruleVersion: 'score-v2' },
      evidenceFiles: [{ id: 'f1', name: file.name, sha256: 'b'.repeat(64) }],
    });
    expect(tampered.mismatches.map((m) => [m.kind, m.key])).toEqual([
      ['value_differs', 'score:wang'],
      ['value_differs', 'result'],
      ['value_differs', 'evidence:r1'],
      ['missing_in_history', 'decision:planted'],
    ]);
  });

  it('leaves out a refused step and does not yet expect the writes of one still running', () => {
    const refused = { ...decision(11), outcome: 'failed' as const, closedAt: t0 + 11_500 };
    const running = { ...decision(12), outcome: 'running' as const, closedAt: null };
    const timeline = build([...steps, refused, running], agreeing);
    expect(timeline.consistent).toBe(true);
    expect(timeline.entries).toHaveLength(3);
  });
});
