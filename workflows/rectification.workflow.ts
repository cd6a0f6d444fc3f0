import { allHandlersFinished, condition, continueAsNew, executeChild, setHandler, startChild, uuid4, workflowInfo } from '@temporalio/workflow';
import {
  chainDecisions,
  approvalWorkflowId,
  deadlineWorkflowId,
  noticeKey,
  rectificationDueRef,
  verificationRef,
  type NoticeKind,
} from '../libs/domain/index.js';
import { notify, nowIso, rectifications, refusal, tasks } from './activity-proxies.js';
import { approvalChain } from './approval-chain.workflow.js';
import { dueFrom } from './due-dates.js';
import { satisfySignal } from './deadline.messages.js';
import { deadline } from './deadline.workflow.js';
import { handOverWorkUpdate } from './hand-over.messages.js';
import { checkTaker, handOverWork } from './hand-over.js';
import {
  rectificationStateQuery,
  submitEvidenceUpdate,
  type RectificationInput,
  type RectificationState,
} from './rectification.messages.js';
import { reportingTo } from './child-outcome.js';

/**
 * One rectification item (整改事项): both owners owe evidence by the due date, the level that raised the
 * finding verifies it (销号), and a failed verification reopens the item with a new due date. Items outlive the year
 * and may fail verification round after round, so a reopening continues as new when Temporal suggests it.
 */
export async function rectification(input: RectificationInput): Promise<RectificationState> {
  return reportingTo(input.reportTo, () => runItem(input));
}

async function runItem(input: RectificationInput): Promise<RectificationState> {
  const workflowId = workflowInfo().workflowId;
  const { itemId, projectId } = input;
  /** Both owners (一岗双责); a 移交 changes them in place, in the input too, so a continued run keeps the new one. */
  const owners = [...new Set([input.partyOwnerId, input.businessOwnerId])];
  const { resume, restart } = input;
  const step = (stepKey: string) => ({ workflowId, stepKey, projectId });
  // A run started again after a failure reads where the item stands; its steps keep their keys, so what the failed
  // run recorded is not recorded twice, and what it left undone is done now.
  const standing = restart ? await rectifications.restartItem({ ...step(`restarted:${restart.attempt}`), itemId, actorId: restart.actorId, attempt: restart.attempt, at: nowIso() }) : null;
  const state: RectificationState = {
    itemId,
    status: standing?.status ?? 'open',
    round: standing?.round ?? resume?.round ?? 1,
    dueAt: standing?.dueAt ?? resume?.dueAt ?? input.dueAt,
  };
  const evidence: { round: number; at: string; by: string }[] = standing?.evidence ? [{ round: standing.round, ...standing.evidence }] : [];
  let submitting = false;
  /** The round whose evidence tasks are open: evidence waits for them, so no task is opened after its work is done. */
  let tasksOpenFor = 0;

  setHandler(rectificationStateQuery, () => state);
  setHandler(
    submitEvidenceUpdate,
    async ({ actorId, text, files }) => {
      submitting = true;
      await condition(() => tasksOpenFor === state.round);
      const at = nowIso();
      await rectifications.recordEvidence({ ...step(`evidence:r${state.round}`), itemId, evidenceId: uuid4(), round: state.round, text, actorId, at, ...(files?.length ? { files } : {}) });
      evidence.push({ round: state.round, at, by: actorId });
      state.status = 'verifying';
      submitting = false;
      return state;
    },
    {
      validator: ({ actorId }) => {
        if (!owners.includes(actorId)) throw refusal('FORBIDDEN', "only the item's party owner or business owner can submit evidence");
        if (submitting || state.status !== 'open') throw refusal('WRONG_STAGE', `evidence is not expected now (the item is ${state.status})`);
      },
    },
  );

  setHandler(
    handOverWorkUpdate,
    async (request) => {
      const { fromId, toId } = request;
      const result = await handOverWork(
        {
          workflowId,
          projectId,
          kinds: ['evidence'],
          subjectId: itemId,
          holder: { item: itemId },
          deadlineIds: [deadlineWorkflowId(rectificationDueRef(itemId, state.round))],
          notice: { projectTitle: input.projectTitle, taskTitle: '提交整改佐证', subject: `整改事项“${input.description}”` },
        },
        request,
      );
      if (input.partyOwnerId === fromId) input.partyOwnerId = toId;
      if (input.businessOwnerId === fromId) input.businessOwnerId = toId;
      owners.splice(0, owners.length, ...new Set([input.partyOwnerId, input.businessOwnerId]));
      return result;
    },
    {
      validator: (request) => {
        checkTaker(request);
        if (!owners.includes(request.fromId)) throw refusal('WRONG_STAGE', 'the person handing over is not an owner of this item');
        if (state.status === 'closed') throw refusal('WRONG_STAGE', 'this item is closed');
      },
    },
  );

  const tell = async (kind: NoticeKind, stepName: string, extra: Record<string, string | null> = {}) => {
    for (const ownerId of owners) {
      await notify({
        key: noticeKey(workflowId, stepName, ownerId),
        recipientId: ownerId,
        kind,
        projectId,
        data: { projectTitle: input.projectTitle, description: input.description, dueAt: state.dueAt, ...extra },
      });
    }
  };

  /** Opens the round a failed verification began; the new round's due date is already in `state`. */
  const reopen = async (comment: string | null) => {
    const failed = state.round - 1;
    // Open again before the ledger says so: an owner who sees the item reopened can submit at once.
    state.status = 'open';
    await rectifications.recordItemOutcome({ ...step(`reopened:r${failed}`), itemId, outcome: 'reopened', round: state.round, dueAt: state.dueAt, closedOnTime: null, at: nowIso() });
    await tell('item_reopened', `reopened:r${failed}`, { comment });
  };

  /** The rule the current round's due date follows, in words (policies with working-day rules per severity). */
  let rule = resume ? resume.rule : input.rule;
  if (resume) await reopen(resume.comment);
  // A reopened round's rule is not in the ledger: a restarted run shows that round's date without it.
  if (standing && standing.round > 1) rule = undefined;
  // Closed before the failure (only telling the owners was left): nothing more to run.
  if (state.status === 'closed') {
    await condition(allHandlersFinished);
    return state;
  }
  for (;;) {
    const round = state.round;
    const ref = rectificationDueRef(itemId, round);
    const due = await startChild(deadline, {
      workflowId: deadlineWorkflowId(ref),
      args: [
        {
          ref,
          projectId,
          projectTitle: input.projectTitle,
          title: `整改事项“${input.description}”`,
          kind: 'evidence',
          ownerIds: owners,
          subjectId: itemId,
          unitId: input.unitId,
          dueAt: state.dueAt,
          ladder: input.severityRule?.ladder ?? input.policy.ladder,
          ...(rule ? { rule } : {}),
        },
      ],
    });
    await tasks.openTasks({
      ...step(`evidence-tasks:r${round}`),
      tasks: owners.map((ownerId) => ({
        id: uuid4(),
        stepKey: `evidence:r${round}:${ownerId}`,
        kind: 'evidence' as const,
        assigneeId: ownerId,
        title: `提交整改佐证：${input.description}`,
        dueAt: state.dueAt,
        subjectId: itemId,
      })),
    });
    tasksOpenFor = round;
    await condition(() => evidence.some((e) => e.round === round) && !submitting);
    const submitted = evidence.find((e) => e.round === round) as (typeof evidence)[number];
    await due.signal(satisfySignal, { at: submitted.at });
    const verification = await executeChild(approvalChain, {
      workflowId: approvalWorkflowId(verificationRef(itemId, round)),
      args: [
        {
          ref: verificationRef(itemId, round),
          purpose: 'verification',
          projectId,
          subject: `整改事项“${input.description}” · ${input.projectTitle}`,
          submitterId: submitted.by,
          levels: [input.verifierLevel],
          allowed: [...chainDecisions.verification],
        },
      ],
    });
    await due.result();
    if (verification.status === 'approved') {
      const closedOnTime = round === 1 && Date.parse(submitted.at) <= Date.parse(input.dueAt);
      await rectifications.recordItemOutcome({ ...step('closed'), itemId, outcome: 'closed', round, dueAt: state.dueAt, closedOnTime, at: nowIso() });
      state.status = 'closed';
      await tell('item_closed', 'closed');
      break;
    }
    const reopened = await dueFrom(input.severityRule?.reopenDue ?? input.policy.reopenDueIn, '重开');
    const comment = verification.decisions[verification.decisions.length - 1]?.comment ?? null;
    state.round = round + 1;
    state.dueAt = reopened.dueAt;
    rule = reopened.rule;
    // The new run opens the round, not this one: with the item still verifying no evidence update can be running
    // here, and one that arrives meanwhile goes to the new run. Opened here, an update accepted while the owners are
    // told would wait for the next round's tasks, and so would the continue-as-new, for ever.
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof rectification>({ ...input, restart: undefined, resume: { round: state.round, dueAt: state.dueAt, ...(rule ? { rule } : {}), comment } });
    }
    await reopen(comment);
  }
  await condition(allHandlersFinished);
  return state;
}
