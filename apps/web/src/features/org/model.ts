import { ApiError, messageOf, reasonText } from '../../api/errors';
import type { OrgUnit, Role, RoleTerm, UnitKind } from './api';

export const unitKindLabels: Record<UnitKind, string> = { committee: '党委', general_branch: '党总支', branch: '党支部' };
export const roleLabels: Record<Role, string> = { secretary: '书记', member: '委员', staff: '党务工作者', auditor: '纪检审计', admin: '管理员' };

/** What may hang below a unit: nothing below a branch; a committee's children are general branches or branches. */
export const childKinds = (parent: UnitKind | null): UnitKind[] =>
  parent === null ? ['committee'] : parent === 'branch' ? [] : parent === 'committee' ? ['committee', 'general_branch', 'branch'] : ['branch'];

export interface UnitNode {
  key: string;
  title: string;
  unit: OrgUnit;
  children: UnitNode[];
}

/** The flat list as a tree, parents first; a unit whose parent is not visible becomes a root. */
export function unitTree(units: readonly OrgUnit[]): UnitNode[] {
  const nodes = new Map(units.map((u) => [u.id, { key: u.id, title: u.name, unit: u, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** Units below `id` and itself: never a place to move it to. */
export function subtreeIds(units: readonly OrgUnit[], id: string): Set<string> {
  const ids = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const u of units) if (u.parentId && ids.has(u.parentId) && !ids.has(u.id)) grew = ids.add(u.id) !== null;
  }
  return ids;
}

export const currentHolders = (terms: readonly RoleTerm[], unitId: string) => terms.filter((t) => t.orgUnitId === unitId && t.validUntil === null);

/** The console's words for a refusal, and the API's own reason when it is written for people (the Chinese ones). */
export function refusalText(error: unknown): string {
  const reasons = error instanceof ApiError ? error.reasons.filter((r) => /[\u4e00-\u9fff]/.test(r)).map(reasonText) : [];
  return [messageOf(error), ...reasons].join('：');
}

/**
 * The moment a term change takes effect, Beijing time: the chosen day at the chosen time of day (its start when none
 * is given), as the API's effectiveAt.
 */
export function termMoment(day: string, time: string | undefined): string {
  const clock = time ? (time.length === 5 ? `${time}:00` : time) : '00:00:00';
  return `${day}T${clock}+08:00`;
}

/** A moment still ahead is 预约换届, carried out then by the server; one already come is a change made now. */
export const isAhead = (moment: string, now: number): boolean => Date.parse(moment) > now;
