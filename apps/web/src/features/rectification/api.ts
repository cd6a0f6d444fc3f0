import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { exportQuery, type LedgerFilters } from './model';

export const rectificationKeys = {
  item: (id: string) => ['rectifications', id] as const,
  ledger: (filters: LedgerFilters) => ['ledger', filters] as const,
};

export const useItem = (id: string | null) =>
  useQuery({ queryKey: rectificationKeys.item(id ?? ''), queryFn: () => unwrap(api.GET('/api/rectifications/{id}', { params: { path: { id: id! } } })), enabled: !!id });

/**
 * 整改佐证 as multipart: the text and up to five files, each kept with its SHA-256. Afterwards the item (its evidence
 * and hashes), the project and the task lists are read again.
 */
export function useSubmitEvidence(itemId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ text, files, idempotencyKey }: { text: string; files: File[]; idempotencyKey: string }) => {
      const form = new FormData();
      form.append('text', text);
      for (const file of files) form.append('files', file, file.name);
      return unwrap(
        api.POST('/api/rectifications/{id}/evidence', {
          params: { path: { id: itemId }, header: { 'Idempotency-Key': idempotencyKey } },
          body: { text },
          bodySerializer: () => form,
        }),
      );
    },
    onSettled: () =>
      Promise.all(['rectifications', 'ledger', 'projects', 'tasks'].map((key) => client.invalidateQueries({ queryKey: [key] }))),
  });
}

/** A page of the ledger and how many items match (X-Total-Count). */
export const useLedger = (filters: LedgerFilters) =>
  useQuery({
    queryKey: rectificationKeys.ledger(filters),
    queryFn: async () => {
      const answer = api.GET('/api/ledger', { params: { query: filters } });
      const items = await unwrap(answer);
      return { items, total: Number((await answer).response.headers.get('X-Total-Count') ?? items.length) };
    },
    placeholderData: keepPreviousData,
  });

/** The ledger with the same filters as CSV (Excel opens it), saved under a dated name. */
export async function downloadLedgerCsv(filters: LedgerFilters): Promise<void> {
  const { data, response } = await api.GET('/api/ledger/export.csv', { params: { query: exportQuery(filters) }, parseAs: 'blob' });
  if (!response.ok || !data) throw new ApiError(response.status, undefined, []);
  const url = URL.createObjectURL(data as Blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: `整改台账-${new Date().toISOString().slice(0, 10)}.csv` });
  link.click();
  URL.revokeObjectURL(url);
}

/** The units the reader can see, for the ledger's unit filter (a unit means its whole subtree). */
export const useUnits = () => useQuery({ queryKey: ['org-units'], queryFn: () => unwrap(api.GET('/api/org-units')), staleTime: 60_000 });
