import { ancestry, type OrgUnitNode } from './org.js';

/** Why a person's open work moves: they were deactivated (停用), or their post passed to a successor (换届). */
export type HandOverReason = 'deactivated' | 'term_change';

/**
 * Who takes over an approval step from someone leaving: the secretaries of the step's unit, then of each unit above
 * it in turn (the unit may have lost its only secretary with the leaver), never the leaver, never someone who
 * already decides at that level. Nearest first; the caller tries them in order.
 */
export function handOverCandidates(
  units: ReadonlyMap<string, OrgUnitNode>,
  secretaries: ReadonlyMap<string | null, readonly string[]>,
  unitId: string,
  excluded: readonly string[],
): string[] {
  const line = ancestry(units, unitId).flatMap((u) => secretaries.get(u.id) ?? []);
  return [...new Set(line)].filter((id) => !excluded.includes(id));
}
