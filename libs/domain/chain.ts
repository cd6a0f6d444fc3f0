import { DomainError } from './errors.js';
import { ancestry, type OrgUnitNode } from './org.js';

/** 依次 / 会签 / 或签 / 比例 (at least a share of the level must approve) */
export type LevelMode = 'sequential' | 'all' | 'any' | 'ratio';
export const levelModes: readonly LevelMode[] = ['sequential', 'all', 'any', 'ratio'];
export type Decision = 'approve' | 'reject' | 'send_back';
export const decisions: readonly Decision[] = ['approve', 'reject', 'send_back'];
export type ChainStatus = 'pending' | 'approved' | 'rejected' | 'sent_back';

export interface LevelSpec {
  unitId: string;
  unitName: string;
  mode: LevelMode;
  approverIds: string[];
  /** For `ratio`: the share of approvers that must approve, e.g. 2/3. */
  ratio?: number;
}

export interface DecisionEntry {
  level: number;
  actorId: string;
  decision: Decision;
  comment: string | null;
  at: string;
}

export interface ChainState {
  levels: LevelSpec[];
  current: number;
  status: ChainStatus;
  decisions: DecisionEntry[];
}

/** Decisions that end a chain early need a reason the submitter can act on. */
const needsComment: ReadonlySet<Decision> = new Set<Decision>(['reject', 'send_back']);

export function startChain(levels: LevelSpec[]): ChainState {
  if (levels.length === 0) throw new DomainError('NO_APPROVER', 'an approval chain needs at least one level');
  const empty = levels.findIndex((l) => l.approverIds.length === 0);
  if (empty >= 0) throw new DomainError('NO_APPROVER', `level ${empty + 1} (${levels[empty].unitName}) has nobody to decide`);
  const badRatio = levels.findIndex((l) => l.mode === 'ratio' && !(typeof l.ratio === 'number' && l.ratio > 0 && l.ratio <= 1));
  if (badRatio >= 0) throw new DomainError('INVALID_INPUT', `level ${badRatio + 1} needs a ratio above 0 and at most 1`);
  return { levels, current: 0, status: 'pending', decisions: [] };
}

const decidedAt = (state: ChainState, level: number): Set<string> =>
  new Set(state.decisions.filter((d) => d.level === level).map((d) => d.actorId));

/** Who may decide now: the next in line for 依次, everyone undecided for 会签 and 或签. */
export function pendingApprovers(state: ChainState): string[] {
  if (state.status !== 'pending') return [];
  const level = state.levels[state.current];
  const decided = decidedAt(state, state.current);
  const undecided = level.approverIds.filter((id) => !decided.has(id));
  return level.mode === 'sequential' ? undecided.slice(0, 1) : undecided;
}

export function checkDecision(
  state: ChainState,
  submitterId: string,
  input: { actorId: string; decision: Decision; comment?: string | null },
  allowed: readonly Decision[],
): void {
  if (state.status !== 'pending') throw new DomainError('ALREADY_DECIDED', `this approval is already ${state.status}`);
  if (input.actorId === submitterId) throw new DomainError('SELF_APPROVAL', 'the submitter cannot decide on their own request');
  if (decidedAt(state, state.current).has(input.actorId)) {
    throw new DomainError('ALREADY_DECIDED', 'you have already decided at this level');
  }
  if (!pendingApprovers(state).includes(input.actorId)) {
    throw new DomainError('NOT_ASSIGNEE', 'it is not your turn to decide on this approval');
  }
  if (!allowed.includes(input.decision)) {
    throw new DomainError('DECISION_NOT_ALLOWED', `"${input.decision}" is not possible here (allowed: ${allowed.join(', ')})`);
  }
  if (needsComment.has(input.decision) && !input.comment?.trim()) {
    throw new DomainError('COMMENT_REQUIRED', `a comment is required to ${input.decision.replace('_', ' ')}`);
  }
}

function levelComplete(state: ChainState, decided: Set<string>): boolean {
  const level = state.levels[state.current];
  if (level.mode === 'ratio') return approvalsAt(state, state.current) >= approvalsNeeded(level);
  return level.mode === 'any' || level.approverIds.every((id) => decided.has(id));
}

/** How many must approve a `ratio` level: 2/3 of 5 is 4 (rounded up, never fewer than one). */
export const approvalsNeeded = (level: LevelSpec): number => Math.max(1, Math.ceil((level.ratio ?? 1) * level.approverIds.length - 1e-9));

const approvalsAt = (state: ChainState, level: number): number =>
  state.decisions.filter((d) => d.level === level && d.decision === 'approve').length;

/** A `ratio` level fails once those who have not rejected can no longer reach the threshold. */
function ratioOutOfReach(state: ChainState): boolean {
  const level = state.levels[state.current];
  const rejections = state.decisions.filter((d) => d.level === state.current && d.decision === 'reject').length;
  return level.approverIds.length - rejections < approvalsNeeded(level);
}

/** Applies a decision already accepted by checkDecision. Pure: returns the next state. */
export function applyDecision(state: ChainState, entry: Omit<DecisionEntry, 'level'>): ChainState {
  const next: ChainState = { ...state, decisions: [...state.decisions, { ...entry, level: state.current }] };
  switch (entry.decision) {
    case 'reject':
      // In a 比例 level one rejection is a vote; the level fails only when approval is out of reach.
      if (state.levels[state.current].mode === 'ratio' && !ratioOutOfReach(next)) return next;
      return { ...next, status: 'rejected' };
    case 'send_back':
      return { ...next, status: 'sent_back' };
    case 'approve': {
      if (!levelComplete(next, decidedAt(next, state.current))) return next;
      const last = state.current === state.levels.length - 1;
      return last ? { ...next, status: 'approved' } : { ...next, current: state.current + 1 };
    }
  }
}

export interface ChainDirectory {
  /** The unit itself first, then its ancestors up to the root. */
  path: OrgUnitNode[];
  unitNames: ReadonlyMap<string, string>;
  secretariesOf: (unitId: string) => string[];
  adminIds: string[];
}

/**
 * The approvers of a level at `unitId`: its secretaries; when there are none (or only the submitter),
 * the next unit up; at the top, the admins. A chain never waits on nobody.
 */
function approversFrom(dir: ChainDirectory, startIndex: number, submitterId: string): LevelSpec {
  for (let i = startIndex; i < dir.path.length; i++) {
    const unit = dir.path[i];
    const ids = dir.secretariesOf(unit.id).filter((id) => id !== submitterId);
    if (ids.length > 0) return { unitId: unit.id, unitName: dir.unitNames.get(unit.id) ?? unit.id, mode: 'sequential', approverIds: ids };
  }
  const root = dir.path[dir.path.length - 1];
  const admins = dir.adminIds.filter((id) => id !== submitterId);
  if (admins.length === 0) throw new DomainError('NO_APPROVER', 'nobody in the organisation can decide on this request');
  return { unitId: root.id, unitName: dir.unitNames.get(root.id) ?? root.id, mode: 'sequential', approverIds: admins };
}

/** Removes people who already decide at a lower level (自动去重) and levels left with nobody. */
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

/**
 * 立项 chain: the owning unit's parent unit, then the party committee above it (党委前置研究).
 * A branch directly under the committee therefore has a single committee level.
 */
export function deriveLaunchLevels(dir: ChainDirectory, submitterId: string): LevelSpec[] {
  if (dir.path.length < 2) return [approversFrom(dir, 0, submitterId)];
  const committeeIndex = dir.path.findIndex((u, i) => i >= 1 && u.kind === 'committee');
  const levels = [approversFrom(dir, 1, submitterId)];
  if (committeeIndex > 1) levels.push(approversFrom(dir, committeeIndex, submitterId));
  return dedupeLevels(levels);
}

/** Reviews (quarterly reports, rectification evidence) go to the parent unit of the owning unit. */
export function deriveReviewLevels(dir: ChainDirectory, submitterId: string): LevelSpec[] {
  return [approversFrom(dir, Math.min(1, dir.path.length - 1), submitterId)];
}

export function chainDirectory(
  units: ReadonlyMap<string, OrgUnitNode & { name: string }>,
  unitId: string,
  secretariesOf: (unitId: string) => string[],
  adminIds: string[],
): ChainDirectory {
  const path = ancestry(units, unitId);
  if (path.length === 0) throw new DomainError('NOT_FOUND', `org unit ${unitId} does not exist`);
  return { path, unitNames: new Map(path.map((u) => [u.id, units.get(u.id)?.name ?? u.id])), secretariesOf, adminIds };
}

function assertMayAct(state: ChainState, actorId: string): void {
  if (state.status !== 'pending') throw new DomainError('ALREADY_DECIDED', `this approval is already ${state.status}`);
  if (!pendingApprovers(state).includes(actorId)) throw new DomainError('NOT_ASSIGNEE', 'it is not your turn on this approval');
}

function assertNewcomer(state: ChainState, submitterId: string, personId: string, what: string): void {
  if (personId === submitterId) throw new DomainError('SELF_APPROVAL', `the submitter cannot be ${what}`);
  if (state.levels[state.current].approverIds.includes(personId)) {
    throw new DomainError('INVALID_INPUT', `that person is already an approver at this level`);
  }
}

/** 转交: hands one's place in the level to someone else, who then decides instead. */
export function checkDelegate(state: ChainState, submitterId: string, input: { actorId: string; toId: string }): void {
  assertMayAct(state, input.actorId);
  assertNewcomer(state, submitterId, input.toId, 'delegated to');
}

export function applyDelegate(state: ChainState, input: { actorId: string; toId: string }): ChainState {
  const levels = state.levels.map((level, i) =>
    i === state.current ? { ...level, approverIds: level.approverIds.map((id) => (id === input.actorId ? input.toId : id)) } : level,
  );
  return { ...state, levels };
}

/** 加签: before oneself (they decide first), after oneself, or alongside (a 会签/或签 level gains a member). */
export type AddPosition = 'before' | 'after' | 'alongside';
export const addPositions: readonly AddPosition[] = ['before', 'after', 'alongside'];

export function checkAddApprover(
  state: ChainState,
  submitterId: string,
  input: { actorId: string; personId: string; position: AddPosition },
): void {
  assertMayAct(state, input.actorId);
  assertNewcomer(state, submitterId, input.personId, 'added as an approver');
  const sequential = state.levels[state.current].mode === 'sequential';
  if (sequential && input.position === 'alongside') {
    throw new DomainError('INVALID_INPUT', 'in a sequential level an approver is added before or after you');
  }
  if (!sequential && input.position !== 'alongside') {
    throw new DomainError('INVALID_INPUT', `in a level where everyone (会签) or anyone (或签) decides, an approver is added alongside you`);
  }
}

export function applyAddApprover(state: ChainState, input: { actorId: string; personId: string; position: AddPosition }): ChainState {
  const levels = state.levels.map((level, i) => {
    if (i !== state.current) return level;
    const ids = [...level.approverIds];
    const at = ids.indexOf(input.actorId);
    ids.splice(input.position === 'before' ? at : at + 1, 0, input.personId);
    return { ...level, approverIds: ids };
  });
  return { ...state, levels };
}

/** 催办: the submitter may nudge a waiting approver, at most once per interval for each task. */
export function checkNudge(input: { actorId: string; submitterId: string; lastNudgedAtMs: number | null; nowMs: number; intervalMs: number }): void {
  if (input.actorId !== input.submitterId) throw new DomainError('FORBIDDEN', 'only the submitter can nudge an approver');
  if (input.lastNudgedAtMs !== null && input.nowMs - input.lastNudgedAtMs < input.intervalMs) {
    const minutes = Math.ceil((input.intervalMs - (input.nowMs - input.lastNudgedAtMs)) / 60_000);
    throw new DomainError('WRONG_STAGE', `this approver was nudged recently; you can nudge again in ${minutes} min`);
  }
}
