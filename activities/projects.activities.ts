import type { ProjectGoal, ProjectStatus } from '../libs/domain/index.js';
import { ProjectEntity } from '../libs/db/entities/index.js';
import { applyStep } from '../libs/db/repositories/step.repository.js';
import type { ActivityDeps } from './deps.js';
import { recorded, type Step } from './steps.js';

/** The project row: its stage as the year moves on, and the mark that says a step of the year waits for an admin. */
export function createProjectsActivities({ ds }: ActivityDeps) {
  return {
    async recordProjectStage(
      input: Step & { status: ProjectStatus; action: string; actorId: string | null; title?: string; goals?: ProjectGoal[]; policyVersion?: string },
    ) {
      const { workflowId, stepKey, projectId, status, action, actorId, title, goals, policyVersion } = input;
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, actorId, action, entity: 'project', entityId: projectId, detail: { status, title, goals, policyVersion } },
        async (m) => {
          await m.update(ProjectEntity, projectId, {
            status,
            updatedAt: new Date(),
            ...(title !== undefined && { title }),
            ...(goals !== undefined && { goals }),
            ...(policyVersion !== undefined && { policyVersion }),
          });
        },
      );
      return recorded(input);
    },

    /** The project's year stopped on a step that failed for good: the row says which and why until an admin resumes it. */
    async markProjectAttention(input: Step & { failedStep: string; reason: string; at: string }): Promise<void> {
      const { workflowId, stepKey, projectId, failedStep, reason, at } = input;
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, actorId: null, action: 'attention_needed', entity: 'project', entityId: projectId, detail: { step: failedStep, reason } },
        async (m) => {
          await m.update(ProjectEntity, projectId, { attentionStep: failedStep, attentionReason: reason, attentionSince: new Date(at) });
        },
      );
    },

    /** An admin resumes the year: the failed step is tried again, and the mark is cleared (a new one is set if it fails again). */
    async clearProjectAttention(input: Step & { actorId: string }): Promise<void> {
      const { workflowId, stepKey, projectId, actorId } = input;
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, actorId, action: 'attention_resumed', entity: 'project', entityId: projectId, detail: {} },
        async (m) => {
          await m.update(ProjectEntity, projectId, { attentionStep: null, attentionReason: null, attentionSince: null });
        },
      );
    },
  };
}
