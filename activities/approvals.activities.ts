import type { ApprovalPurpose, Decision, MeetingRecord, ReviewRatings } from '../libs/domain/index.js';
import { DecisionEntity, TaskEntity } from '../libs/db/entities/index.js';
import { applyStep } from '../libs/db/repositories/step.repository.js';
import type { ActivityDeps } from './deps.js';
import { recorded, type Step } from './steps.js';

/** What happens on an approval chain's tasks: decisions, meetings, hand-overs, added approvers and nudges. */
export function createApprovalsActivities({ ds }: ActivityDeps) {
  return {
    async recordDecision(
      input: Step & {
        taskId: string;
        actorId: string;
        decision: Decision;
        comment: string | null;
        meeting?: MeetingRecord;
        ratings?: ReviewRatings;
        chainRef: string;
        purpose: ApprovalPurpose;
        level: number;
        at: string;
      },
    ) {
      const { workflowId, stepKey, projectId, taskId, actorId, decision, comment, chainRef, purpose, level, at } = input;
      const meeting = input.meeting ?? null;
      const ratings = input.ratings ?? null;
      await applyStep(
        ds,
        {
          workflowId,
          stepKey,
          projectId,
          actorId,
          action: meeting ? `meeting_${decision}` : `decision_${decision}`,
          entity: 'task',
          entityId: taskId,
          detail: { decision, comment, chainRef, purpose, level, ...(meeting ? { meeting } : {}), ...(ratings ? { ratings } : {}) },
          at: new Date(at),
        },
        async (m) => {
          await m.update(TaskEntity, taskId, { status: 'done', outcome: decision, closedAt: new Date(at) });
          await m.insert(DecisionEntity, { taskId, projectId, chainRef, purpose, level, actorId, decision, comment, meeting, ratings, decidedAt: new Date(at) });
        },
      );
      return recorded(input);
    },

    /** 转交, 加签, 催办: an audit event, and the actor's task closed when the action hands it on. */
    async recordChainAction(
      // taskId null: an action on the chain's levels rather than on one step (换届's places in levels not yet opened, 移交).
      input: Step & { taskId: string | null; actorId: string; action: 'delegated' | 'approver_added' | 'nudged' | 'places_handed_over' | 'holder_changed'; detail: Record<string, unknown>; closeTaskAs?: string },
    ) {
      const { workflowId, stepKey, projectId, taskId, actorId, action, detail, closeTaskAs } = input;
      const entity = taskId ? { entity: 'task', entityId: taskId } : { entity: 'approval_chain', entityId: workflowId };
      await applyStep(ds, { workflowId, stepKey, projectId, actorId, action, ...entity, detail }, async (m) => {
        if (closeTaskAs && taskId) await m.update(TaskEntity, { id: taskId, status: 'open' }, { status: 'done', outcome: closeTaskAs, closedAt: new Date() });
      });
      return recorded(input);
    },
  };
}
