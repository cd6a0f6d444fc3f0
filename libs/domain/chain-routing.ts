import type { LevelMode, LevelSpec } from './chain.js';
import { DomainError } from './errors.js';
import { ancestry, type OrgUnitNode } from './org.js';

/**
 * Where a level of a chain template sits, relative to the project's owning unit: the unit itself (支部), its parent
 * (总支), the party committee above it (党委), or — for 联建共建 — every co-owning unit, whose secretaries all sign.
 */
export const levelScopes = ['owning_unit', 'parent_unit', 'committee', 'co_owning_units'] as const;
export type LevelScope = (typeof levelScopes)[number];

/** Who decides at a level's unit: its secretaries, or its whole committee (secretaries and 委员). */
export const levelDeciders = ['secretaries', 'members'] as const;
export type Deciders = (typeof levelDeciders)[number];

export interface LevelTemplate {
  scope: LevelScope;
  mode: LevelMode;
  ratio?: number;
  deciders?: Deciders;
  /** 党委前置研究 as a meeting: the unit's secretary records the meeting and its vote for the whole committee. */
  meeting?: boolean;
}

/** When the submitter is among a level's approvers: escalate (their place goes to the next unit up) or skip the level. */
export const selfApprovalPolicies = ['escalate', 'skip'] as const;
export type SelfApprovalPolicy = (typeof selfApprovalPolicies)[number];

export interface RoutingRules {
  selfApproval: SelfApprovalPolicy;
  /** 自动去重: someone who already decides at a lower level is not asked again higher up. */
  dedupe: boolean;
}

/** For one-level sign-offs outside the year's templates (延期, 审定发布): a decider who is the asker passes it up. */
export const escalatingRules: RoutingRules = { selfApproval: 'escalate', dedupe: true };

/** Who holds which post, as resolved when a level opens. */
export interface ChainDirectory {
  /** The unit itself first, then its ancestors up to the root. */
  pathOf: (unitId: string) => OrgUnitNode[];
  nameOf: (unitId: string) => string;
  secretariesOf: (unitId: string) => string[];
  /** Holders of the `member` role at the unit; at a committee, its 委员. */
  membersOf: (unitId: string) => string[];
  adminIds: string[];
}

export function chainDirectory(
  units: ReadonlyMap<string, OrgUnitNode & { name: string }>,
  posts: { secretariesOf: (unitId: string) => string[]; membersOf?: (unitId: string) => string[]; adminIds: string[] },
): ChainDirectory {
  return {
    pathOf: (unitId) => {
      const path = ancestry(units, unitId);
      if (path.length === 0) throw new DomainError('NOT_FOUND', `org unit ${unitId} does not exist`);
      return path;
    },
    nameOf: (unitId) => units.get(unitId)?.name ?? unitId,
    secretariesOf: posts.secretariesOf,
    membersOf: posts.membersOf ?? (() => []),
    adminIds: posts.adminIds,
  };
}

export interface RoutingRequest {
  unitId: string;
  submitterId: string;
  coOwningUnitIds?: string[];
}

const decidersAt = (dir: ChainDirectory, unitId: string, deciders: Deciders): string[] =>
  deciders === 'members' ? [...new Set([...dir.secretariesOf(unitId), ...dir.membersOf(unitId)])] : dir.secretariesOf(unitId);

/**
 * A level's people at `path[start]`. With nobody there (or only the submitter, when self-approval escalates), the
 * next unit up; at the top, the admins: a chain never waits on nobody. Null when the submitter was the only one
 * and the policy skips such a level.
 */
function levelAt(dir: ChainDirectory, path: OrgUnitNode[], start: number, template: LevelTemplate, req: RoutingRequest, rules: RoutingRules): LevelSpec | null {
  const deciders = template.deciders ?? 'secretaries';
  for (let i = start; i < path.length; i++) {
    const all = decidersAt(dir, path[i].id, deciders);
    const ids = all.filter((id) => id !== req.submitterId);
    if (ids.length === 0 && all.length > 0 && rules.selfApproval === 'skip') return null;
    if (ids.length > 0) return specFor(dir, path[i].id, ids, template, req);
  }
  const admins = dir.adminIds.filter((id) => id !== req.submitterId);
  if (admins.length === 0) throw new DomainError('NO_APPROVER', 'nobody in the organisation can decide on this request');
  const root = path[path.length - 1];
  return { unitId: root.id, unitName: dir.nameOf(root.id), mode: 'sequential', approverIds: admins };
}

function specFor(dir: ChainDirectory, unitId: string, approverIds: string[], template: LevelTemplate, req: RoutingRequest): LevelSpec {
  const spec: LevelSpec = { unitId, unitName: dir.nameOf(unitId), mode: template.mode, approverIds };
  if (template.mode === 'ratio') spec.ratio = template.ratio;
  if (template.meeting) spec.meeting = { memberIds: decidersAt(dir, unitId, 'members').filter((id) => id !== req.submitterId) };
  return spec;
}

function committeeIndex(path: OrgUnitNode[]): number {
  const found = path.findIndex((u, i) => i >= 1 && u.kind === 'committee');
  return found >= 0 ? found : path.length - 1;
}

function resolveLevel(dir: ChainDirectory, template: LevelTemplate, req: RoutingRequest, rules: RoutingRules): LevelSpec | null {
  const path = dir.pathOf(req.unitId);
  switch (template.scope) {
    case 'owning_unit':
      return levelAt(dir, path, 0, template, req, rules);
    case 'parent_unit':
      return levelAt(dir, path, Math.min(1, path.length - 1), template, req, rules);
    case 'committee':
      return levelAt(dir, path, committeeIndex(path), template, req, rules);
    case 'co_owning_units': {
      // Every co-owning unit must sign (会签), whatever mode the template names for display.
      const perUnit = (req.coOwningUnitIds ?? []).map((unitId) => levelAt(dir, dir.pathOf(unitId), 0, template, req, rules));
      const approverIds = [...new Set(perUnit.flatMap((l) => l?.approverIds ?? []))];
      if (approverIds.length === 0) return null;
      const names = (req.coOwningUnitIds ?? []).map((id) => dir.nameOf(id)).join('、');
      return { unitId: req.coOwningUnitIds?.[0] ?? req.unitId, unitName: `共建单位（${names}）`, mode: 'all', approverIds };
    }
  }
}

/** Removes people who already decide at a lower level (自动去重), and levels left with nobody. */
function dedupeLevels(levels: LevelSpec[]): LevelSpec[] {
  const seen = new Set<string>();
  const result: LevelSpec[] = [];
  for (const level of levels) {
    const approverIds = level.approverIds.filter((id) => !seen.has(id));
    approverIds.forEach((id) => seen.add(id));
    if (approverIds.length > 0) result.push({ ...level, approverIds });
  }
  return result;
}

/** The levels of one chain, from its template and the org tree as it stands now. */
export function deriveLevels(dir: ChainDirectory, templates: readonly LevelTemplate[], req: RoutingRequest, rules: RoutingRules): LevelSpec[] {
  const resolved = templates.map((t) => resolveLevel(dir, t, req, rules)).filter((l): l is LevelSpec => l !== null);
  const levels = rules.dedupe ? dedupeLevels(resolved) : resolved;
  if (levels.length > 0) return levels;
  // Every level skipped (the submitter holds every post): the admins decide rather than nobody.
  const path = dir.pathOf(req.unitId);
  return [levelAt(dir, path, path.length, { scope: 'committee', mode: 'sequential' }, req, rules) as LevelSpec];
}
