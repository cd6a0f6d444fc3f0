import { In } from 'typeorm';
import { CampaignTargetEntity, ProjectEntity, RectificationItemEntity, TaskEntity } from '../libs/db/entities/index.js';
import { applyStep } from '../libs/db/repositories/step.repository.js';
import type { TaskKind } from '../libs/domain/index.js';
import type { ActivityDeps } from './deps.js';
import type { OwnedStep } from './steps.js';

/** The row that names the holder besides the workflow: a project's owner, an item's owners, a campaign unit's secretaries. */
export type HolderRow = { project: string } | { item: string } | { campaignTarget: { campaignId: string; unitId: string } } | null;

export interface HandOverRecord extends OwnedStep {
  fromId: string;
  toId: string;
  byId: string;
  reason: string;
  /** The kinds of open task of this workflow that move, and (when given) only those about this subject. */
  kinds: TaskKind[];
  subjectId?: string;
  holder: HolderRow;
}

const swap = (ids: string[], fromId: string, toId: string): string[] => [...new Set(ids.map((id) => (id === fromId ? toId : id)))];

/** 移交: a workflow hands the work it holds for one person to another; the rows and the audit event change together. */
export function createHandOverActivities({ ds }: ActivityDeps) {
  return {
    /**
     * Moves the leaver's open tasks of this workflow to the taker (or closes them, where the taker already holds the
     * same work, as a unit's other secretary does a campaign report), and the holder's row with them, in one
     * transaction with its audit event. Answers the open tasks the taker now holds for it.
     */
    async recordHandOver(input: HandOverRecord): Promise<string[]> {
      const { workflowId, stepKey, projectId, fromId, toId, byId, reason, kinds, subjectId, holder } = input;
      const campaignId = input.campaignId ?? null;
      const scope = { workflowId, kind: In(kinds), status: 'open' as const, ...(subjectId ? { subjectId } : {}) };
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, campaignId, actorId: byId, action: 'work_handed_over', entity: 'task', detail: { fromId, toId, reason, kinds, subjectId: subjectId ?? null } },
        async (m) => {
          const tasks = m.getRepository(TaskEntity);
          for (const task of await tasks.findBy({ ...scope, assigneeId: fromId })) {
            const twin = await tasks.existsBy({ workflowId, kind: task.kind, subjectId: task.subjectId ?? undefined, assigneeId: toId, status: 'open' });
            if (twin) await tasks.update({ id: task.id }, { status: 'cancelled', outcome: 'handed_over', closedAt: new Date() });
            else await tasks.update({ id: task.id }, { assigneeId: toId });
          }
          if (holder && 'project' in holder) await m.update(ProjectEntity, { id: holder.project, ownerId: fromId }, { ownerId: toId, updatedAt: new Date() });
          if (holder && 'item' in holder) {
            const item = await m.findOneByOrFail(RectificationItemEntity, { id: holder.item });
            await m.update(RectificationItemEntity, { id: item.id }, {
              partyOwnerId: item.partyOwnerId === fromId ? toId : item.partyOwnerId,
              businessOwnerId: item.businessOwnerId === fromId ? toId : item.businessOwnerId,
              updatedAt: new Date(),
            });
          }
          if (holder && 'campaignTarget' in holder) {
            const target = await m.findOneByOrFail(CampaignTargetEntity, holder.campaignTarget);
            await m.update(CampaignTargetEntity, holder.campaignTarget, { secretaryIds: swap(target.secretaryIds, fromId, toId) });
          }
        },
      );
      return (await ds.getRepository(TaskEntity).find({ where: { ...scope, assigneeId: toId }, order: { createdAt: 'ASC', id: 'ASC' } })).map((t) => t.id);
    },
  };
}
