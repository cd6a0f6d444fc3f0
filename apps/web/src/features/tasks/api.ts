import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import { api, unwrap } from '../../api/client';
import type { AddPosition, Decision, Ratings } from './model';

/** The only file of this feature naming API paths: per endpoint a query (or mutation) and its key. */
export const taskKeys = {
  all: ['tasks'] as const,
  list: (status: 'open' | 'done') => ['tasks', 'list', status] as const,
  one: (id: string) => ['tasks', 'one', id] as const,
};

export const myTasksQuery = (status: 'open' | 'done') =>
  queryOptions({ queryKey: taskKeys.list(status), queryFn: () => unwrap(api.GET('/api/tasks', { params: { query: { status } } })) });

export const useMyTasks = (status: 'open' | 'done') => useQuery(myTasksQuery(status));

export const useTask = (id: string) => useQuery({ queryKey: taskKeys.one(id), queryFn: () => unwrap(api.GET('/api/tasks/{id}', { params: { path: { id } } })) });

export const useProject = (id: string | null | undefined) =>
  useQuery({
    queryKey: ['projects', 'one', id],
    queryFn: () => unwrap(api.GET('/api/projects/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });

export interface DecideInput {
  taskId: string;
  decision: Decision;
  comment?: string;
  /** 一次查、双向评: a quarterly review's two ratings. */
  ratings?: Ratings;
  idempotencyKey: string;
}

/** 同意 / 驳回 / 退回; afterwards the task, the lists and the counts are read again, whatever the answer. */
export function useDecideTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, decision, comment, ratings, idempotencyKey }: DecideInput) =>
      unwrap(
        api.POST('/api/tasks/{id}/decision', {
          params: { path: { id: taskId }, header: { 'Idempotency-Key': idempotencyKey } },
          body: { decision, ...(comment ? { comment } : {}), ...(ratings ? { ratings } : {}) },
        }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: taskKeys.all }),
  });
}

export interface HandOverInput {
  taskId: string;
  /** 转交 to one person, or 加签 of one person at a position. */
  action: { kind: 'delegate' } | { kind: 'add_approver'; position: AddPosition };
  personId: string;
  comment?: string;
  idempotencyKey: string;
}

/** 转交 or 加签; afterwards the task, the lists and the counts are read again, whatever the answer. */
export function useHandOver() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, action, personId, comment, idempotencyKey }: HandOverInput) => {
      const params = { path: { id: taskId }, header: { 'Idempotency-Key': idempotencyKey } };
      const reason = comment ? { comment } : {};
      return action.kind === 'delegate'
        ? unwrap(api.POST('/api/tasks/{id}/delegate', { params, body: { toId: personId, ...reason } }))
        : unwrap(api.POST('/api/tasks/{id}/add-approver', { params, body: { personId, position: action.position, ...reason } }));
    },
    onSettled: () => client.invalidateQueries({ queryKey: taskKeys.all }),
  });
}

export type MeetingBody = components['schemas']['RecordMeetingDto'];

/**
 * 党委会议: the committee's attendance, votes and minutes decide the level; then the task and lists are read again,
 * not awaited, so the form's success message comes before the re-read takes the form away.
 */
export function useRecordMeeting() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, body, idempotencyKey }: { taskId: string; body: MeetingBody; idempotencyKey: string }) =>
      unwrap(api.POST('/api/tasks/{id}/meeting', { params: { path: { id: taskId }, header: { 'Idempotency-Key': idempotencyKey } }, body })),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: taskKeys.all });
      void client.invalidateQueries({ queryKey: ['projects'] });
    },
  });
}
