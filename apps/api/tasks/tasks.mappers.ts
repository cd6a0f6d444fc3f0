import type { ProjectEntity, TaskEntity } from '../../../libs/db/entities/index.js';
import {
  actionsNeedingComment,
  addPositionsFor,
  approvalPurposeLabels,
  chainDecisions,
  isOverdue,
  projectKindLabels,
  type AddPosition,
  type ApprovalPurpose,
  type ChainAction,
  type Decision,
  type LevelMode,
  type ProjectKind,
  type TaskKind,
  type TaskStatus,
} from '../../../libs/domain/index.js';
import type { ApprovalChainResponse } from './approval-chains.mappers.js';

export interface TaskResponse {
  id: string;
  kind: TaskKind;
  title: string;
  /** null for a unit's report in a reporting campaign: then campaignId names the campaign, and subjectId the unit. */
  projectId: string | null;
  campaignId: string | null;
  projectTitle: string | null;
  projectKind: ProjectKind | null;
  projectKindLabel: string | null;
  purpose: ApprovalPurpose | null;
  purposeLabel: string | null;
  level: number | null;
  levelUnitName: string | null;
  /** 依次 / 会签 / 或签 / 比例, for approval steps. */
  levelMode: LevelMode | null;
  /** For approval steps: the chain so far — every level asked, who decided what and when, who is pending. */
  chain: ApprovalChainResponse | null;
  /** What the work is about: a quarter number, a rectification item id, an evaluation id, a campaign's target unit. */
  subjectId: string | null;
  /** Whose work it is: a reader who is not its assignee sees it, and may not do it. */
  assigneeId: string;
  status: TaskStatus;
  dueAt: Date | null;
  overdue: boolean;
  outcome: string | null;
  createdAt: Date;
  closedAt: Date | null;
  /** What the reader may decide on this step now; the chain's validator stays the authority. */
  decisions: Decision[];
  /** The hand-overs the reader may make on this step now: 转交 and 加签, on the same terms as the decisions. */
  handOvers: HandOver[];
  /** Where 加签 may put someone at this step's level (before/after in 依次, alongside otherwise); empty without 加签. */
  addPositions: AddPosition[];
  /** The actions that need a comment on this step's chain: reject and send-backs always, and those the year's policy names. */
  commentRequired: ChainAction[];
  /** 党委会议: set on GET /tasks/:id when this open step is the reader's and its level is decided at a meeting. */
  meeting: MeetingLevel | null;
}

/** A level decided at a committee meeting: the members whose attendance and votes its record counts. */
export interface MeetingLevel {
  members: { id: string; name: string | null }[];
}

export type HandOver = Extract<ChainAction, 'delegate' | 'add_approver'>;
export const handOvers: readonly HandOver[] = ['delegate', 'add_approver'];

/** The decisions a step's chain takes, for its assignee while it is open; nothing for anyone else or any other work. */
export function decisionsFor(t: TaskEntity, readerId: string): Decision[] {
  if (t.kind !== 'approval' || t.status !== 'open' || t.assigneeId !== readerId || !t.purpose) return [];
  // 退回上一级 needs a level below; the first level (0) has none.
  return chainDecisions[t.purpose].filter((d) => d !== 'send_back_previous' || (t.level ?? 0) > 0);
}

/** The reader of a task and the comment rules of its project's year (reject and send-backs need one regardless). */
export interface TaskReader {
  id: string;
  commentRequired: readonly ChainAction[];
}

export const toTaskResponse = (
  t: TaskEntity,
  project: ProjectEntity | undefined,
  chain: ApprovalChainResponse | null,
  reader: TaskReader,
  now = Date.now(),
): TaskResponse => {
  const decisions = decisionsFor(t, reader.id);
  // Whoever may decide the step may hand it on; the chain's validator and the API's role check stay the authority.
  const mayHandOver = decisions.length > 0;
  return {
    id: t.id,
    kind: t.kind,
    title: t.title,
    projectId: t.projectId,
    campaignId: t.campaignId,
    projectTitle: project?.title ?? null,
    projectKind: project?.kind ?? null,
    projectKindLabel: project ? projectKindLabels[project.kind] : null,
    purpose: t.purpose,
    purposeLabel: t.purpose ? approvalPurposeLabels[t.purpose] : null,
    level: t.level,
    levelUnitName: t.levelUnitName,
    levelMode: t.levelMode,
    chain,
    subjectId: t.subjectId,
    assigneeId: t.assigneeId,
    status: t.status,
    dueAt: t.dueAt,
    overdue: isOverdue(t.dueAt, t.status === 'open', now),
    outcome: t.outcome,
    createdAt: t.createdAt,
    closedAt: t.closedAt,
    decisions,
    handOvers: mayHandOver ? [...handOvers] : [],
    addPositions: mayHandOver && t.levelMode ? addPositionsFor(t.levelMode) : [],
    commentRequired: t.kind === 'approval' ? actionsNeedingComment(reader.commentRequired) : [],
    meeting: null,
  };
};
