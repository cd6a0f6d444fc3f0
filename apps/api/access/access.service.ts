import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrgUnitEntity, ProjectEntity } from '../../../libs/db/entities/index.js';
import { grantsOf, loadUnits, type NamedUnit } from '../../../libs/db/repositories/org.repository.js';
import { ancestry, canSeeUnit, canWriteInUnit, isAdmin, readsWholeOrganisation, type RoleGrant } from '../../../libs/domain/index.js';
import { forbidden, notFound } from '../http/refusal.js';

export interface Scope {
  personId: string;
  grants: RoleGrant[];
  units: Map<string, NamedUnit>;
  admin: boolean;
  /** An organisation-wide admin or auditor: reads everything, including what belongs to no unit. */
  wholeOrganisation: boolean;
  canSee(unitId: string): boolean;
  canWrite(unitId: string): boolean;
  /** Units visible to the person, optionally only those within one unit's subtree. */
  visibleUnitIds(within?: string): string[];
}

export type Access = 'read' | 'write';

const outsideScope = 'this belongs to a unit outside your organisation scope';
const readOnly = 'you can read this unit but not change anything in it (auditors change nothing)';

/**
 * Who may see and change what, by role and org subtree: the libs/domain rules over the org tree as it is now.
 * Unknown ids answer 404 before scope is checked, so a 403 always means "it exists, and it is not yours".
 */
@Injectable()
export class AccessService {
  constructor(private readonly ds: DataSource) {}

  async scopeOf(personId: string): Promise<Scope> {
    const [grants, units] = await Promise.all([grantsOf(this.ds.manager, personId), loadUnits(this.ds.manager)]);
    const canSee = (unitId: string) => canSeeUnit(units, grants, unitId);
    return {
      personId,
      grants,
      units,
      admin: isAdmin(grants),
      wholeOrganisation: readsWholeOrganisation(grants),
      canSee,
      canWrite: (unitId) => canWriteInUnit(units, grants, unitId),
      visibleUnitIds: (within) =>
        [...units.keys()].filter((id) => canSee(id) && (!within || ancestry(units, id).some((u) => u.id === within))),
    };
  }

  async assertAdmin(personId: string): Promise<void> {
    if (!isAdmin(await grantsOf(this.ds.manager, personId))) throw forbidden('only an administrator can do this');
  }

  /** Throws 403 unless the scope allows `access` to the unit; `projectId` puts a denial in that project's audit chain. */
  assertAllowed(scope: Scope, unitId: string, access: Access, projectId: string | null = null): void {
    if (!scope.canSee(unitId)) throw forbidden(outsideScope, projectId);
    if (access === 'write' && !scope.canWrite(unitId)) throw forbidden(readOnly, projectId);
  }

  async unitOrFail(personId: string, unitId: string, access: Access): Promise<OrgUnitEntity> {
    const unit = await this.ds.getRepository(OrgUnitEntity).findOneBy({ id: unitId });
    if (!unit) throw notFound('org unit');
    this.assertAllowed(await this.scopeOf(personId), unitId, access);
    return unit;
  }

  /**
   * The project, if the person may see it (read) or act in its unit (write). Who exactly may take an action (the
   * owner, the assignee of a step) is the workflow's call; this only keeps outsiders and auditors out.
   * `assigned`: the work is assigned to this person (a rectification item they own), so they may act on it even
   * from outside the project's subtree. Approval steps are not: their assignee must be able to decide at the level.
   */
  async projectOrFail(personId: string, projectId: string, access: Access, assigned = false): Promise<ProjectEntity> {
    const project = await this.ds.getRepository(ProjectEntity).findOneBy({ id: projectId });
    if (!project) throw notFound('project');
    if (!assigned) this.assertAllowed(await this.scopeOf(personId), project.orgUnitId, access, project.id);
    return project;
  }
}
