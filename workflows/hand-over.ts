import { getExternalWorkflowHandle } from '@temporalio/workflow';
import { noticeKey, type TaskKind } from '../libs/domain/index.js';
import type { HolderRow } from '../activities/hand-over.activities.js';
import { handOvers, notify, refusal } from './activity-proxies.js';
import { replaceOwnerSignal, type HandOverWorkInput, type HandOverWorkResult } from './hand-over.messages.js';

export interface HeldWork {
  workflowId: string;
  projectId: string | null;
  campaignId?: string;
  kinds: TaskKind[];
  subjectId?: string;
  holder: HolderRow;
  /** The due dates of the work, still running or not: each is told whom it now reminds and escalates about. */
  deadlineIds: string[];
  /** What the taker is told they now hold. */
  notice: { projectTitle: string; taskTitle: string; subject: string };
}

/**
 * The common part of every workflow's 移交: the rows and the audit event (one step per leaver, taker and subject, so
 * a retried or repeated request moves nothing twice), the due dates, and one notice to the taker.
 */
export async function handOverWork(work: HeldWork, request: HandOverWorkInput): Promise<HandOverWorkResult> {
  const { workflowId, projectId, subjectId } = work;
  const { fromId, toId } = request;
  const stepKey = `hand-over:${fromId}>${toId}${subjectId ? `:${subjectId}` : ''}`;
  const taskIds = await handOvers.recordHandOver({
    workflowId,
    stepKey,
    projectId,
    campaignId: work.campaignId ?? null,
    ...request,
    kinds: work.kinds,
    ...(subjectId ? { subjectId } : {}),
    holder: work.holder,
  });
  // A due date that has already closed refuses the signal; it has nobody left to remind.
  for (const id of work.deadlineIds) await getExternalWorkflowHandle(id).signal(replaceOwnerSignal, { fromId, toId }).catch(() => undefined);
  await notify({
    key: noticeKey(workflowId, stepKey, toId),
    recipientId: toId,
    kind: 'task_assigned',
    projectId,
    data: { ...work.notice, dueAt: null, ...(taskIds[0] ? { taskId: taskIds[0] } : {}), ...(work.campaignId ? { campaignId: work.campaignId } : {}) },
  });
  return { taskIds };
}

/** Every validator's first check: the work goes to someone else. */
export function checkTaker({ fromId, toId }: HandOverWorkInput): void {
  if (fromId === toId) throw refusal('INVALID_INPUT', 'the work is handed over to someone other than its holder');
}
