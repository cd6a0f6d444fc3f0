import { allHandlersFinished, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import { noticeKey, planLadder, type Rung } from '../libs/domain/index.js';
import { directory, notify, records } from './activity-proxies.js';
import { deadlineStateQuery, satisfySignal, type DeadlineInput, type DeadlineState } from './deadline.messages.js';

/**
 * One due date: reminders before it, the overdue mark when it passes, then graded escalation (分级督办),
 * each rung at most once, until the work is submitted. Whoever receives the submission signals `satisfy`.
 */
export async function deadline(input: DeadlineInput): Promise<DeadlineState> {
  const workflowId = workflowInfo().workflowId;
  const dueAtMs = Date.parse(input.dueAt);
  const state: DeadlineState = { ref: input.ref, dueAt: input.dueAt, status: 'open', submittedAt: null, fired: [] };
  const submitted = () => state.submittedAt !== null;
  const record = (stepKey: string) =>
    records.recordDeadline({
      workflowId,
      stepKey,
      projectId: input.projectId,
      ref: input.ref,
      kind: input.kind,
      title: input.title,
      dueAt: input.dueAt,
      status: state.status,
      submittedAt: state.submittedAt,
      rule: input.rule ?? null,
    });

  setHandler(satisfySignal, ({ at }) => {
    state.submittedAt ??= at;
  });
  setHandler(deadlineStateQuery, () => state);

  await record('opened');

  /** Waits until the rung's time; true when the work arrived first. */
  async function submittedBefore(atMs: number): Promise<boolean> {
    const wait = atMs - Date.now();
    return wait > 0 ? condition(submitted, wait) : submitted();
  }

  async function fire(rung: Rung): Promise<void> {
    const rungId = `${rung.kind}:${rung.index}`;
    state.fired.push(rungId);
    const data = { projectTitle: input.projectTitle, title: input.title, dueAt: input.dueAt };
    switch (rung.kind) {
      case 'reminder':
        // A reminder whose moment passed before the deadline existed is still useful until the work falls due.
        if (Date.now() >= dueAtMs) return;
        for (const ownerId of input.ownerIds) {
          await notify({ key: noticeKey(workflowId, rungId, ownerId), recipientId: ownerId, kind: 'reminder', projectId: input.projectId, data });
        }
        return;
      case 'overdue':
        state.status = 'overdue';
        await record('overdue');
        return;
      case 'escalation': {
        const to = rung.to ?? 'parent_unit_secretary';
        if (to === 'owner') {
          for (const ownerId of input.ownerIds) {
            await notify({ key: noticeKey(workflowId, rungId, ownerId), recipientId: ownerId, kind: 'overdue', projectId: input.projectId, data });
          }
          return;
        }
        const recipients = await directory.resolveEscalationRecipients({ unitId: input.unitId, to });
        const ownerNames = await directory.personNames({ ids: input.ownerIds });
        for (const recipientId of recipients) {
          await notify({
            key: noticeKey(workflowId, rungId, recipientId),
            recipientId,
            kind: 'escalation',
            projectId: input.projectId,
            data: { ...data, ownerNames },
          });
        }
        return;
      }
    }
  }

  for (const rung of planLadder(dueAtMs, input.ladder, (input.remindAt ?? []).map((at) => Date.parse(at)))) {
    if (await submittedBefore(rung.atMs)) break;
    await fire(rung);
  }
  await condition(submitted);
  state.status = Date.parse(state.submittedAt as string) <= dueAtMs ? 'met' : 'late';
  await record('closed');
  await condition(allHandlersFinished);
  return state;
}
