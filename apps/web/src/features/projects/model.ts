import type { components } from '../../api/schema';

export type Project = components['schemas']['ProjectResponseDto'];
export type ProjectDetail = components['schemas']['ProjectDetailResponseDto'];
type Kind = components['schemas']['ProjectKind'];
type Status = components['schemas']['ProjectStatus'];

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
