import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** Who I am with my roles: read once per session and shared, because the menu and every guarded page ask. */
export const useMe = () => useQuery({ queryKey: ['me'], queryFn: () => unwrap(api.GET('/api/me')), staleTime: 60_000 });

/**
 * What the console shows this person, from their roles. The API stays the authority: a hidden button is a
 * courtesy, a refused request is the rule.
 */
export function useAccess(): { pending: boolean; admin: boolean; audit: boolean; wholeOrganisation: boolean } {
  const me = useMe();
  const roles = me.data?.roles ?? [];
  const admin = roles.some((g) => g.role === 'admin' && g.orgUnitId === null);
  return {
    pending: me.isPending,
    admin,
    // 审计 is for auditors (纪检审计, of a unit or the whole organisation) and administrators.
    audit: admin || roles.some((g) => g.role === 'auditor'),
    wholeOrganisation: admin || roles.some((g) => g.role === 'auditor' && g.orgUnitId === null),
  };
}
