import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { ProjectDetail, ProjectDraft, ServerFilters } from './model';

/** The only file of this feature naming API paths. Keys shared with the task page's project (['projects', 'one', id]). */
const projectKeys = {
  all: ['projects'] as const,
  mine: ['projects', 'mine'] as const,
  list: (filters: ServerFilters) => ['projects', 'list', filters] as const,
  one: (id: string) => ['projects', 'one', id] as const,
};

/** 我发起的: the projects I own, newest first. */
export const useMyProjects = () => useQuery({ queryKey: projectKeys.mine, queryFn: () => unwrap(api.GET('/api/projects', { params: { query: { owner: 'me' } } })) });

/** Projects in my scope; the filters the API takes (year, unit subtree, stage, kind) are applied by it. */
export const useProjects = (filters: ServerFilters) =>
  useQuery({
    queryKey: projectKeys.list(filters),
    queryFn: () => unwrap(api.GET('/api/projects', { params: { query: filters } })),
    // The list stays on screen while a changed filter loads.
    placeholderData: keepPreviousData,
  });

/** One project; `until` keeps reading it every 2 s until it holds (a chain opens its next step a moment after an action). */
export const useProject = (id: string, { enabled = true, until }: { enabled?: boolean; until?: (p: ProjectDetail) => boolean } = {}) =>
  useQuery({
    queryKey: projectKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/projects/{id}', { params: { path: { id } } })),
    enabled,
    refetchInterval: (q) => (until && q.state.data && !until(q.state.data) ? 2_000 : false),
  });

/** The units I can see: where a project can be owned, and its co-owners for 联建共建. */
export const useOrgUnits = () => useQuery({ queryKey: ['org-units'], queryFn: () => unwrap(api.GET('/api/org-units')), staleTime: 60_000 });

/** After any project action: the project, my lists, and the to-dos it moved are read again. */
function useInvalidate() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: projectKeys.all }), client.invalidateQueries({ queryKey: ['tasks'] })]);
}

const withKey = (id: string, key: string) => ({ path: { id }, header: { 'Idempotency-Key': key } });

export function useCreateProject() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (body: ProjectDraft) => unwrap(api.POST('/api/projects', { body })), onSettled: invalidate });
}

/** 编辑草稿: the whole draft again; the API keeps it as it was when nothing changed. */
export function useUpdateDraft() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: ({ id, body }: { id: string; body: ProjectDraft }) => unwrap(api.PUT('/api/projects/{id}', { params: { path: { id } }, body })), onSettled: invalidate });
}

export function useSubmitProject() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ccIds, key }: { id: string; ccIds: string[]; key: string }) => unwrap(api.POST('/api/projects/{id}/submit', { params: withKey(id, key), body: { ccIds } })),
    onSettled: invalidate,
  });
}

export function useResubmitProject() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body, key }: { id: string; body: Pick<ProjectDraft, 'title' | 'goals'>; key: string }) =>
      unwrap(api.POST('/api/projects/{id}/resubmit', { params: withKey(id, key), body })),
    onSettled: invalidate,
  });
}

export function useWithdrawProject() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, comment, key }: { id: string; comment?: string; key: string }) =>
      unwrap(api.POST('/api/projects/{id}/withdraw', { params: withKey(id, key), body: comment ? { comment } : {} })),
    onSettled: invalidate,
  });
}

/** 催办 one waiting approver (by their open step); the API throttles it per step. */
export function useNudge() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ taskId, key }: { taskId: string; key: string }) => unwrap(api.POST('/api/tasks/{id}/nudge', { params: withKey(taskId, key) })),
    onSettled: invalidate,
  });
}
