import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

export type FindingBody = components['schemas']['RaiseFindingDto'];

/**
 * After a report or a finding, the project and every task list are read again: the report's review step, the
 * items' evidence tasks and the counters all follow from it. (`projects` and `tasks` are the keys those lists use.)
 */
const refreshAfter = (client: ReturnType<typeof useQueryClient>) => Promise.all([client.invalidateQueries({ queryKey: ['projects'] }), client.invalidateQueries({ queryKey: ['tasks'] })]);

export function useSubmitReport(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ quarter, content, idempotencyKey }: { quarter: number; content: string; idempotencyKey: string }) =>
      unwrap(api.POST('/api/projects/{id}/reports', { params: { path: { id: projectId }, header: { 'Idempotency-Key': idempotencyKey } }, body: { quarter, content } })),
    onSettled: () => refreshAfter(client),
  });
}

export function useRaiseFinding(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: FindingBody; idempotencyKey: string }) =>
      unwrap(api.POST('/api/projects/{id}/findings', { params: { path: { id: projectId }, header: { 'Idempotency-Key': idempotencyKey } }, body })),
    onSettled: () => refreshAfter(client),
  });
}

/** Who can own a rectification item: the people the reviewer can see. */
export const usePeople = (enabled: boolean) => useQuery({ queryKey: ['people'], queryFn: () => unwrap(api.GET('/api/people')), enabled, staleTime: 60_000 });
