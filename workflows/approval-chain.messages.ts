import type { ChildReport } from './child-outcome.messages.js';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AddPosition,
  ApprovalPurpose,
  ChainAction,
  ChainStatus,
  Decision,
  DecisionEntry,
  Duration,
  LevelDeadlinePolicy,
  LevelSpec,
  MeetingRecord,
  ReviewRatings,
} from '../libs/domain/index.js';
import type { HandOverReason } from './hand-over.messages.js';

export interface ApprovalChainInput {
  /** The project year that started this child and waits for its outcome by signal (child-outcome.ts). */
  reportTo?: ChildReport;
  ref: string;
  purpose: ApprovalPurpose;
  projectId: string;
  /** What is being approved, as people read it: "2026年第1季度报告 · 安全生产先锋岗". */
  subject: string;
  submitterId: string;
  levels: LevelSpec[];
  allowed: Decision[];
  /** 催办 at most this often per task; one hour when absent. */
  nudgeInterval?: Duration;
  /** Actions that need a comment besides reject and the send-backs (policy). */
  commentRequired?: ChainAction[];
  /** 抄送: people told of the outcome. */
  ccIds?: string[];
  /** Where a resumed chain starts: the level that sent the request back (policy `onResubmit: resume`). */
  startLevel?: number;
  /** Each level's due time, reminders and escalation; absent or null: levels have no due time. */
  levelDeadline?: LevelDeadlinePolicy | null;
  /** 一次查、双向评: accepting takes a rating of both the party-building and the business side. */
  rated?: boolean;
}

export interface OpenTask {
  taskId: string;
  assigneeId: string;
  level: number;
}

export interface ChainView {
  ref: string;
  purpose: ApprovalPurpose;
  /** Who the request is from: its submitter, or who holds the project since (移交). */
  submitterId: string;
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
  ratings?: ReviewRatings;
}

export interface ApprovalChainResult {
  status: Exclude<ChainStatus, 'pending'>;
  decisions: DecisionEntry[];
}

export interface DelegateInput {
  taskId: string;
  /** Whose place moves: the task's assignee. */
  actorId: string;
  toId: string;
  comment?: string;
  /** An administrator handing the step on for its assignee (who was deactivated): recorded as the one who acted. */
  byId?: string;
}

/** 换届: an administrator moves the leaver's places in levels not yet opened at the unit to the successor. */
export interface HandOverPlacesInput {
  fromId: string;
  toId: string;
  unitId: string;
  /** The administrator who made (or scheduled) the change: recorded as the one who acted. */
  byId: string;
}

/**
 * 移交 of the project: its new holder takes the request over from the previous one (when they submitted it) and never
 * decides on it, so each of their places goes to the substitute named for its level's unit.
 */
export interface ChangeHolderInput {
  fromId: string;
  toId: string;
  substitutes: { unitId: string; personId: string }[];
  /** The administrator who deactivated the holder or made (or scheduled) the change: recorded as the one who acted. */
  byId: string;
  reason: HandOverReason;
}

export interface AddApproverInput {
  taskId: string;
  actorId: string;
  personId: string;
  position: AddPosition;
  comment?: string;
}

export interface NudgeInput {
  taskId: string;
  actorId: string;
}

export interface RecordMeetingInput {
  taskId: string;
  actorId: string;
  meeting: MeetingRecord;
  comment?: string;
}

export interface WithdrawInput {
  actorId: string;
  comment: string | null;
}

export const decideUpdate = defineUpdate<ChainView, [DecideInput]>('decide');
/** 转交 */
export const delegateUpdate = defineUpdate<ChainView, [DelegateInput]>('delegate');
/** 换届: the leaver's places in levels not yet opened go to the successor. */
export const handOverPlacesUpdate = defineUpdate<ChainView, [HandOverPlacesInput]>('handOverPlaces');
/** 移交 of the project: the request follows its holder, who decides no level of it. */
export const changeHolderUpdate = defineUpdate<ChainView, [ChangeHolderInput]>('changeHolder');
/** 加签 */
export const addApproverUpdate = defineUpdate<ChainView, [AddApproverInput]>('addApprover');
/** 催办 */
export const nudgeUpdate = defineUpdate<ChainView, [NudgeInput]>('nudge');
/** 党委会议: the committee secretary records the meeting that decided the level. */
export const recordMeetingUpdate = defineUpdate<ChainView, [RecordMeetingInput]>('recordMeeting');
/** 撤回: sent by the project's workflow, which checks who may withdraw and when. */
export const withdrawSignal = defineSignal<[WithdrawInput]>('withdraw');
export const chainStateQuery = defineQuery<ChainView>('chainState');
