import { In } from 'typeorm';
import { PersonEntity } from '../libs/db/entities/index.js';
import { holdersByUnit, loadUnits } from '../libs/db/repositories/org.repository.js';
import {
  ancestry,
  chainDirectory,
  deriveLevels,
  type EscalationTarget,
  type EvaluationPanel,
  type LevelSpec,
  type LevelTemplate,
  type RoutingRequest,
  type RoutingRules,
} from '../libs/domain/index.js';
import type { ActivityDeps } from './deps.js';

/**
 * Who holds which post right now. Resolved when a stage opens and recorded in history as the activity's
 * result, so a later change in the org tree never rewrites a decision already routed.
 */
export function createDirectoryActivities({ ds }: ActivityDeps) {
  async function snapshot() {
    const [units, secretaries, members, admins] = await Promise.all([
      loadUnits(ds.manager),
      holdersByUnit(ds.manager, 'secretary'),
      holdersByUnit(ds.manager, 'member'),
      holdersByUnit(ds.manager, 'admin'),
    ]);
    const dir = chainDirectory(units, {
      secretariesOf: (id) => secretaries.get(id) ?? [],
      membersOf: (id) => members.get(id) ?? [],
      adminIds: admins.get(null) ?? [],
    });
    return { units, dir };
  }

  return {
    /** The levels of a chain from its policy template, as the org tree stands when the chain opens. */
    async resolveLevels(input: RoutingRequest & { template: LevelTemplate[]; rules: RoutingRules }): Promise<LevelSpec[]> {
      return deriveLevels((await snapshot()).dir, input.template, input, input.rules);
    },

    /** 分级督办: the rung's target, climbing past units with no secretary so nobody is skipped silently. */
    async resolveEscalationRecipients(input: { unitId: string; to: Exclude<EscalationTarget, 'owner'> }): Promise<string[]> {
      const { dir } = await snapshot();
      const path = dir.pathOf(input.unitId);
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
    },

    /** The year-end panel above the project, never its owner: the committee's secretaries, or (panel `committee`) its secretaries and members (党委委员). */
    async resolveEvaluators(input: { unitId: string; ownerId: string; panel?: EvaluationPanel }): Promise<string[]> {
      const { units, dir } = await snapshot();
      const committee = ancestry(units, input.unitId).find((u) => u.kind === 'committee');
      const panel = committee ? [...dir.secretariesOf(committee.id), ...(input.panel === 'committee' ? dir.membersOf(committee.id) : [])] : [];
      const ids = [...new Set(panel)].filter((id) => id !== input.ownerId);
      return ids.length > 0 ? ids : dir.adminIds.filter((id) => id !== input.ownerId);
    },

    /** The organisation-wide admins, who hear of what only they can fix (an unpublished calendar year). */
    async resolveAdmins(): Promise<string[]> {
      return (await holdersByUnit(ds.manager, 'admin')).get(null) ?? [];
    },

    async personNames(input: { ids: string[] }): Promise<string> {
      const people = await ds.manager.findBy(PersonEntity, { id: In(input.ids) });
      return people.map((p) => p.name).join('、');
    },
  };
}
