import type { components } from '../../api/schema.js';

type Schemas = components['schemas'];
export type Task = Schemas['TaskResponseDto'];
export type ItemStatus = Schemas['RectificationItemResponseDto']['status'];
export type Severity = Schemas['Severity'];

/** The ledger's filters, as `GET /ledger` takes them and as the page's URL keeps them (a link shows the same list). */
export interface LedgerFilters {
  unit?: string;
  year?: number;
  status?: ItemStatus;
  severity?: Severity;
  overdue?: boolean;
  page?: number;
  pageSize?: number;
}

const statuses: readonly ItemStatus[] = ['open', 'verifying', 'closed'];
const severities: readonly Severity[] = ['general', 'serious', 'major'];
const pick = <T extends string>(allowed: readonly T[], value: string | null): T | undefined => (allowed.includes(value as T) ? (value as T) : undefined);
const positive = (value: string | null): number | undefined => (value && /^\d+$/.test(value) && Number(value) > 0 ? Number(value) : undefined);

/** Filters from the URL; anything unknown or malformed is left out rather than sent to be refused. */
export function filtersFrom(search: URLSearchParams): LedgerFilters {
  const entries = {
    unit: /^[0-9a-f-]{36}$/i.test(search.get('unit') ?? '') ? search.get('unit')! : undefined,
    year: positive(search.get('year')),
    status: pick(statuses, search.get('status')),
    severity: pick(severities, search.get('severity')),
    overdue: search.get('overdue') === 'true' ? true : undefined,
    page: positive(search.get('page')),
    pageSize: positive(search.get('pageSize')),
  };
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined)) as LedgerFilters;
}

/** The URL's query for these filters: only those set, so a plain ledger has a plain address. */
export function searchOf(filters: LedgerFilters): URLSearchParams {
  return new URLSearchParams(Object.entries(filters).flatMap(([k, v]) => (v === undefined || v === '' || v === false ? [] : [[k, String(v)]])));
}

/** The export takes the list's filters but no page: it holds every matching item. */
export function exportQuery(filters: LedgerFilters): Omit<LedgerFilters, 'page' | 'pageSize'> {
  const query = { ...filters };
  delete query.page;
  delete query.pageSize;
  return query;
}

/** The item a verification step judges, from its chain's ref (`verify-<item>-r<round>`, libs/domain ids.ts). */
export const verifiedItemId = (t: Task): string | null => (t.purpose === 'verification' ? (/^verify-(.+)-r\d+$/.exec(t.chain?.ref ?? '')?.[1] ?? null) : null);

/** Sizes as people read them. */
export const fileSize = (bytes: number): string => (bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
