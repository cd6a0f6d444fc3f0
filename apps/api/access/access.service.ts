import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { grantsOf, loadUnits, type NamedUnit } from '../../../libs/db/repositories/org.repository.js';
import { ancestry, canSeeUnit, canWriteInUnit, isAdmin, type RoleGrant } from '../../../libs/domain/index.js';
import { forbidden } from '../http/refusal.js';

export interface Scope {
  personId: string;
  grants: RoleGrant[];
  units: Map<string, NamedUnit>;
  admin: boolean;
  canSee(unitId: string): boolean;
  canWrite(unitId: string): boolean;
  /** Units visible to the person, optionally within one unit's subtree. */
  visibleUnitIds(within?: string): string[];
}

/** Who may see and change what, by role and org subtree (libs/domain rules over the current org tree). */
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
      canSee,
      canWrite: (unitId) => canWriteInUnit(units, grants, unitId),
      visibleUnitIds: (within) =>
        [...units.keys()].filter((id) => canSee(id) && (!within || ancestry(units, id).some((u) => u.id === within))),
    };
  }

  async assertAdmin(personId: string): Promise<void> {
    if (!isAdmin(await grantsOf(this.ds.manager, personId))) throw forbidden('only an administrator can do this');
  }

  async assertCanSee(personId: string, unitId: string, projectId: string | null = null): Promise<Scope> {
    const scope = await this.scopeOf(personId);
    if (!scope.canSee(unitId)) throw forbidden('this belongs to a unit outside your organisation scope', projectId);
    return scope;
  }

  async assertCanWrite(personId: string, unitId: string, projectId: string | null = null): Promise<Scope> {
    const scope = await this.scopeOf(personId);
    if (!scope.canWrite(unitId)) throw forbidden('you cannot change anything in this unit', projectId);
    return scope;
  }
}
