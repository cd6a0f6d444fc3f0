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

/** A saved draft as the form edits it: the fields `PUT /projects/{id}` takes again. */
export const draftOf = (p: ProjectDetail): ProjectDraft => ({
  title: p.title,
  kind: p.kind,
  year: p.year,
  orgUnitId: p.orgUnitId,
  goals: p.goals.map((g) => ({ title: g.title, target: g.target })),
  ...(p.coOwningUnits.length > 0 ? { coOwningUnitIds: p.coOwningUnits.map((u) => u.id) } : {}),
});

/** 撤回 while the launch is undecided (in approval, or sent back to me). */
export const mayWithdraw = (p: Pick<Project, 'status'>): boolean => p.status === 'in_approval' || p.status === 'sent_back';

/**
 * The API's field messages of a 400 about goals (`goals.1.target: 年度目标第 2 项的考核指标须能量化、可考核…`), by row and
 * column, to show beside the cell they name.
 */
export function goalErrors(reasons: readonly string[]): Map<string, string> {
  const beside = new Map<string, string>();
  for (const r of reasons) {
    const m = /^goals\.(\d+)\.(title|target): (.*)$/s.exec(r);
    if (m) beside.set(`${m[1]}.${m[2]}`, m[3] ?? '');
  }
  return beside;
}

type Kind = Schemas['ProjectKind'];
type Status = Schemas['ProjectStatus'];

/** What the API filters by. */
export interface ServerFilters {
  year?: number;
  unit?: string;
  kind?: Kind;
  status?: Status;
}

/** Everything the list filters by, as kept in the address (shared links and the back button keep the view). */
export interface Filters extends ServerFilters {
  q?: string;
}

const known = <T extends string>(value: string | null, values: readonly T[]): T | undefined => (value && (values as readonly string[]).includes(value) ? (value as T) : undefined);

export function filtersFrom(params: URLSearchParams, kinds: readonly Kind[], statuses: readonly Status[]): Filters {
  const year = Number(params.get('year'));
  const filters: Filters = {
    q: params.get('q')?.trim() || undefined,
    year: Number.isInteger(year) && year > 2000 ? year : undefined,
    unit: params.get('unit') || undefined,
    kind: known(params.get('kind'), kinds),
    status: known(params.get('status'), statuses),
  };
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as Filters;
}

export function paramsOf(filters: Filters): URLSearchParams {
  return new URLSearchParams(Object.entries(filters).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])));
}

export const serverFilters = ({ q: _q, ...rest }: Filters): ServerFilters => rest;

/** 关键词: a project matches by its title, owner or unit, ignoring case. */
export function matchesKeyword(p: Project, q: string | undefined): boolean {
  if (!q) return true;
  const needle = q.toLowerCase();
  return [p.title, p.ownerName, p.orgUnitName].some((text) => text?.toLowerCase().includes(needle));
}

/** The choices of the unit and year filters: those of the projects I can see, in a stable order. */
export function filterChoices(projects: readonly Project[]): { units: { value: string; label: string }[]; years: number[] } {
  const units = new Map(projects.map((p) => [p.orgUnitId, p.orgUnitName ?? p.orgUnitId]));
  return {
    units: [...units].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label, 'zh-CN')),
    years: [...new Set(projects.map((p) => p.year))].sort((a, b) => b - a),
  };
}
