import type { OrgUnitEntity, PersonEntity, RoleAssignmentEntity } from '../../../libs/db/entities/index.js';

export interface PersonResponse {
  id: string;
  name: string;
  email: string;
}

export const toPersonResponse = (p: PersonEntity): PersonResponse => ({ id: p.id, name: p.name, email: p.email });

export const toOrgUnitResponse = (u: OrgUnitEntity) => ({ id: u.id, name: u.name, kind: u.kind, parentId: u.parentId });

export const toRoleAssignmentResponse = (r: RoleAssignmentEntity) => ({ id: r.id, personId: r.personId, orgUnitId: r.orgUnitId, role: r.role });
