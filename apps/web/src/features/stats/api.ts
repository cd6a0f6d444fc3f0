import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import type { StatsFigure } from './model';

export type { StatsFigure, StatsListItem, StatsTable } from './model';

/** What the dashboard shows: a unit's subtree (none: everything the reader's statistics cover) and a year. */
export interface StatsSelection {
  unit?: string;
  year: number;
}

/** One cell to drill into: a line (or total) and a column (none: every row of the line). */
export interface StatsCell {
  figure: StatsFigure;
  row: string;
  column?: string;
  title: string;
}

export const useStatsTable = (figure: StatsFigure, selection: StatsSelection) =>
  useQuery({
    queryKey: ['stats', figure, selection],
    queryFn: () => unwrap(api.GET('/api/stats/{figure}', { params: { path: { figure }, query: selection } })),
    placeholderData: keepPreviousData,
    retry: false,
  });

export const useStatsList = (cell: StatsCell | null, selection: StatsSelection, page: number, pageSize: number) =>
  useQuery({
    queryKey: ['stats-list', cell, selection, page, pageSize],
    queryFn: () =>
      unwrap(api.GET('/api/stats/{figure}/list', { params: { path: { figure: cell!.figure }, query: { ...selection, row: cell!.row, column: cell!.column, page, pageSize } } })),
    enabled: cell !== null,
    placeholderData: keepPreviousData,
  });

/** The figure as the API's workbook, saved under its title and year. */
export async function downloadStatsXlsx(figure: StatsFigure, selection: StatsSelection, title: string): Promise<void> {
  const { data, response } = await api.GET('/api/stats/{figure}/export.xlsx', { params: { path: { figure }, query: selection }, parseAs: 'blob' });
  if (!response.ok || !data) throw new ApiError(response.status, undefined, []);
  const url = URL.createObjectURL(data as Blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: `${title}-${selection.year}.xlsx` });
  link.click();
  URL.revokeObjectURL(url);
}
