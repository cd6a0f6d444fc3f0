import type { components } from '../../api/schema.js';
import type { OrgUnitNode, RoleGrant } from '../../../../../libs/domain/org.js';
import { statsGrants } from '../../../../../libs/domain/stats.js';

export type StatsFigure = components['schemas']['StatsFigure'];
export type StatsTable = components['schemas']['StatsTableDto'];
export type StatsListItem = components['schemas']['StatsListItemDto'];

/**
 * How each figure is drawn: the count columns charted (rates and totals stay in the table beside the chart), as bars
 * per line (stacked when the columns split one whole) or as a pie of the total line.
 */
export const figureCharts: Record<StatsFigure, { kind: 'bar' | 'pie'; columns: string[]; stacked: boolean }> = {
  projects: { kind: 'bar', columns: ['draft', 'in_approval', 'sent_back', 'active', 'evaluating', 'closed', 'rejected', 'withdrawn'], stacked: true },
  reports: { kind: 'bar', columns: ['on_time', 'late', 'missing', 'pending'], stacked: true },
  findings: { kind: 'bar', columns: ['open', 'verifying', 'closed', 'overdue'], stacked: false },
  accountability: { kind: 'bar', columns: ['items', 'unclosed'], stacked: false },
  grades: { kind: 'pie', columns: ['excellent', 'good', 'pass', 'fail', 'pending'], stacked: false },
  campaigns: { kind: 'bar', columns: ['submitted', 'open', 'missing'], stacked: true },
};

export const dashboardFigures: StatsFigure[] = ['projects', 'reports', 'findings', 'accountability', 'grades', 'campaigns'];

/** The series a chart draws, each value as the API counted it (nothing summed here). */
export function chartSeries(figure: StatsFigure, table: StatsTable): { categories: string[]; series: { name: string; values: number[] }[] } {
  const chart = figureCharts[figure];
  const columns = chart.columns.map((key) => ({ key, index: table.columns.findIndex((c) => c.key === key) })).filter((c) => c.index >= 0);
  const lines = chart.kind === 'pie' ? [table.total] : table.rows;
  return {
    categories: lines.map((l) => l.label),
    series: columns.map((c) => ({ name: table.columns[c.index]?.label ?? c.key, values: lines.map((l) => l.values[c.index] ?? 0) })),
  };
}

/** Whether the console offers statistics at all (the API decides; a hidden menu item is a courtesy). */
export const readsStats = (units: readonly OrgUnitNode[], grants: readonly RoleGrant[]): boolean =>
  statsGrants(new Map(units.map((u) => [u.id, u])), grants).length > 0;

/** The years offered: the coming one and six before it. */
export const statsYears = (now = new Date()): number[] => Array.from({ length: 7 }, (_, i) => now.getFullYear() + 1 - i);
