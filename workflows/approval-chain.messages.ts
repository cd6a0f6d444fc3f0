import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ApprovalPurpose, ChainStatus, Decision, DecisionEntry, LevelSpec } from '../libs/domain/index.js';

export interface ApprovalChainInput {
  ref: string;
  purpose: ApprovalPurpose;
  projectId: string;
  /** What is being approved, as people read it: "2026年第1季度报告 · 安全生产先锋岗". */
  subject: string;
  submitterId: string;
  levels: LevelSpec[];
  allowed: Decision[];
}

export interface OpenTask {
  taskId: string;
  assigneeId: string;
  level: number;
}

export interface ChainView {
  ref: string;
  purpose: ApprovalPurpose;
  status: ChainStatus;
  current: number;
  levels: LevelSpec[];
  decisions: DecisionEntry[];
  openTasks: OpenTask[];
}

export interface DecideInput {
  taskId: string;
  actorId: string;
  decision: Decision;
  comment?: string;
}

export interface ApprovalChainResult {
  status: Exclude<ChainStatus, 'pending'>;
  decisions: DecisionEntry[];
}

export const decideUpdate = defineUpdate<ChainView, [DecideInput]>('decide');
export const chainStateQuery = defineQuery<ChainView>('chainState');
