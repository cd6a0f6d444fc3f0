import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { ScoreBody } from './model';

/** The only file of this feature naming API paths. */
export const evaluationKeys = {
  one: (id: string) => ['evaluations', 'one', id] as const,
};

export const useEvaluation = (id: string | null | undefined) =>
  useQuery({
    queryKey: evaluationKeys.one(id ?? ''),
    queryFn: () => unwrap(api.GET('/api/evaluations/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });

/**
 * After any year-end action the work lists, the project and its evaluation are read again, whatever the answer. Not
 * awaited: the re-read closes the task and takes its form away, and the form's own success message must come first.
 */
function useRefreshAfter() {
  const client = useQueryClient();
  return () => {
    for (const key of ['tasks', 'projects', 'evaluations']) void client.invalidateQueries({ queryKey: [key] });
  };
}

export function useSubmitSelfAssessment() {
  const onSettled = useRefreshAfter();
  return useMutation({
    mutationFn: ({ projectId, summary, idempotencyKey }: { projectId: string; summary: string; idempotencyKey: string }) =>
      unwrap(
        api.POST('/api/projects/{id}/self-assessment', {
          params: { path: { id: projectId }, header: { 'Idempotency-Key': idempotencyKey } },
          body: { summary },
        }),
      ),
    onSettled,
  });
}

export function useScore() {
  const onSettled = useRefreshAfter();
  return useMutation({
    mutationFn: ({ evaluationId, body, idempotencyKey }: { evaluationId: string; body: ScoreBody; idempotencyKey: string }) =>
      unwrap(api.POST('/api/evaluations/{id}/scores', { params: { path: { id: evaluationId }, header: { 'Idempotency-Key': idempotencyKey } }, body })),
    onSettled,
  });
}
