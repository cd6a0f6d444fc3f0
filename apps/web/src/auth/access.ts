import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** Who I am with my roles: read once per session and shared, because the menu and every guarded page ask. */
export const useMe = () => useQuery({ queryKey: ['me'], queryFn: () => unwrap(api.GET('/api/me')), staleTime: 60_000 });

/**
 * What the console shows this person, from their roles. The API stays the authority: a hidden button is a
 * courtesy, a refused request is the rule.
 */
export function useAccess(): { pending: boolean; admin: boolean } {
  const me = useMe();
  return { pending: me.isPending, admin: (me.data?.roles ?? []).some((g) => g.role === 'admin' && g.orgUnitId === null) };
}
