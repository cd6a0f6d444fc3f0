import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

export type Notice = components['schemas']['NoticeResponseDto'];

/** The only file of this feature naming API paths. */
const noticeKeys = { all: ['notices'] as const };

/**
 * My notices, newest first, read again every 10 s while the tab is visible (a hidden tab does not poll; focus
 * refetches), so the bell's count moves without a reload. One query serves the bell, 通知 and 抄送我的.
 */
export const useNotices = () =>
  useQuery({
    queryKey: noticeKeys.all,
    queryFn: () => unwrap(api.GET('/api/notices')),
    refetchInterval: 10_000,
    refetchIntervalInBackground: false,
  });

/** 标为已读; the list and the counts are read again. */
export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/notices/{id}/read', { params: { path: { id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: noticeKeys.all }),
  });
}
