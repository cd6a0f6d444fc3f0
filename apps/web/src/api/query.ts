import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './errors';

/**
 * Query defaults in one place: a 4xx is an answer, not a blip, so it is not retried; actions are never retried by
 * themselves; lists refresh when the window regains focus (people come back from their mail).
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
      refetchOnWindowFocus: true,
      staleTime: 5_000,
    },
    mutations: { retry: false },
  },
});
