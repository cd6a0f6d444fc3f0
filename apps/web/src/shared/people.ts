import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';

export type Person = components['schemas']['PersonResponseDto'];

/** The people I can see (those holding a role in my units; everyone for an admin): whom a picker offers. */
export const usePeople = () => useQuery({ queryKey: ['people'], queryFn: () => unwrap(api.GET('/api/people')), staleTime: 60_000 });
