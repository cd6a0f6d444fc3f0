import { allHandlersFinished, condition, continueAsNew, setHandler, startChild, workflowInfo } from '@temporalio/workflow';
import {
  chainDecisions,
  approvalWorkflowId,
  checkExtension,
  dueAfterPause,
  extensionRef,
  escalatingRules,
  extensionTemplate,
  noticeKey,
  planLadder,
  rungId,
  type DeadlineEvent,
  type DeadlineEventKind,
  type ExtensionRequest,
  type GuessedSchedule,
  type Rung,
} from '../libs/domain/index.js';
import { deadlines, directory, guard, notify, nowIso, refusal } from './activity-proxies.js';
import { withdrawSignal } from './approval-chain.messages.js';
import type { approvalChain } from './approval-chain.workflow.js';
import { deadlineStateQuery, requestExtensionUpdate, rescheduleSignal, satisfySignal, type DeadlineInput, type DeadlineState, type Reschedule } from './deadline.messages.js';
import { replaceOwnerSignal } from './hand-over.messages.js';
import { reportingTo } from './child-outcome.js';

/**
 * One due date: reminders before it, the overdue mark when it passes, then graded escalation (分级督办),
 * each rung at most once, until the work is submitted. Whoever receives the submission signals `satisfy`.
 * An owner may ask for an extension (延期): the clock stands still while it is decided; granted, the ladder starts
 * afresh for the new date; refused, every rung still to come moves on by the time the decision took.
 * A campaign report's deadline ends at the campaign's close (`closesAt`) if the work has not come by then. A deadline
 * A date guessed on a weekends-only year moves once, when that year's holidays are published (`reschedule`). A deadline
 * that runs long (nudged, extended) continues as new when Temporal suggests it, between rungs, carrying its clock.
 */
export async function deadline(input: DeadlineInput): Promise<DeadlineState> {
  return reportingTo(input.reportTo, () => runDeadline(input));
}

async function runDeadline(input: DeadlineInput): Promise<DeadlineState> {
  const workflowId = workflowInfo().workflowId;
  let dueAtMs = Date.parse(input.dueAt);
  let remindAtMs = (input.remindAt ?? []).map((at) => Date.parse(at));
  const { resume } = input;
  const state: DeadlineState = { ref: input.ref, dueAt: input.dueAt, status: resume?.status ?? 'open', submittedAt: null, fired: resume?.fired ?? [], events: resume?.events ?? [] };
  const events = state.events as DeadlineEvent[];
  /** Extensions asked for so far; the one being decided, if any; each change of the clock bumps `clockChanges`. */
  let extensions = resume?.extensions ?? 0;
  let granted = resume?.granted ?? 0;
  let pending: ExtensionRequest | null = null;
  /** A guessed date computed again, waiting to be applied between rungs; the number applied so far names their steps. */
  let reschedule: Reschedule | null = null;
  let rescheduled = resume?.rescheduled ?? 0;
  let clockChanges = 0;
  /** Requests written to the deadline's record so far. */
  let recorded = extensions;
  const outcomeNotices: Promise<void>[] = [];
  const submitted = () => state.submittedAt !== null;
  /** `guessed` is written only when given: set when the deadline opens, cleared (null) when its date is settled. */
  const record = (stepKey: string, event?: DeadlineEvent, guessed?: GuessedSchedule | null) =>
    deadlines.recordDeadline({
      workflowId,
      stepKey,
      projectId: input.projectId,
      campaignId: input.campaignId ?? null,
      ref: input.ref,
      kind: input.kind,
      title: input.title,
      dueAt: state.dueAt,
      status: state.status,
      submittedAt: state.submittedAt,
      rule: input.rule ?? null,
      ...(input.subjectId ? { subjectId: input.subjectId } : {}),
      ...(event ? { event } : {}),
      ...(guessed !== undefined ? { guessed } : {}),
    });
  const addEvent = (kind: DeadlineEventKind, actorId: string | null, reason: string | null): DeadlineEvent => {
    const event = { kind, at: nowIso(), actorId, reason, dueAt: state.dueAt };
    events.push(event);
    return event;
  };

  setHandler(satisfySignal, ({ at }) => {
    state.submittedAt ??= at;
  });
  setHandler(deadlineStateQuery, () => state);
  // 移交: the input is what a continued run is handed, so the new holder stays the holder there too.
  setHandler(replaceOwnerSignal, ({ fromId, toId }) => {
    input.ownerIds = [...new Set(input.ownerIds.map((id) => (id === fromId ? toId : id)))];
  });
  setHandler(rescheduleSignal, (next) => {
    // Only a date still to come, for work not yet in, that no extension has replaced; the same date again (a second
    // save of the calendar, a retried signal) moves nothing.
    if (submitted() || Date.now() >= dueAtMs || pending !== null || granted > 0 || Date.parse(next.dueAt) === dueAtMs) return;
    reschedule = next;
    clockChanges++;
  });
  setHandler(
    requestExtensionUpdate,
    async (request) => {
      pending = request;
      clockChanges++;
      const n = ++extensions;
      await record(`extension:${n}:requested`, addEvent('extension_requested', request.actorId, `${request.reason}（申请延期至 ${request.until}）`));
      recorded = n;
      return state;
    },
    {
      validator: (request) => {
        // A chain's steps belong to a project; a campaign's report has none to hang the decision on yet.
        if (input.projectId === null) throw refusal('WRONG_STAGE', 'a campaign report cannot be extended; ask the committee to change its due date');
        guard(() => checkExtension({ dueAtMs, submitted: submitted(), pending: pending !== null, asked: extensions, ownerIds: input.ownerIds }, request, Date.now()));
      },
    },
  );

  if (!resume) await record('opened', undefined, input.guessed);

  /** Waits until the rung's time; true when the work arrived or the clock changed first. */
  async function interruptedBefore(atMs: number): Promise<boolean> {
    const changes = clockChanges;
    const interrupted = () => submitted() || clockChanges !== changes;
    const wait = atMs - Date.now();
    return wait > 0 ? condition(interrupted, wait) : interrupted();
  }

  async function fire(rung: Rung): Promise<void> {
    const id = rungId(rung.kind, rung.index, granted);
    state.fired.push(id);
    const data = { projectTitle: input.projectTitle, title: input.title, dueAt: state.dueAt, ...(input.campaignId ? { campaignId: input.campaignId } : {}) };
    switch (rung.kind) {
      case 'reminder':
        // A reminder whose moment passed before the deadline existed is still useful until the work falls due.
        if (Date.now() >= dueAtMs) return;
        for (const ownerId of input.ownerIds) {
          await notify({ key: noticeKey(workflowId, id, ownerId), recipientId: ownerId, kind: 'reminder', projectId: input.projectId, data });
        }
        return;
      case 'overdue':
        state.status = 'overdue';
        // Each round after a granted extension has its own step, or the second overdue mark is deduplicated away.
        await record(granted > 0 ? `overdue:x${granted}` : 'overdue');
        return;
      case 'escalation': {
        const to = rung.to ?? 'parent_unit_secretary';
        if (to === 'owner') {
          for (const ownerId of input.ownerIds) {
            await notify({ key: noticeKey(workflowId, id, ownerId), recipientId: ownerId, kind: 'overdue', projectId: input.projectId, data });
          }
          return;
        }
        const recipients = await directory.resolveEscalationRecipients({ unitId: input.unitId, to });
        const ownerNames = await directory.personNames({ ids: input.ownerIds });
        for (const recipientId of recipients) {
          await notify({
            key: noticeKey(workflowId, id, recipientId),
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

  /** The clock stands still from the request until the owning unit decides; the decision sets the date it runs to. */
  async function decideExtension(request: ExtensionRequest, projectId: string): Promise<void> {
    const n = extensions;
    const pausedAtMs = Date.now();
    // The pause is written after the request it follows, whichever activity the server finished first.
    await condition(() => recorded >= n);
    await record(`extension:${n}:paused`, addEvent('paused', request.actorId, '延期申请审批中'));
    const ref = extensionRef(input.ref, n);
    const levels = await directory.resolveLevels({ unitId: input.unitId, submitterId: request.actorId, template: extensionTemplate, rules: escalatingRules });
    // By name: the chain starts deadlines too, and a runtime import each way would be a cycle.
    const chain = await startChild<typeof approvalChain>('approvalChain', {
      workflowId: approvalWorkflowId(ref),
      args: [{ ref, purpose: 'extension', projectId, subject: `${input.title}（延期至 ${request.until}）`, submitterId: request.actorId, levels, allowed: [...chainDecisions.extension] }],
    });
    // Work handed in while the request waits makes it moot: the request is withdrawn and its step closed, so whoever
    // is waiting on this deadline (a chain's level, a project's quarter) is not held up by an undecided extension.
    const decided = await Promise.race([chain.result(), condition(submitted).then(() => null)]);
    if (decided === null) await chain.signal(withdrawSignal, { actorId: request.actorId, comment: '工作已提交，延期申请自动撤回' }).catch(() => undefined);
    const decision = decided ?? (await chain.result());
    const last = decision.decisions[decision.decisions.length - 1];
    if (decision.status === 'approved') {
      granted++;
      const shift = Date.parse(request.until) - dueAtMs;
      dueAtMs += shift;
      remindAtMs = remindAtMs.map((at) => at + shift);
      if (state.status === 'overdue') state.status = 'open';
    } else {
      const resumed = dueAfterPause(dueAtMs, pausedAtMs, Date.now());
      remindAtMs = remindAtMs.map((at) => at + resumed - dueAtMs);
      dueAtMs = resumed;
    }
    state.dueAt = new Date(dueAtMs).toISOString();
    if (decision.status === 'withdrawn') await record(`extension:${n}:withdrawn`, addEvent('extension_withdrawn', request.actorId, '工作已提交'));
    else {
      const outcome = decision.status === 'approved' ? 'extension_granted' : 'extension_refused';
      await record(`extension:${n}:decided`, addEvent(outcome, last?.actorId ?? null, last?.comment ?? null));
      // Told in the background: a mail server deferring for an hour must not hold the ladder that now runs again.
      outcomeNotices.push(
        ...input.ownerIds.map((ownerId) =>
          notify({
            key: noticeKey(workflowId, `extension:${n}`, ownerId),
            recipientId: ownerId,
            kind: outcome,
            projectId,
            data: { projectTitle: input.projectTitle, title: input.title, dueAt: state.dueAt, comment: last?.comment ?? null },
          }),
        ),
      );
    }
    await record(`extension:${n}:resumed`, addEvent('resumed', null, null));
    pending = null;
  }

  /** Moves the clock like a granted extension, without starting the ladder afresh: rungs already fired stay fired. */
  async function applyReschedule(next: Reschedule): Promise<void> {
    const n = ++rescheduled;
    const previousDueAt = state.dueAt;
    dueAtMs = Date.parse(next.dueAt);
    remindAtMs = next.remindAt.map((at) => Date.parse(at));
    state.dueAt = new Date(dueAtMs).toISOString();
    const reason = `${next.years.join('、')}年节假日安排已发布，截止时间按原规则重新计算`;
    // The date is settled: the flag is cleared with the event, so a later save of the calendar leaves it alone.
    await record(`reschedule:${n}`, addEvent('rescheduled', null, reason), null);
    outcomeNotices.push(
      ...input.ownerIds.map((ownerId) =>
        notify({
          key: noticeKey(workflowId, `reschedule:${n}`, ownerId),
          recipientId: ownerId,
          kind: 'deadline_rescheduled',
          projectId: input.projectId,
          data: { projectTitle: input.projectTitle, title: input.title, dueAt: state.dueAt, previousDueAt, ...(input.campaignId ? { campaignId: input.campaignId } : {}) },
        }),
      ),
    );
  }

  const closesAtMs = input.closesAt ? Date.parse(input.closesAt) : null;
  /** The campaign closed before the work came. */
  let unmet = false;
  // Without an extension this waits and fires exactly as the fixed ladder did, so older histories replay unchanged.
  for (;;) {
    if (pending) {
      await decideExtension(pending, input.projectId as string);
      continue;
    }
    if (reschedule) {
      const next: Reschedule = reschedule;
      reschedule = null;
      await applyReschedule(next);
      continue;
    }
    // Between rungs, with no extension being decided, is a safe point to hand the clock on to a new run.
    if (workflowInfo().continueAsNewSuggested && !submitted()) {
      await Promise.all(outcomeNotices);
      await condition(allHandlersFinished);
      if (pending === null && reschedule === null && !submitted()) {
        await continueAsNew<typeof deadline>({
          ...input,
          dueAt: state.dueAt,
          remindAt: remindAtMs.map((at) => new Date(at).toISOString()),
          resume: { status: state.status, fired: state.fired, events, extensions, granted, rescheduled },
        });
      }
      continue;
    }
    const next = planLadder(dueAtMs, input.ladder, remindAtMs).find((rung) => !state.fired.includes(rungId(rung.kind, rung.index, granted)));
    if (closesAtMs !== null && (!next || closesAtMs <= next.atMs)) {
      if (!(await interruptedBefore(closesAtMs))) {
        unmet = true;
        break;
      }
    } else if (!next) await condition(() => submitted() || pending !== null || reschedule !== null);
    else if (!(await interruptedBefore(next.atMs))) {
      await fire(next);
      continue;
    }
    if (submitted()) break;
  }
  if (unmet) await record('closed-unmet', addEvent('closed_unmet', null, '报告任务已截止，未报送'));
  else {
    state.status = Date.parse(state.submittedAt as string) <= dueAtMs ? 'met' : 'late';
    await record('closed');
  }
  await Promise.all(outcomeNotices);
  await condition(allHandlersFinished);
  return state;
}
