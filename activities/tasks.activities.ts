import { In } from 'typeorm';
import type { ApprovalPurpose, LevelMode, TaskKind } from '../libs/domain/index.js';
import { TaskEntity } from '../libs/db/entities/index.js';
import { applyStep } from '../libs/db/repositories/step.repository.js';
import type { ActivityDeps } from './deps.js';
import { date, recorded, type OwnedStep, type Step } from './steps.js';

export interface TaskSpec {
  id: string;
  stepKey: string;
  kind: TaskKind;
  assigneeId: string;
  title: string;
  dueAt?: string | null;
  purpose?: ApprovalPurpose | null;
  chainRef?: string | null;
  level?: number | null;
  levelUnitName?: string | null;
  levelMode?: LevelMode | null;
  /** A committee meeting's level: who sits on it, so reading the step never asks the chain. */
  meetingMemberIds?: string[] | null;
  subjectId?: string | null;
}

/** The to-do list people work from: tasks opened for whoever's turn it is, closed when the turn passes. */
export function createTasksActivities({ ds }: ActivityDeps) {
  return {
    async openTasks(input: OwnedStep & { tasks: TaskSpec[] }) {
      const { workflowId, stepKey, projectId, tasks } = input;
      const campaignId = input.campaignId ?? null;
      const now = new Date();
      await applyStep(
        ds,
        {
          workflowId,
          stepKey,
          projectId,
          campaignId,
          actorId: null,
          action: 'tasks_opened',
          entity: 'task',
          detail: { tasks: tasks.map((t) => ({ id: t.id, kind: t.kind, assigneeId: t.assigneeId, title: t.title, dueAt: t.dueAt ?? null })) },
        },
        async (m) => {
          await m.insert(
            TaskEntity,
            tasks.map((t) => ({
              id: t.id,
              workflowId,
              stepKey: t.stepKey,
              kind: t.kind,
              projectId,
              campaignId,
              assigneeId: t.assigneeId,
              title: t.title,
              status: 'open' as const,
              purpose: t.purpose ?? null,
              chainRef: t.chainRef ?? null,
              level: t.level ?? null,
              levelUnitName: t.levelUnitName ?? null,
              levelMode: t.levelMode ?? null,
              meetingMemberIds: t.meetingMemberIds ?? null,
              subjectId: t.subjectId ?? null,
              dueAt: date(t.dueAt),
              createdAt: now,
            })),
          );
        },
      );
      return recorded(input);
    },

    async closeTasks(input: Step & { taskIds: string[]; outcome: string }) {
      const { workflowId, stepKey, projectId, taskIds, outcome } = input;
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, actorId: null, action: 'tasks_closed', entity: 'task', detail: { taskIds, outcome } },
        async (m) => {
          await m.update(TaskEntity, { id: In(taskIds), status: 'open' }, {
            status: outcome === 'cancelled' ? 'cancelled' : 'done',
            outcome,
            closedAt: new Date(),
          });
        },
      );
      return recorded(input);
    },
  };
}
