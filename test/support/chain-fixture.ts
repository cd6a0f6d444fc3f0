import { applyDecision, checkDecision, decisions, type ChainState, type Decision, type LevelMode, type LevelSpec } from '../../libs/domain/index.js';
import { refusalCodeOf } from './refusal-code.js';

/** Approval chains as the unit tests of libs/domain/chain.ts build them: one submitter, one moment for every decision. */
export const at = '2026-03-01T00:00:00.000Z';
export const submitter = 'submitter';
export const level = (approverIds: string[], mode: LevelMode = 'sequential', unitId = 'unit'): LevelSpec => ({ unitId, unitName: unitId, mode, approverIds });
export const ratioLevel = (approverIds: string[], ratio: number | undefined, unitId = 'unit'): LevelSpec => ({ ...level(approverIds, 'ratio', unitId), ratio });
export const decide = (state: ChainState, actorId: string, decision: Decision = 'approve', comment: string | null = null): ChainState =>
  applyDecision(state, { actorId, decision, comment, at });

/** The refusal code of a decision by `actorId` on the submitter's chain, or 'accepted'. */
export const check = (state: ChainState, actorId: string, decision: Decision = 'approve', comment?: string | null, allowed: readonly Decision[] = decisions) =>
  refusalCodeOf(() => checkDecision(state, submitter, { actorId, decision, comment }, allowed));
