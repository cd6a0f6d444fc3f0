import { ancestry, isAdmin, type OrgUnitNode, type Role, type RoleGrant } from './org.js';

/** The roles that decide at a level: the unit's secretaries (书记) and its committee members (委员). */
const decidingRoles: readonly Role[] = ['secretary', 'member'];

/** Why someone may not decide at a level; null when they may. */
export type DeciderRefusal = 'owner' | 'auditor' | 'no_role';

export interface DeciderQuestion {
  /** The level's unit; a 联建共建 level names every co-owning unit, whose secretaries all sign. */
  levelUnitIds: readonly string[];
  /** The person is the project's owner or the request's submitter, who never decide on it. */
  isOwner: boolean;
}

/**
 * Who may decide at a level, hold it after a 转交 or join it by 加签: someone holding a deciding role in the level's
 * unit or above it in the same line of the tree (an organisation-wide admin sits above every unit), never an
 * auditor (they watch and change nothing) and never the project's owner. Checked again at each decision, so a role
 * that has ended no longer decides.
 */
export function deciderRefusal(units: ReadonlyMap<string, OrgUnitNode>, grants: readonly RoleGrant[], question: DeciderQuestion): DeciderRefusal | null {
  if (question.isOwner) return 'owner';
  if (grants.some((g) => g.role === 'auditor')) return 'auditor';
  if (isAdmin(grants)) return null;
  const line = new Set(question.levelUnitIds.flatMap((id) => ancestry(units, id).map((u) => u.id)));
  return grants.some((g) => decidingRoles.includes(g.role) && g.unitId !== null && line.has(g.unitId)) ? null : 'no_role';
}

/**
 * The unit(s) a step's level stands for, from the step's own record (no need to ask its chain): the unit in the
 * project's line (its unit and those above, or a co-owning unit) that bears the level's name; a 联建共建 level, named
 * after all its co-owners, or a unit renamed since, stands for the whole line.
 */
export function stepLevelUnits(
  units: ReadonlyMap<string, OrgUnitNode & { name: string }>,
  project: { orgUnitId: string; coOwningUnitIds: readonly string[] },
  levelUnitName: string | null,
): string[] {
  const line = [project.orgUnitId, ...project.coOwningUnitIds];
  const inLine = [...new Set(line.flatMap((id) => ancestry(units, id).map((u) => u.id)))];
  const named = inLine.filter((id) => units.get(id)?.name === levelUnitName);
  return named.length === 1 ? named : line;
}

/** What the person was going to do: decide themselves, or receive the step by 转交 or 加签. */
export type DeciderAction = 'decide' | 'delegate' | 'add_approver';

const doing: Record<DeciderAction, string> = { decide: '审批此事项', delegate: '接受转交', add_approver: '被加签' };

/** The refusal in the user's words, naming the person (or "你" for the actor) and the level's unit. */
export function deciderRefusalMessage(reason: DeciderRefusal, who: string, levelUnitName: string, action: DeciderAction): string {
  switch (reason) {
    case 'owner':
      return `${who}是本项目的负责人或提交人，不能${doing[action]}`;
    case 'auditor':
      return `${who}是纪检审计人员，只监督不审批，不能${doing[action]}`;
    case 'no_role':
      return `${who}在${levelUnitName}及其上级党组织中没有书记或委员职务，不能${doing[action]}`;
  }
}
