import { useMutation, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

type Schemas = components['schemas'];
export type ChainReport = Schemas['AuditChainReportDto'];
export type ChainVerification = Schemas['AuditChainVerificationDto'];
export type Timeline = Schemas['AuditTimelineDto'];
export type TimelineEntry = Schemas['AuditTimelineEntryDto'];
export type Mismatch = Schemas['AuditMismatchDto'];
export type ReplayVerdict = Schemas['AuditReplayVerdictDto'];

/** The only file of this feature naming API paths. Everything here reads: nothing is invalidated. */

/** The projects the reader may audit (auditors and admins: all of them), newest first as the API lists them. */
export const useAuditProjects = () => useQuery({ queryKey: ['audit', 'projects'], queryFn: () => unwrap(api.GET('/api/projects')), staleTime: 60_000 });

/** 校验哈希链: one project's chain, or every chain the reader may check; on request, as the whole organisation's takes a while. */
export const useVerifyChains = () =>
  useMutation({ mutationFn: (projectId: string | null) => unwrap(api.GET('/api/audit/verify', { params: { query: projectId ? { projectId } : {} } })) });

export const useTimeline = (projectId: string | null) =>
  useQuery({
    queryKey: ['audit', 'timeline', projectId],
    queryFn: () => unwrap(api.GET('/api/audit/projects/{id}/timeline', { params: { path: { id: projectId as string } } })),
    enabled: projectId !== null,
  });

export type ReplaySource = { projectId: string } | { file: File };

/** 重放验证 of every workflow of a project, or of an uploaded history (multipart field `history`). */
export const useReplay = () =>
  useMutation({
    mutationFn: (source: ReplaySource) =>
      'file' in source
        ? unwrap(
            api.POST('/api/audit/replay', {
              body: {},
              bodySerializer: () => {
                const form = new FormData();
                form.append('history', source.file);
                return form;
              },
            }),
          )
        : unwrap(api.POST('/api/audit/replay', { body: { projectId: source.projectId } })),
  });

/** A file the browser saves; fetched (the request needs the bearer token), not linked. */
function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/** 审计档案: the API's self-contained HTML page, which prints to A4. */
export async function downloadDossier(projectId: string, fileName: string): Promise<void> {
  const text = await unwrap(api.GET('/api/audit/projects/{id}/dossier', { params: { path: { id: projectId } }, parseAs: 'text' }));
  save(new Blob([text as string], { type: 'text/html;charset=utf-8' }), fileName);
}

/** 导出流程历史: every workflow of the project, every run, as Temporal's history JSON (what 重放验证 takes back). */
export async function downloadHistories(projectId: string, fileName: string): Promise<void> {
  const histories = await unwrap(api.GET('/api/audit/projects/{id}/histories', { params: { path: { id: projectId } } }));
  save(new Blob([JSON.stringify(histories)], { type: 'application/json' }), fileName);
}
