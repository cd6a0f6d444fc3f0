import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

type Schemas = components['schemas'];
export type OrgUnit = Schemas['OrgUnitResponseDto'];
export type Person = Schemas['PersonResponseDto'];
export type RoleTerm = Schemas['RoleTermResponseDto'];
export type ImportReport = Schemas['ImportReportDto'];
export type Role = Schemas['CreateRoleAssignmentDto']['role'];
export type UnitKind = Schemas['CreateOrgUnitDto']['kind'];
export type TermChange = Schemas['TermChangeDto'];
export type TermChangeSchedule = Schemas['TermChangeScheduleResponseDto'];

/** The only file of this feature naming API paths. Every change refreshes the whole area: it is small. */
export const orgKeys = {
  all: ['org'] as const,
  units: ['org', 'units'] as const,
  people: ['org', 'people'] as const,
  terms: ['org', 'terms'] as const,
  schedules: ['org', 'term-change-schedules'] as const,
};

export const useUnits = () => useQuery({ queryKey: orgKeys.units, queryFn: () => unwrap(api.GET('/api/org-units')) });
export const usePeople = () => useQuery({ queryKey: orgKeys.people, queryFn: () => unwrap(api.GET('/api/people')) });
export const useRoleTerms = () => useQuery({ queryKey: orgKeys.terms, queryFn: () => unwrap(api.GET('/api/role-assignments')) });

function useOrgMutation<I, O>(run: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: run, onSettled: () => client.invalidateQueries({ queryKey: orgKeys.all }) });
}

const path = (id: string) => ({ params: { path: { id } } });

export const useCreateUnit = () => useOrgMutation((body: Schemas['CreateOrgUnitDto']) => unwrap(api.POST('/api/org-units', { body })));
export const useRenameUnit = () => useOrgMutation(({ id, name }: { id: string; name: string }) => unwrap(api.POST('/api/org-units/{id}/rename', { ...path(id), body: { name } })));
export const useMoveUnit = () =>
  useOrgMutation(({ id, parentId }: { id: string; parentId: string }) => unwrap(api.POST('/api/org-units/{id}/move', { ...path(id), body: { parentId } })));
export const useCloseUnit = () => useOrgMutation((id: string) => unwrap(api.POST('/api/org-units/{id}/close', path(id))));
export const useTermChange = () =>
  useOrgMutation(({ unitId, body }: { unitId: string; body: TermChange }) => unwrap(api.POST('/api/org-units/{id}/term-change', { ...path(unitId), body })));
/** 预约换届: the same change at a later day's start, carried out then by the server. */
export const useScheduleTermChange = () =>
  useOrgMutation(({ unitId, body }: { unitId: string; body: Schemas['ScheduleTermChangeDto'] }) =>
    unwrap(api.POST('/api/org-units/{id}/term-change-schedules', { ...path(unitId), body })),
  );
export const useTermChangeSchedules = () => useQuery({ queryKey: orgKeys.schedules, queryFn: () => unwrap(api.GET('/api/term-change-schedules')) });
export const useCancelTermChange = () => useOrgMutation((id: string) => unwrap(api.POST('/api/term-change-schedules/{id}/cancel', path(id))));

export const useCreatePerson = () => useOrgMutation((body: Schemas['CreatePersonDto']) => unwrap(api.POST('/api/people', { body })));
export const useUpdatePerson = () =>
  useOrgMutation(({ id, body }: { id: string; body: Schemas['UpdatePersonDto'] }) => unwrap(api.PUT('/api/people/{id}', { ...path(id), body })));
export const useDeactivatePerson = () => useOrgMutation((id: string) => unwrap(api.POST('/api/people/{id}/deactivate', path(id))));
export const useResetPassword = () =>
  useOrgMutation(({ id, temporaryPassword }: { id: string; temporaryPassword: string }) =>
    unwrap(api.POST('/api/people/{id}/password-reset', { ...path(id), body: { temporaryPassword } })),
  );
export const useAssignRole = () => useOrgMutation((body: Schemas['CreateRoleAssignmentDto']) => unwrap(api.POST('/api/role-assignments', { body })));
export const useEndRole = () => useOrgMutation((id: string) => unwrap(api.POST('/api/role-assignments/{id}/end', path(id))));

/** The workbook goes as the multipart field `workbook`; the same file is sent again to confirm. */
const workbookForm = (file: File) => {
  const form = new FormData();
  form.append('workbook', file);
  return form;
};
export const useImportDryRun = () => useMutation({ mutationFn: (file: File) => unwrap(api.POST('/api/org-import/dry-run', { body: {}, bodySerializer: () => workbookForm(file) })) });
export const useImportConfirm = () =>
  useOrgMutation((file: File) => unwrap(api.POST('/api/org-import', { body: {}, bodySerializer: () => workbookForm(file) })));

/** The template as a file the browser saves (the request needs the bearer token, so it is fetched, not linked). */
export async function downloadTemplate(): Promise<void> {
  const blob = await unwrap(api.GET('/api/org-import/template', { parseAs: 'blob' }));
  const url = URL.createObjectURL(blob as Blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = '组织导入模板.xlsx';
  link.click();
  URL.revokeObjectURL(url);
}
