import { DomainError } from './errors.js';
import type { MeetingRecord } from './meeting.js';
import type { ReviewRatings } from './review.js';

/** 依次 / 会签 / 或签 / 比例 (at least a share of the level must approve) */
export const levelModes = ['sequential', 'all', 'any', 'ratio'] as const;
export type LevelMode = (typeof levelModes)[number];
/** send_back returns the request to its submitter; send_back_previous to the level below (退回上一级). */
export const decisions = ['approve', 'reject', 'send_back', 'send_back_previous'] as const;
export type Decision = (typeof decisions)[number];
export const chainStatuses = ['pending', 'approved', 'rejected', 'sent_back', 'withdrawn'] as const;
export type ChainStatus = (typeof chainStatuses)[number];

export interface LevelSpec {
  unitId: string;
  unitName: string;
  mode: LevelMode;
  approverIds: string[];
  /** For `ratio`: the share of approvers that must approve, e.g. 2/3. */
  ratio?: number;
  /**
   * 党委前置研究 decided at a meeting: the approver (the committee secretary) records the meeting and its vote,
   * counted against these members, instead of deciding alone.
   */
  meeting?: { memberIds: string[] };
}

export interface DecisionEntry {
  level: number;
  actorId: string;
  decision: Decision;
  comment: string | null;
  at: string;
  /** Set when the level was decided by a committee meeting. */
  meeting?: MeetingRecord;
  /** 一次查、双向评: set on a quarterly report's review. */
  ratings?: ReviewRatings;
}

export interface ChainState {
  levels: LevelSpec[];
  current: number;
  status: ChainStatus;
  decisions: DecisionEntry[];
  /**
   * Where in `decisions` the current level's present round began: a level that sent the request back to the
   * level below decides afresh when it returns. Absent in chains begun before 退回上一级 existed (always 0 there).
   */
  levelStart?: number;
}

export function startChain(levels: LevelSpec[], startAt = 0): ChainState {
  if (levels.length === 0) throw new DomainError('NO_APPROVER', 'an approval chain needs at least one level');
  const empty = levels.findIndex((l) => l.approverIds.length === 0);
  if (empty >= 0) throw new DomainError('NO_APPROVER', `level ${empty + 1} (${levels[empty].unitName}) has nobody to decide`);
  const badRatio = levels.findIndex((l) => l.mode === 'ratio' && !(typeof l.ratio === 'number' && l.ratio > 0 && l.ratio <= 1));
  if (badRatio >= 0) throw new DomainError('INVALID_INPUT', `level ${badRatio + 1} needs a ratio above 0 and at most 1`);
  if (!Number.isInteger(startAt) || startAt < 0 || startAt >= levels.length) throw new DomainError('INVALID_INPUT', 'the chain cannot start beyond its last level');
  return { levels, current: startAt, status: 'pending', decisions: [], levelStart: 0 };
}

/** The decisions of the current level in its present round. */
const currentRound = (state: ChainState): DecisionEntry[] =>
  state.decisions.slice(state.levelStart ?? 0).filter((d) => d.level === state.current);

const decidedNow = (state: ChainState): Set<string> => new Set(currentRound(state).map((d) => d.actorId));

/** Who may decide now: the next in line for 依次, everyone undecided for 会签 and 或签. */
export function pendingApprovers(state: ChainState): string[] {
  if (state.status !== 'pending') return [];
  const level = state.levels[state.current];
  const decided = decidedNow(state);
  const undecided = level.approverIds.filter((id) => !decided.has(id));
  return level.mode === 'sequential' ? undecided.slice(0, 1) : undecided;
}

export function checkDecision(
  state: ChainState,
  submitterId: string,
  input: { actorId: string; decision: Decision; comment?: string | null },
  allowed: readonly Decision[],
  commentRequired: readonly ChainAction[] = [],
): void {
  if (state.status !== 'pending') throw new DomainError('ALREADY_DECIDED', `this approval is already ${state.status}`);
  if (input.actorId === submitterId) throw new DomainError('SELF_APPROVAL', 'the submitter cannot decide on their own request');
  if (decidedNow(state).has(input.actorId)) {
    throw new DomainError('ALREADY_DECIDED', 'you have already decided at this level');
  }
  if (!pendingApprovers(state).includes(input.actorId)) {
    throw new DomainError('NOT_ASSIGNEE', 'it is not your turn to decide on this approval');
  }
  if (state.levels[state.current].meeting) {
    throw new DomainError('WRONG_STAGE', 'this level is decided by a committee meeting: record the meeting and its vote');
  }
  if (!allowed.includes(input.decision)) {
    throw new DomainError('DECISION_NOT_ALLOWED', `"${input.decision}" is not possible here (allowed: ${allowed.join(', ')})`);
  }
  if (input.decision === 'send_back_previous' && state.current === 0) {
    throw new DomainError('DECISION_NOT_ALLOWED', 'this is the first level: there is no previous level to send it back to');
  }
  checkComment(input.decision, input.comment, commentRequired);
}

/** Actions a policy can demand a comment for; reject and both send-backs always need one. */
export const chainActions = [...decisions, 'delegate', 'add_approver', 'withdraw'] as const;
export type ChainAction = (typeof chainActions)[number];
const alwaysNeedsComment: readonly ChainAction[] = ['reject', 'send_back', 'send_back_previous'];

export function checkComment(action: ChainAction, comment: string | null | undefined, commentRequired: readonly ChainAction[]): void {
  if ((alwaysNeedsComment.includes(action) || commentRequired.includes(action)) && !comment?.trim()) {
    throw new DomainError('COMMENT_REQUIRED', `a comment is required to ${action.replaceAll('_', ' ')}`);
  }
}

function levelComplete(state: ChainState): boolean {
  const level = state.levels[state.current];
  if (level.mode === 'ratio') return approvalsNow(state) >= approvalsNeeded(level);
  const decided = decidedNow(state);
  return level.mode === 'any' || level.approverIds.every((id) => decided.has(id));
}

/** How many must approve a `ratio` level: 2/3 of 5 is 4 (rounded up, never fewer than one). */
export const approvalsNeeded = (level: LevelSpec): number => Math.max(1, Math.ceil((level.ratio ?? 1) * level.approverIds.length - 1e-9));

const approvalsNow = (state: ChainState): number => currentRound(state).filter((d) => d.decision === 'approve').length;

/** A `ratio` level fails once those who have not rejected can no longer reach the threshold. */
function ratioOutOfReach(state: ChainState): boolean {
  const level = state.levels[state.current];
  const rejections = currentRound(state).filter((d) => d.decision === 'reject').length;
  return level.approverIds.length - rejections < approvalsNeeded(level);
}

/** Moves to another level, whose decisions start afresh. */
const openLevel = (state: ChainState, level: number): ChainState => ({ ...state, current: level, levelStart: state.decisions.length });

/** Applies a decision already accepted by checkDecision (or a meeting by checkMeeting). Pure: returns the next state. */
export function applyDecision(state: ChainState, entry: Omit<DecisionEntry, 'level'>): ChainState {
  const next: ChainState = { ...state, decisions: [...state.decisions, { ...entry, level: state.current }] };
  const level = state.levels[state.current];
  switch (entry.decision) {
    case 'reject':
      // In a 比例 level one rejection is a vote; the level fails only when approval is out of reach.
      if (level.mode === 'ratio' && !entry.meeting && !ratioOutOfReach(next)) return next;
      return { ...next, status: 'rejected' };
    case 'send_back':
      return { ...next, status: 'sent_back' };
    case 'send_back_previous':
      return openLevel(next, state.current - 1);
    case 'approve': {
      if (!entry.meeting && !levelComplete(next)) return next;
      const last = state.current === state.levels.length - 1;
      return last ? { ...next, status: 'approved' } : openLevel(next, state.current + 1);
    }
  }
}

/** 撤回: the submitter takes the request back while no final decision has been made. */
export function checkWithdraw(state: ChainState, submitterId: string, actorId: string): void {
  if (actorId !== submitterId) throw new DomainError('FORBIDDEN', 'only the submitter can withdraw a request');
  if (state.status !== 'pending') throw new DomainError('ALREADY_DECIDED', `this approval is already ${state.status}; it can no longer be withdrawn`);
}

export const applyWithdraw = (state: ChainState): ChainState => ({ ...state, status: 'withdrawn' });

function assertMayAct(state: ChainState, actorId: string): void {
  if (state.status !== 'pending') throw new DomainError('ALREADY_DECIDED', `this approval is already ${state.status}`);
  if (!pendingApprovers(state).includes(actorId)) throw new DomainError('NOT_ASSIGNEE', 'it is not your turn on this approval');
}

function assertNewcomer(state: ChainState, submitterId: string, personId: string, what: string): void {
  if (state.levels[state.current].meeting) throw new DomainError('WRONG_STAGE', 'a level decided by a committee meeting is not handed on or widened');
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

/**
 * 换届 and levels not yet opened: the levels after the current one, at the unit whose post changed hands, that still
 * name the leaver. Their deciders were resolved when the chain began, so the leaver's place there would otherwise
 * open to someone who no longer holds the post.
 */
export const unopenedPlacesOf = (state: Pick<ChainState, 'levels' | 'current' | 'status'>, personId: string, unitId: string): number[] =>
  state.status !== 'pending' ? [] : state.levels.flatMap((level, i) => (i > state.current && level.unitId === unitId && level.approverIds.includes(personId) ? [i] : []));

/**
 * All the leaver's places at the unit that no open step holds: levels not yet opened, a place behind a 依次 step of
 * the level now open, and levels already passed that 退回上一级 may reopen. (An open step moves by 转交; a place the
 * leaver has already decided in the present round stays theirs.)
 */
export function waitingPlacesOf(state: ChainState, personId: string, unitId: string): number[] {
  if (state.status !== 'pending') return [];
  const waitingNow = !pendingApprovers(state).includes(personId) && !decidedNow(state).has(personId);
  return state.levels.flatMap((level, i) => (level.unitId === unitId && level.approverIds.includes(personId) && (i !== state.current || waitingNow) ? [i] : []));
}

/** The places a 换届 hands on: all that wait (`everywhere`), or, in chains that began that way, those in levels not yet opened. */
const placesOf = (state: ChainState, personId: string, unitId: string, everywhere: boolean): number[] =>
  everywhere ? waitingPlacesOf(state, personId, unitId) : unopenedPlacesOf(state, personId, unitId);

export function checkHandOverPlaces(state: ChainState, submitterId: string, input: { fromId: string; toId: string; unitId: string }, everywhere = true): void {
  if (placesOf(state, input.fromId, input.unitId, everywhere).length === 0) throw new DomainError('WRONG_STAGE', 'no level of this chain waiting on that person at that unit is left to hand on');
  if (input.toId === submitterId) throw new DomainError('SELF_APPROVAL', 'the submitter cannot be handed a place in their own approval');
}

/** The leaver's places in those levels go to the successor (once: a successor already there keeps one place). */
export function applyHandOverPlaces(state: ChainState, input: { fromId: string; toId: string; unitId: string }, everywhere = true): ChainState {
  const places = placesOf(state, input.fromId, input.unitId, everywhere);
  const levels = state.levels.map((level, i) => {
    if (!places.includes(i)) return level;
    const approverIds = level.approverIds.includes(input.toId) ? level.approverIds.filter((id) => id !== input.fromId) : level.approverIds.map((id) => (id === input.fromId ? input.toId : id));
    const meeting = level.meeting && { memberIds: level.meeting.memberIds.map((id) => (id === input.fromId ? input.toId : id)) };
    return { ...level, approverIds, ...(meeting ? { meeting } : {}) };
  });
  return { ...state, levels };
}

/**
 * 移交 of the project: the levels (opened, yet to open, or reopened by 退回上一级) that name the project's new holder,
 * who never decides on their own project.
 */
export const holderPlacesOf = (state: Pick<ChainState, 'levels' | 'status'>, holderId: string): number[] =>
  state.status !== 'pending' ? [] : state.levels.flatMap((level, i) => (level.approverIds.includes(holderId) ? [i] : []));

export interface HolderChange {
  /** Who held the project, and may have submitted this request. */
  fromId: string;
  /** Who holds it now. */
  toId: string;
  /** Who decides instead of the new holder at each unit whose level names them. */
  substitutes: { unitId: string; personId: string }[];
}

const substituteAt = (change: HolderChange, unitId: string): string | undefined => change.substitutes.find((s) => s.unitId === unitId)?.personId;

export function checkHolderChange(state: ChainState, submitterId: string, change: HolderChange): void {
  if (state.status !== 'pending') throw new DomainError('ALREADY_DECIDED', `this approval is already ${state.status}`);
  const places = holderPlacesOf(state, change.toId);
  if (submitterId !== change.fromId && places.length === 0) throw new DomainError('WRONG_STAGE', 'this request neither was submitted by the previous holder nor names the new holder to decide');
  for (const i of places) {
    const substitute = substituteAt(change, state.levels[i].unitId);
    if (!substitute) throw new DomainError('NO_APPROVER', `nobody is named to decide instead of the project's new holder at level ${i + 1} (${state.levels[i].unitName})`);
    if (substitute === change.toId || substitute === submitterId || substitute === change.fromId) {
      throw new DomainError('SELF_APPROVAL', 'the holder or submitter of the project cannot decide on it');
    }
  }
}

/** The new holder's places go to their substitutes (once: a substitute already at the level keeps one place). */
export function applyHolderChange(state: ChainState, change: HolderChange): ChainState {
  const levels = state.levels.map((level) => {
    if (!level.approverIds.includes(change.toId)) return level;
    const substitute = substituteAt(change, level.unitId) as string;
    const approverIds = level.approverIds.includes(substitute) ? level.approverIds.filter((id) => id !== change.toId) : level.approverIds.map((id) => (id === change.toId ? substitute : id));
    return { ...level, approverIds };
  });
  return { ...state, levels };
}

/** 加签: before oneself (they decide first), after oneself, or alongside (a 会签/或签 level gains a member). */
export const addPositions = ['before', 'after', 'alongside'] as const;
export type AddPosition = (typeof addPositions)[number];

/** Where 加签 may put someone at a level: before or after oneself in 依次, alongside in 会签, 或签 or 比例 (as checkAddApprover rules). */
export const addPositionsFor = (mode: LevelMode): AddPosition[] => (mode === 'sequential' ? ['before', 'after'] : ['alongside']);

/** The actions of a chain that need a comment: reject and both send-backs always, and those its policy names. */
export const actionsNeedingComment = (commentRequired: readonly ChainAction[]): ChainAction[] =>
  chainActions.filter((a) => alwaysNeedsComment.includes(a) || commentRequired.includes(a));

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
