import { ancestry, type OrgUnitNode } from './org.js';
import type { TaskKind } from './project.js';

/**
 * Who takes over an approval step from someone leaving: the secretaries of the step's unit, then of each unit above
 * it in turn (the unit may have lost its only secretary with the leaver), never the leaver, never someone who
 * already decides at that level. Nearest first; the caller tries them in order.
 */
export function handOverCandidates(
  units: ReadonlyMap<string, OrgUnitNode>,
  secretaries: ReadonlyMap<string | null, readonly string[]>,
  unitId: string,
  excluded: readonly string[],
): string[] {
  const line = ancestry(units, unitId).flatMap((u) => secretaries.get(u.id) ?? []);
  return [...new Set(line)].filter((id) => !excluded.includes(id));
}

/** Open work other than an approval step: its doer is fixed inside the running process, which has no way to change it. */
export type FixedDoerKind = Exclude<TaskKind, 'approval'>;

const fixedDoer: Record<FixedDoerKind, string> = {
  report: '季度报告只能由项目流程认定的项目负责人提交，运行中的流程不能更换负责人',
  self_assessment: '年终自评只能由项目流程认定的项目负责人提交，运行中的流程不能更换负责人',
  evidence: '整改佐证只能由整改事项的两名责任人提交，运行中的流程不能更换责任人',
  score: '评分人在开始评分时已确定，运行中的流程不能更换评分人，评分会一直等待其评分',
  campaign_report: '报告只能由下发时确定的本单位书记提交，运行中的流程不能更换',
};

/**
 * Why a leaver's open work of this kind stays with them, and who can still see it done: the other owner of a
 * rectification item, the other secretaries of a campaign's unit (`others`, by name). Nobody else: an administrator
 * must follow it up.
 */
export function leftOpenReason(kind: FixedDoerKind, others: readonly string[]): string {
  if (others.length > 0) return `${fixedDoer[kind]}；${others.join('、')}仍可完成此项`;
  return `${fixedDoer[kind]}；没有其他人可以完成此项，请管理员跟进`;
}
