import type { ChildReport } from './child-outcome.messages.js';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { DimensionScores, EvaluationResult, YearPolicy } from '../libs/domain/index.js';

export interface YearEndEvaluationInput {
  /** The project year that started this child and waits for its outcome by signal (child-outcome.ts). */
  reportTo?: ChildReport;
  projectId: string;
  title: string;
  ownerId: string;
  unitId: string;
  year: number;
  policy: YearPolicy['evaluation'];
}

export type EvaluationStatus = 'self_assessment' | 'scoring' | 'done';

export interface EvaluationState {
  evaluationId: string;
  status: EvaluationStatus;
  evaluatorIds: string[];
  scoredBy: string[];
  result: EvaluationResult | null;
}

export interface SubmitSelfAssessmentInput {
  actorId: string;
  summary: string;
}

export interface SubmitScoreInput {
  actorId: string;
  scores: DimensionScores;
  comment: string;
  /** 创新加分 proposed by this evaluator, under rules that give one, with its justification. */
  bonus?: number;
  bonusJustification?: string;
}

export const submitSelfAssessmentUpdate = defineUpdate<EvaluationState, [SubmitSelfAssessmentInput]>('submitSelfAssessment');
export const submitScoreUpdate = defineUpdate<EvaluationState, [SubmitScoreInput]>('submitScore');
export const evaluationStateQuery = defineQuery<EvaluationState>('evaluationState');
