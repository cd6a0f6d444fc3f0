import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

const campaignKey = (id: string) => ['campaigns', id] as const;

export const useCampaign = (id: string | null) =>
  useQuery({ queryKey: campaignKey(id ?? ''), queryFn: () => unwrap(api.GET('/api/campaigns/{id}', { params: { path: { id: id! } } })), enabled: !!id });

/** 报送 a unit's report; the campaign (its roll-up) and the task lists are read again after. */
export function useSubmitCampaignReport(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ unitId, text, idempotencyKey }: { unitId: string; text: string; idempotencyKey: string }) =>
      unwrap(api.POST('/api/campaigns/{id}/reports', { params: { path: { id }, header: { 'Idempotency-Key': idempotencyKey } }, body: { unitId, text } })),
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: campaignKey(id) }), client.invalidateQueries({ queryKey: ['tasks'] })]),
  });
}
