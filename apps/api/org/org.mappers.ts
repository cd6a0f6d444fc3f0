import type { OrgUnitEntity, PersonEntity, RoleAssignmentEntity } from '../../../libs/db/entities/index.js';
import type { NamedUnit } from '../../../libs/db/repositories/org.repository.js';
import type { OrgUnitKind, Role } from '../../../libs/domain/index.js';

export interface PersonResponse {
  id: string;
  name: string;
  email: string;
}

export interface OrgUnitResponse {
  id: string;
  name: string;
  kind: OrgUnitKind;
  parentId: string | null;
  category: string | null;
  closedAt: string | null;
}

export interface RoleAssignmentResponse {
  id: string;
  personId: string;
  orgUnitId: string | null;
  role: Role;
  validFrom: string;
  validUntil: string | null;
}

export interface GrantResponse {
  role: Role;
  /** null: organisation-wide (admins, auditors). */
  orgUnitId: string | null;
  orgUnitName: string | null;
}

export const toPersonResponse = (p: Pick<PersonEntity, 'id' | 'name' | 'email'>): PersonResponse => ({ id: p.id, name: p.name, email: p.email });

export const toOrgUnitResponse = (u: OrgUnitEntity): OrgUnitResponse => ({
  id: u.id,
  name: u.name,
  kind: u.kind,
  parentId: u.parentId,
  category: u.category,
  closedAt: u.closedAt?.toISOString() ?? null,
});

export const toRoleAssignmentResponse = (r: RoleAssignmentEntity): RoleAssignmentResponse => ({
  id: r.id,
  personId: r.personId,
  orgUnitId: r.orgUnitId,
  role: r.role,
  validFrom: r.validFrom.toISOString(),
  validUntil: r.validUntil?.toISOString() ?? null,
});

export const toGrantResponse = (g: { role: Role; unitId: string | null }, units: ReadonlyMap<string, NamedUnit>): GrantResponse => ({
  role: g.role,
  orgUnitId: g.unitId,
  orgUnitName: g.unitId === null ? null : (units.get(g.unitId)?.name ?? null),
});
