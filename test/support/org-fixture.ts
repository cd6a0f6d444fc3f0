import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { OrgUnitEntity, PersonEntity, ProjectEntity, RoleAssignmentEntity } from '../../libs/db/entities/index.js';
import type { Role } from '../../libs/domain/index.js';

/**
 * A small organisation written straight to the database for workflow tests (the e2e layer builds its own
 * through HTTP): committee → general branch → branch, a secretary at each level, the project owner, a
 * business owner and an admin.
 */
export interface OrgFixture {
  committeeId: string;
  generalBranchId: string;
  branchId: string;
  committeeSecretary: string;
  generalSecretary: string;
  branchSecretary: string;
  owner: string;
  admin: string;
  emailOf: Map<string, string>;
}

export async function createOrgFixture(ds: DataSource, tag = randomUUID().slice(0, 8)): Promise<OrgFixture> {
  const unit = async (name: string, kind: OrgUnitEntity['kind'], parentId: string | null) =>
    (await ds.getRepository(OrgUnitEntity).save({ name: `${name}-${tag}`, kind, parentId })).id;
  const committeeId = await unit('集团党委', 'committee', null);
  const generalBranchId = await unit('生产党总支', 'general_branch', committeeId);
  const branchId = await unit('一车间党支部', 'branch', generalBranchId);
  const emailOf = new Map<string, string>();
  const person = async (name: string, local: string) => {
    const email = `${local}.${tag}@test.tandem`;
    const id = (await ds.getRepository(PersonEntity).save({ name, email, passwordHash: null })).id;
    emailOf.set(id, email);
    return id;
  };
  const grant = (personId: string, role: Role, orgUnitId: string | null) =>
    ds.getRepository(RoleAssignmentEntity).save({ personId, role, orgUnitId });
  const committeeSecretary = await person('王书记', 'wang');
  const generalSecretary = await person('李书记', 'li');
  const branchSecretary = await person('张书记', 'zhang');
  const owner = await person('陈工', 'chen');
  const admin = await person('管理员', 'admin');
  await grant(committeeSecretary, 'secretary', committeeId);
  await grant(generalSecretary, 'secretary', generalBranchId);
  await grant(branchSecretary, 'secretary', branchId);
  await grant(owner, 'member', branchId);
  await grant(admin, 'admin', null);
  return { committeeId, generalBranchId, branchId, committeeSecretary, generalSecretary, branchSecretary, owner, admin, emailOf };
}

export async function createProjectRow(ds: DataSource, org: OrgFixture, title = '安全生产党员先锋岗'): Promise<string> {
  const project = await ds.getRepository(ProjectEntity).save({
    year: 2026,
    kind: 'vanguard_post',
    title,
    goals: [{ title: '隐患排查', target: '≥ 40 项' }],
    orgUnitId: org.branchId,
    ownerId: org.owner,
    status: 'draft',
    policyVersion: null,
    updatedAt: new Date(),
  });
  return project.id;
}
