import { IsNull, LessThanOrEqual, MoreThan, Or, type EntityManager, type FindOptionsWhere } from 'typeorm';
import type { OrgUnitNode, Role, RoleGrant } from '../../domain/index.js';
import { OrgUnitEntity } from '../entities/org-unit.entity.js';
import { RoleAssignmentEntity } from '../entities/role-assignment.entity.js';

export type NamedUnit = OrgUnitNode & { name: string; category: string | null };

/** The whole tree: a few hundred units at most, cheaper to read at once than to walk row by row. */
export async function loadUnits(m: EntityManager): Promise<Map<string, NamedUnit>> {
  const rows = await m.find(OrgUnitEntity);
  return new Map(rows.map((u) => [u.id, { id: u.id, parentId: u.parentId, kind: u.kind, name: u.name, category: u.category }]));
}

/** Grants in force now: begun, and not yet ended (an ended or future term routes nothing and allows nothing). */
export const currentTerm = (at = new Date()): FindOptionsWhere<RoleAssignmentEntity> => ({
  validFrom: LessThanOrEqual(at),
  validUntil: Or(IsNull(), MoreThan(at)),
});

export async function grantsOf(m: EntityManager, personId: string): Promise<RoleGrant[]> {
  const rows = await m.find(RoleAssignmentEntity, { where: { personId, ...currentTerm() } });
  return rows.map((r) => ({ role: r.role, unitId: r.orgUnitId }));
}

/** Holders of a role per unit; organisation-wide grants are under the key null. */
export async function holdersByUnit(m: EntityManager, role: Role): Promise<Map<string | null, string[]>> {
  const rows = await m.find(RoleAssignmentEntity, { where: { role, ...currentTerm() }, order: { createdAt: 'ASC' } });
  const result = new Map<string | null, string[]>();
  for (const r of rows) result.set(r.orgUnitId, [...(result.get(r.orgUnitId) ?? []), r.personId]);
  return result;
}
