import { randomUUID } from 'node:crypto';
import { ScheduleOverlapPolicy, type ScheduleHandle } from '@temporalio/client';
import { beijingDateOf, defaultApprovalPolicy, defaultYearPolicy } from '../../libs/domain/index.js';
import type { MailSink } from '../../libs/dev-stack/mail-sink.js';
import { ensureDigestSchedule } from '../../apps/api/temporal/digest-schedule.js';
import type { DailyDigestResult } from '../../workflows/digest.workflow.js';
import { closeApiStack, startApiStack } from '../support/api-stack.js';
import { draftBody, ok, type ApiHarness, type ApiOrg } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';
import type { TestStack } from '../support/stack.js';

type Body = Record<string, any>;

/**
 * 每日待办 through the real schedule: where the year's policy prefers the digest, routine notices wait in the inbox,
 * and each working day at 09:00 every person with open work gets one mail, overdue first; days off get none.
 */
describe('the daily digest', () => {
  let stack: TestStack;
  let sink: MailSink;
  let api: ApiHarness;
  let org: ApiOrg;
  let adminToken: string;
  let schedule: ScheduleHandle;
  const today = beijingDateOf(Date.now());

  beforeAll(async () => {
    ({ stack, api, adminToken, org } = await startApiStack());
    ({ sink } = stack);
    const scheduleId = `digest-${stack.temporal.taskQueue}`;
    await ensureDigestSchedule(stack.temporal.client, stack.temporal.taskQueue, scheduleId);
    schedule = stack.temporal.client.schedule.getHandle(scheduleId);
  });

  afterAll(async () => {
    await schedule?.delete().catch(() => undefined);
    await closeApiStack({ stack, api }, 'digest');
  });

  /** Fires the schedule now, as 09:00 would, and waits for that run's result. */
  async function runDigest(): Promise<DailyDigestResult> {
    const before = (await schedule.describe()).info.recentActions.length;
    await schedule.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
    const actions = await pollUntil(
      async () => (await schedule.describe()).info.recentActions,
      (list) => list.length > before,
      { timeoutMs: 15_000, what: 'the triggered digest run' },
    );
    const run = actions[actions.length - 1].action.workflow;
    return stack.temporal.client.workflow.getHandle(run.workflowId, run.firstExecutionRunId).result();
  }

  const digests = (email: string) => sink.messages.filter((m) => m.to.includes(email) && m.subject.startsWith('【每日待办】'));
  const setToday = async (kind: 'holiday' | 'workday') => ok(await api.as(adminToken).put('/calendar/overrides', { overrides: [{ date: today, kind, note: 'e2e' }] }));

  it('runs at 09:00 Beijing time, skipping a run while one is going, catching up for three hours at most', async () => {
    const { spec, policies, action } = await schedule.describe();
    expect(spec.calendars?.map((c) => [c.hour, c.minute])).toEqual([[[{ start: 9, end: 9, step: 1 }], [{ start: 0, end: 0, step: 1 }]]]);
    expect(spec.timezone).toBe('Asia/Shanghai');
    expect([policies.overlap, policies.catchupWindow]).toEqual([ScheduleOverlapPolicy.SKIP, 3 * 3_600_000]);
    expect(action.type === 'startWorkflow' && action.workflowType).toBe('dailyDigest');
  });

  it('keeps routine notices for the digest and mails each person one digest per working day, overdue first; none on a day off', async () => {
    const base = defaultYearPolicy(Number(today.slice(0, 4)));
    // Each approval level falls due a second after it opens, so the digest finds the step overdue.
    const approval = { ...defaultApprovalPolicy, levelDeadline: { dueIn: '1s', remindBefore: [], escalateAfter: [] } };
    ok(await api.as(adminToken).put(`/policies/${base.year}`, { ...base, version: `e2e-${randomUUID().slice(0, 8)}`, approval, notices: { digest: 'instead' } }));
    const chen = org.people.chen;
    const zhang = org.people.zhang;
    const draft = ok(await api.as(chen.token).post('/projects', draftBody(org.units.branch, { title: `每日待办-${randomUUID().slice(0, 6)}` })));
    ok(await api.as(chen.token).post(`/projects/${draft.id}/submit`, {}, { idempotencyKey: randomUUID() }));
    const inbox = await pollUntil(
      async () => ok(await api.as(zhang.token).get('/notices')) as Body[],
      (list) => list.some((n) => n.projectId === draft.id && n.kind === 'task_assigned'),
      { timeoutMs: 20_000, what: 'the step in the inbox' },
    );
    expect(inbox.find((n) => n.projectId === draft.id)?.mail).toBe('in_digest');
    expect(sink.messages.filter((m) => m.to.includes(zhang.email) && m.subject.startsWith('【待办】'))).toHaveLength(0);

    await setToday('holiday');
    expect(await runDigest()).toEqual({ date: today, mailed: 0 });

    const [step] = (ok(await api.as(zhang.token).get('/tasks')) as Body[]).filter((t) => t.projectId === draft.id);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(step.dueAt) + 200 - Date.now())));
    await setToday('workday');
    expect(await runDigest()).toEqual({ date: today, mailed: 1 });
    await sink.waitFor(() => digests(zhang.email).length > 0, 10_000);
    const [mail] = digests(zhang.email);
    expect(mail.subject).toBe('【每日待办】您有 1 项待办，其中 1 项已逾期');
    expect(mail.text).toContain(`· 立项审批：${draft.title}，截止 `);
    expect(mail.text).toContain('，已逾期');
    expect(digests(chen.email)).toHaveLength(0);

    // A second run the same day (a catch-up, a manual trigger) mails nobody twice.
    expect(await runDigest()).toEqual({ date: today, mailed: 1 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(digests(zhang.email)).toHaveLength(1);
  });
});
