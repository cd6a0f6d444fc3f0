import type { ChainVerification, ReplayVerdict, Timeline } from './api';

type BrokenKind = NonNullable<ChainVerification['firstBroken']>['kind'];

/** Where a chain breaks, as an auditor reads it (the API's reason is written for operators, in English). */
export const brokenKindLabels: Record<BrokenKind, string> = {
  content_changed: '记录内容被改动：重新计算的哈希与存储的哈希不符',
  link_broken: '链接断裂：这条记录没有接在前一条之后（前面的记录被删除、改动，或这条记录被插入、挪动）',
  chain_missing: '整条链缺失：项目存在，但它的审计记录已全部不见',
};

/** The organisation's master data and campaigns have chains of their own; a project's is named by its title. */
export function chainName(chain: ChainVerification): string {
  if (chain.projectId) return chain.projectTitle ?? `项目 ${chain.projectId}`;
  if (chain.chainKey === 'organisation') return '组织主数据';
  return chain.chainKey;
}

export function chainSummary(chains: readonly ChainVerification[]): { broken: number; events: number } {
  return { broken: chains.filter((c) => !c.ok).length, events: chains.reduce((n, c) => n + c.events, 0) };
}

export function crossCheckSummary(timeline: Timeline): string {
  const source = `共 ${timeline.entries.length} 个步骤，读自 ${timeline.workflows} 个工作流的 ${timeline.runs} 次运行`;
  return timeline.consistent ? `交叉核对一致：流程历史与审计日志、业务记录逐项相符（${source}）` : `交叉核对发现 ${timeline.mismatches.length} 处不一致（${source}）`;
}

export function replaySummary(verdicts: readonly ReplayVerdict[]): { diverged: number; text: string } {
  const diverged = verdicts.filter((v) => !v.deterministic).length;
  if (verdicts.length === 0) return { diverged, text: '没有可重放的流程历史' };
  return {
    diverged,
    text: diverged === 0 ? `全部 ${verdicts.length} 次运行与当前代码一致` : `${verdicts.length} 次运行中有 ${diverged} 次与当前代码不一致`,
  };
}

/** A name the file system accepts, from a project's title. */
export const fileNameOf = (title: string, suffix: string): string => `${title.replace(/[\\/:*?"<>|\s]+/g, '_')}-${suffix}`;
