export const orgUnitKinds = ['committee', 'general_branch', 'branch'] as const;
export type OrgUnitKind = (typeof orgUnitKinds)[number];

export const roles = ['secretary', 'member', 'staff', 'auditor', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface OrgUnitNode {
  id: string;
  parentId: string | null;
  kind: OrgUnitKind;
}

export interface RoleGrant {
  role: Role;
  /** null: the grant covers the whole organisation (admins and auditors are usually granted so). */
  unitId: string | null;
}

/** The unit itself first, then its parent, up to the root. Stops on a cycle rather than looping. */
export function ancestry(units: ReadonlyMap<string, OrgUnitNode>, unitId: string): OrgUnitNode[] {
  const path: OrgUnitNode[] = [];
  const seen = new Set<string>();
  for (let id: string | null = unitId; id !== null && !seen.has(id); ) {
    const unit = units.get(id);
    if (!unit) break;
    seen.add(id);
    path.push(unit);
    id = unit.parentId;
  }
  return path;
}

const organisationWide = (grant: RoleGrant): boolean =>
  grant.unitId === null && (grant.role === 'admin' || grant.role === 'auditor');

/** Admins and auditors granted on the whole organisation: they also read what belongs to no unit (campaigns, master data). */
export const readsWholeOrganisation = (grants: readonly RoleGrant[]): boolean => grants.some(organisationWide);

/**
 * A person sees the units they hold a role in and everything below them; admins and auditors see everything.
 */
export function canSeeUnit(units: ReadonlyMap<string, OrgUnitNode>, grants: readonly RoleGrant[], unitId: string): boolean {
  if (readsWholeOrganisation(grants)) return true;
  const above = new Set(ancestry(units, unitId).map((u) => u.id));
  return grants.some((g) => g.unitId !== null && above.has(g.unitId));
}

/**
 * Auditors read everything and change nothing: a write needs a non-auditor role covering the unit. Admin powers
 * come only from an organisation-wide grant; an admin grant in one unit counts like any other role there.
 */
export function canWriteInUnit(
  units: ReadonlyMap<string, OrgUnitNode>,
  grants: readonly RoleGrant[],
  unitId: string,
): boolean {
  if (isAdmin(grants)) return true;
  const above = new Set(ancestry(units, unitId).map((u) => u.id));
  return grants.some((g) => g.role !== 'auditor' && g.unitId !== null && above.has(g.unitId));
}

export const isAdmin = (grants: readonly RoleGrant[]): boolean => grants.some((g) => g.role === 'admin' && g.unitId === null);
