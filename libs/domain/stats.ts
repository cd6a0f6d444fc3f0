import { ancestry, type OrgUnitNode, type RoleGrant } from './org.js';

/**
 * 智慧党建 statistics are for those who lead and check a subtree: secretaries (书记), committee members (委员: a
 * member of a committee or general branch), auditors, and organisation-wide admins and auditors. A branch's
 * ordinary member (党员) leads nothing and reads no statistics, whatever else they can see.
 */
export function statsGrant(units: ReadonlyMap<string, OrgUnitNode>, grant: RoleGrant): boolean {
  if (grant.unitId === null) return grant.role === 'admin' || grant.role === 'auditor';
  if (grant.role === 'secretary' || grant.role === 'auditor') return true;
  return grant.role === 'member' && units.get(grant.unitId)?.kind !== 'branch' && units.has(grant.unitId);
}

/** The grants that open statistics; none: the person reads no statistics at all. */
export const statsGrants = (units: ReadonlyMap<string, OrgUnitNode>, grants: readonly RoleGrant[]): RoleGrant[] => grants.filter((g) => statsGrant(units, g));

/** Statistics of the whole organisation, including what belongs to no unit. */
export const statsWholeOrganisation = (grants: readonly RoleGrant[]): boolean => grants.some((g) => g.unitId === null);

/** Whether statistics of this unit (and so of its subtree) are the person's to read: it lies under a grant that opens them. */
export function statsCoverUnit(units: ReadonlyMap<string, OrgUnitNode>, grants: readonly RoleGrant[], unitId: string): boolean {
  if (statsWholeOrganisation(grants)) return true;
  const above = new Set(ancestry(units, unitId).map((u) => u.id));
  return grants.some((g) => g.unitId !== null && above.has(g.unitId));
}
