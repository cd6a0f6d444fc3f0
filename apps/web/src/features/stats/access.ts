import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../auth/access';
import { readsStats } from './model';

/** The units the reader can see: the dashboard's unit picker, and (with their kinds) who reads statistics. */
export const useStatsUnits = () => useQuery({ queryKey: ['org-units'], queryFn: () => unwrap(api.GET('/api/org-units')), staleTime: 60_000 });

/** Whether this person reads statistics (secretaries, committee members, auditors, admins): the menu and the page ask. */
export function useStatsAccess(): { pending: boolean; stats: boolean } {
  const me = useMe();
  const units = useStatsUnits();
  const grants = (me.data?.roles ?? []).map((g) => ({ role: g.role, unitId: g.orgUnitId }));
  return { pending: me.isPending || units.isPending, stats: readsStats(units.data ?? [], grants) };
}
