import type { components } from '../../api/schema.js';

type Schemas = components['schemas'];
export type ProjectDraft = Schemas['CreateProjectDto'];
export type Goal = Schemas['GoalDto'];
export type Project = Schemas['ProjectResponseDto'];
export type ProjectDetail = Schemas['ProjectDetailResponseDto'];
export type Chain = ProjectDetail['approvals'][number];
export type Step = Chain['steps'][number];

/** Whose turn it is: the open steps of the project's chains, each with its approver, for 催办. */
export const pendingSteps = (p: Pick<ProjectDetail, 'approvals'>): Step[] => p.approvals.flatMap((c) => c.steps.filter((s) => s.status === 'open'));

/** 撤回 while the launch is undecided (in approval, or sent back to me). */
export const mayWithdraw = (p: Pick<Project, 'status'>): boolean => p.status === 'in_approval' || p.status === 'sent_back';

/**
 * The API's field messages of a 400 about goals (`goals.1.target must be measurable (能量化、可考核)…`), by row and
 * column, to show beside the cell they name.
 */
export function goalErrors(reasons: readonly string[]): Map<string, string> {
  const beside = new Map<string, string>();
  for (const r of reasons) {
    const m = /^goals\.(\d+)\.(title|target) (.*)$/s.exec(r);
    if (m) beside.set(`${m[1]}.${m[2]}`, m[3] ?? '');
  }
  return beside;
}
