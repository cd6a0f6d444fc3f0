import type { components } from '../../api/schema';
import { taskKindLabels } from '../../shared/labels';

export type Task = components['schemas']['TaskResponseDto'];
export type Decision = components['schemas']['Decision'];
export type Ratings = components['schemas']['ReviewRatingsDto'];
export type ProjectDetail = components['schemas']['ProjectDetailResponseDto'];

export type HandOver = components['schemas']['HandOver'];
export type AddPosition = components['schemas']['AddPosition'];
/** Every action a task page offers: the chain's decisions and its hand-overs (转交, 加签). */
export type TaskAction = Decision | HandOver;

/** 待办 order: overdue first, then the soonest due, then the oldest; work without a due time last. */
export function inboxOrder(tasks: readonly Task[]): Task[] {
  const due = (t: Task) => (t.dueAt ? Date.parse(t.dueAt) : Number.POSITIVE_INFINITY);
  return [...tasks].sort((a, b) => Number(b.overdue) - Number(a.overdue) || due(a) - due(b) || Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

/** What a task is, as its row and its counter say: the approval's purpose (立项审批 …) or the kind of work. */
export const kindLabelOf = (t: Task): string => t.purposeLabel ?? taskKindLabels[t.kind];

/** 待办 counts per kind, in the order the kinds first appear. */
export function countsByKind(tasks: readonly Task[]): { label: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const t of tasks) counts.set(kindLabelOf(t), (counts.get(kindLabelOf(t)) ?? 0) + 1);
  return [...counts].map(([label, count]) => ({ label, count }));
}

/** Whether the chain needs a comment for the action: as the task says (驳回 and both 退回 always; others by the year's policy). */
export const needsComment = (task: Pick<Task, 'commentRequired'>, action: TaskAction): boolean => task.commentRequired.includes(action);

/** The task's actions in the order they are offered: 同意 first, then the other decisions, then 转交 and 加签. */
export const actionsOf = (task: Pick<Task, 'decisions' | 'handOvers'>): TaskAction[] => [...task.decisions, ...task.handOvers];

/** 一次查、双向评: accepting a quarterly report takes both ratings (the API refuses it without them). */
export const needsRatings = (purpose: Task['purpose'], d: Decision): boolean => purpose === 'report_review' && d === 'approve';
