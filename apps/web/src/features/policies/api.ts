import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { CalendarOverride, YearPolicy } from './model';

/** The only file of this feature naming API paths: the year's policy, its due-date preview, the calendar. */
const policyKeys = {
  policy: (year: number) => ['policies', year] as const,
  preview: (year: number) => ['policies', year, 'due-dates'] as const,
};
const calendarKeys = {
  all: ['calendar'] as const,
  overrides: ['calendar', 'overrides'] as const,
  days: (from: string, to: string) => ['calendar', 'workdays', from, to] as const,
};

// The document's schema names its sections only (libs/domain YearPolicy is the authority on their insides).
export const usePolicy = (year: number) =>
  useQuery({ queryKey: policyKeys.policy(year), queryFn: async () => (await unwrap(api.GET('/api/policies/{year}', { params: { path: { year: String(year) } } }))) as unknown as YearPolicy });

export const useDuePreview = (year: number) =>
  useQuery({ queryKey: policyKeys.preview(year), queryFn: () => unwrap(api.GET('/api/policies/{year}/due-dates', { params: { path: { year: String(year) } } })) });

/** 保存年度规则: the whole document; the preview is computed again from what was saved. */
export function useSavePolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (policy: YearPolicy) =>
      (await unwrap(api.PUT('/api/policies/{year}', { params: { path: { year: String(policy.year) } }, body: policy as never }))) as unknown as YearPolicy,
    onSuccess: (saved) => client.setQueryData(policyKeys.policy(saved.year), saved),
    onSettled: (_, __, policy) => client.invalidateQueries({ queryKey: policyKeys.preview(policy.year) }),
  });
}

export const useOverrides = () => useQuery({ queryKey: calendarKeys.overrides, queryFn: () => unwrap(api.GET('/api/calendar/overrides')) });

/** Each day of a stretch with why it is or is not a working day (published holidays and 调休 included). */
export const useWorkdays = (from: string, to: string) =>
  useQuery({ queryKey: calendarKeys.days(from, to), queryFn: () => unwrap(api.GET('/api/calendar/workdays', { params: { query: { from, to } } })) });

/** Replaces the whole set of overrides; the days and every year's preview are read again. */
export function useSaveOverrides() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (overrides: CalendarOverride[]) => unwrap(api.PUT('/api/calendar/overrides', { body: { overrides } })),
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: calendarKeys.all }), client.invalidateQueries({ queryKey: ['policies'] })]),
  });
}
