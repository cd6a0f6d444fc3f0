import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

/** 延期: asks for a later due date; the project (its deadlines' events) and the task lists are read again after. */
export function useRequestExtension(ref: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ until, reason, idempotencyKey }: { until: string; reason: string; idempotencyKey: string }) =>
      unwrap(api.POST('/api/deadlines/{ref}/extension', { params: { path: { ref }, header: { 'Idempotency-Key': idempotencyKey } }, body: { until, reason } })),
    onSettled: () => Promise.all(['projects', 'tasks'].map((key) => client.invalidateQueries({ queryKey: [key] }))),
  });
}
