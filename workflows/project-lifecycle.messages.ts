import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { FindingSource, LevelSpec, ProjectGoal, ProjectKind, ProjectStatus, Severity, YearPolicy } from '../libs/domain/index.js';
import type { ChildOutcome } from './child-outcome.messages.js';
import type { RectificationInput } from './rectification.messages.js';

export interface ProjectLifecycleInput {
  projectId: string;
  ownerId: string;
  unitId: string;
  year: number;
  kind: ProjectKind;
  title: string;
  policy: YearPolicy;
  /** 联建共建: the units that own the project together with `unitId`; their secretaries sign its launch. */
  coOwningUnitIds?: string[];
  /** Set when a run continued as new while its launch was sent back: where the year stands. */
  carried?: CarriedLifecycle;
}

/** What a run hands on when it continues as new: while its launch is sent back, or (since the patch) while it is active. */
export interface CarriedLifecycle {
  state: ProjectLifecycleState;
  title: string;
  ccIds: string[];
  startLevel: number;
  /** The run was started since `year-continues-with-children`: its successors hold their children by outcome too. */
  withChildren?: boolean;
  /** Set when the run continued as new while active or evaluating: where its children and waits stand. */
  active?: CarriedActive;
}

/** An active year's course between runs (project-year-active.ts). */
export interface CarriedActive {
  reviewLevels: LevelSpec[];
  /** Outcomes the children reported, by the name the year started them under. */
  outcomes: Record<string, ChildOutcome>;
  /** Rectification items still running, by that name: an item that fails is started again from its input. */
  items: Record<string, RectificationInput>;
  /** Per quarter: the rounds whose report task is open and whose review is started, and where its due date stands. */
  quarters: Record<number, QuarterProgress>;
  evaluationStarted: boolean;
  /** The attention rounds so far: step and notice keys go on from them, never reused under the same workflow id. */
  attention: AttentionCounters;
}

export interface QuarterProgress {
  opened: number;
  reviewing: number;
  due: 'unstarted' | 'running' | 'over';
}

export interface AttentionCounters {
  rounds: number;
  resumedRounds: number;
}

export type QuarterStatus = 'pending' | 'submitted' | 'sent_back' | 'accepted';

export interface QuarterState {
  quarter: number;
  dueAt: string;
  status: QuarterStatus;
  /** Review rounds started; a report sent back and resubmitted is round 2. */
  round: number;
  submittedAt: string | null;
}

/** A step of the year that failed for good and waits for an admin to resume it. */
export interface ProjectAttention {
  step: string;
  reason: string;
  since: string;
}

export interface ProjectLifecycleState {
  projectId: string;
  stage: ProjectStatus;
  launchRound: number;
  quarters: QuarterState[];
  reviewerIds: string[];
  rectificationItemIds: string[];
  /** null while nothing waits. */
  attention: ProjectAttention | null;
}

export interface SubmitInput {
  actorId: string;
  /** 抄送: people told of the launch decision. */
  ccIds?: string[];
}

export interface WithdrawProjectInput {
  actorId: string;
  comment: string | null;
}

export interface ResubmitInput {
  actorId: string;
  title?: string;
  goals?: ProjectGoal[];
}

/** An admin carries the year on after a step failed for good: the step is tried again. */
export interface ResumeInput {
  actorId: string;
}

export interface SubmitReportInput {
  actorId: string;
  quarter: number;
  content: string;
}

/** One entry on the rectification list (整改清单): what is to be done, and its two owners (一岗双责). */
export interface ItemSpec {
  measures: string;
  partyOwnerId: string;
  businessOwnerId: string;
}

/** A finding with its items. */
export interface RaiseFindingInput {
  actorId: string;
  description: string;
  severity: Severity;
  /** Absent: a quarterly review's, raised by a reviewer. The API lets only the committee above raise the others. */
  source?: FindingSource;
  items: ItemSpec[];
}

export interface RaisedFinding {
  findingId: string;
  /** The first item, as answered before findings had several. */
  itemId: string;
  dueAt: string;
  /** The rule the due date follows, in words; absent under policies without working-day rules per severity. */
  rule?: string;
  items?: (ItemSpec & { itemId: string })[];
}

/** Sent with the start (update-with-start), so the HTTP answer to "submit" already shows the new stage. */
export const submitUpdate = defineUpdate<ProjectLifecycleState, [SubmitInput]>('submit');
/** 撤回: the owner takes the project back before its launch is decided. */
export const withdrawUpdate = defineUpdate<ProjectLifecycleState, [WithdrawProjectInput]>('withdraw');
export const resubmitUpdate = defineUpdate<ProjectLifecycleState, [ResubmitInput]>('resubmit');
export const submitReportUpdate = defineUpdate<QuarterState, [SubmitReportInput]>('submitReport');
export const raiseFindingUpdate = defineUpdate<RaisedFinding, [RaiseFindingInput]>('raiseFinding');
export const resumeUpdate = defineUpdate<ProjectLifecycleState, [ResumeInput]>('resume');
export const lifecycleStateQuery = defineQuery<ProjectLifecycleState>('lifecycleState');
