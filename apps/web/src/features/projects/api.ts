import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { ServerFilters } from './model';

/** The only file of this feature naming API paths. The task page reads a project under the same key. */
export const projectKeys = {
  list: (filters: ServerFilters) => ['projects', 'list', filters] as const,
  one: (id: string) => ['projects', 'one', id] as const,
};

/** Projects in my scope; the filters the API takes (year, unit subtree, stage, kind) are applied by it. */
export const useProjects = (filters: ServerFilters) =>
  useQuery({
    queryKey: projectKeys.list(filters),
    queryFn: () => unwrap(api.GET('/api/projects', { params: { query: filters } })),
    // The list stays on screen while a changed filter loads.
    placeholderData: keepPreviousData,
  });

export const useProject = (id: string) =>
  useQuery({ queryKey: projectKeys.one(id), queryFn: () => unwrap(api.GET('/api/projects/{id}', { params: { path: { id } } })) });
