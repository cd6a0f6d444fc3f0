import { ApplicationFailure } from '@temporalio/activity';
import { In } from 'typeorm';
import { PersonEntity } from '../libs/db/entities/index.js';
import { holdersByUnit, loadUnits } from '../libs/db/repositories/org.repository.js';
import {
  ancestry,
  chainDirectory,
  deriveLaunchLevels,
  deriveReviewLevels,
  DomainError,
  type EscalationTarget,
  type LevelSpec,
} from '../libs/domain/index.js';
import type { ActivityDeps } from './deps.js';

/** A domain refusal is final; retrying an activity will not create a missing approver. */
async function asFinal<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw ApplicationFailure.create({ type: error.code, message: error.message, nonRetryable: true });
    throw error;
  }
}

/**
 * Who holds which post right now. Resolved when a stage opens and recorded in history as the activity's
 * result, so a later change in the org tree never rewrites a decision already routed.
 */
export function createDirectoryActivities({ ds }: ActivityDeps) {
  async function snapshot(unitId: string) {
    const [units, secretaries, admins] = await Promise.all([
      loadUnits(ds.manager),
      holdersByUnit(ds.manager, 'secretary'),
      holdersByUnit(ds.manager, 'admin'),
    ]);
    const dir = chainDirectory(units, unitId, (id) => secretaries.get(id) ?? [], admins.get(null) ?? []);
    return { units, dir };
  }

  return {
    async resolveLaunchLevels(input: { unitId: string; submitterId: string }): Promise<LevelSpec[]> {
      return asFinal(async () => deriveLaunchLevels((await snapshot(input.unitId)).dir, input.submitterId));
    },

    async resolveReviewLevels(input: { unitId: string; submitterId: string }): Promise<LevelSpec[]> {
      return asFinal(async () => deriveReviewLevels((await snapshot(input.unitId)).dir, input.submitterId));
    },

    /** 分级督办: the rung's target, climbing past units with no secretary so nobody is skipped silently. */
    async resolveEscalationRecipients(input: { unitId: string; to: EscalationTarget }): Promise<string[]> {
      return asFinal(async () => {
        const { units, dir } = await snapshot(input.unitId);
        const path = ancestry(units, input.unitId);
        const start = {
          owning_unit_secretary: 0,
          parent_unit_secretary: Math.min(1, path.length - 1),
          committee_secretary: Math.max(0, path.findIndex((u, i) => i >= 1 && u.kind === 'committee')),
        }[input.to];
        for (const unit of path.slice(start)) {
          const ids = dir.secretariesOf(unit.id);
          if (ids.length > 0) return ids;
        }
        return dir.adminIds;
      });
    },

    /** The year-end panel: the secretaries of the committee above the project (never the owner). */
    async resolveEvaluators(input: { unitId: string; ownerId: string }): Promise<string[]> {
      return asFinal(async () => {
        const { units, dir } = await snapshot(input.unitId);
        const committee = ancestry(units, input.unitId).find((u) => u.kind === 'committee');
        const ids = (committee ? dir.secretariesOf(committee.id) : []).filter((id) => id !== input.ownerId);
        return ids.length > 0 ? ids : dir.adminIds.filter((id) => id !== input.ownerId);
      });
    },

    async personNames(input: { ids: string[] }): Promise<string> {
      const people = await ds.manager.findBy(PersonEntity, { id: In(input.ids) });
      return people.map((p) => p.name).join('、');
    },
  };
}
