import { In, type DataSource } from 'typeorm';
import { PersonEntity, ProjectEntity, TaskEntity } from '../db/entities/index.js';
import { loadUnits } from '../db/repositories/org.repository.js';
import { ancestry, evaluationWorkflowId, projectWorkflowId, type HandOverReason, type TaskKind } from '../domain/index.js';
import { nobody } from './approval-steps.js';
import { handOverProjectChains } from './project-chains.js';
import { isRefused, type WorkflowPort } from './workflow-port.js';

/** Work other than an approval step, held by a running workflow: a project's reports, evidence, a self-assessment, a score, a campaign report. */
export type HeldWorkKind = Exclude<TaskKind, 'approval'>;

/** Such work now with someone else, with the open tasks it moved (none for a project whose reports are all in). */
export interface HandedOverWork {
  kind: HeldWorkKind;
  projectId: string | null;
  campaignId: string | null;
  title: string;
  taskIds: string[];
  toId: string;
  toName: string;
}

export interface TaskLeftOpen {
  /** null for a draft, or a place in a chain with no open step. */
  taskId: string | null;
  projectId: string | null;
  kind: TaskKind | 'draft';
  title: string;
  /** Why it stays with the person, in words an administrator can act on. */
  reason: string;
}

/** Held work, where it is held, and the unit whose secretaries may take it. */
export interface HeldWork {
  kind: HeldWorkKind;
  workflowId: string;
  projectId: string | null;
  campaignId: string | null;
  title: string;
  unitId: string;
  /** An open task of it, named when it stays with the leaver. */
  taskId: string | null;
  /** Who may not take it: a project's owner does not score it. */
  excluded: string[];
  /**
   * Set for an evaluation whose self-assessment is in: only the owner's place moves (the result and its sign-off go
   * to the project's holder), and an evaluation already over has nothing left to move.
   */
  placeOnly?: boolean;
}

export interface HeldWorkMoved {
  handedOverWork: HandedOverWork[];
  leftOpen: TaskLeftOpen[];
}

/** Stages in which a project's year holds work of its owner's. */
const underWay = ['in_approval', 'sent_back', 'active', 'evaluating'] as const;

/**
 * The work running workflows hold for the person, each asked of its workflow (handOverWork: the rows and the audit
 * event, the due dates' reminders, a notice to the taker) for the first candidate `takers` names that it accepts (null:
 * the work is not to move) (a panel member's score never goes to the project's owner, say). The update id is fixed
 * per workflow, leaver and taker, so asking again hands nothing over twice. A project that moves takes its waiting
 * approval chains with it (handOverProjectChains). The one implementation behind a deactivation, a 换届 made now and
 * one carried out at its scheduled moment.
 */
export async function handOverHeldWork(
  ds: DataSource,
  port: WorkflowPort,
  request: { byId: string; fromId: string; reason: HandOverReason },
  takers: (work: HeldWork) => Promise<string[] | null>,
): Promise<HeldWorkMoved> {
  const { byId, fromId, reason } = request;
  const result: HeldWorkMoved = { handedOverWork: [], leftOpen: [] };
  for (const work of await heldWork(ds, fromId)) {
    const candidates = await takers(work);
    // Not this hand-over's: a term change moves only the work of its post's unit.
    if (candidates === null) continue;
    let refusal = nobody;
    let taker: string | null = null;
    for (const toId of candidates) {
      const answer = await port.update<{ taskIds: string[] }>(work.workflowId, 'handOverWork', { fromId, toId, byId, reason }, { updateId: `hand-over:${work.workflowId}:${fromId}:${toId}`, projectId: work.projectId });
      if (isRefused(answer)) {
        // An evaluation over (or not begun) owes its owner nothing more.
        if (work.placeOnly && answer.refused.code === 'WRONG_STAGE') break;
        refusal = `${nobody}（${answer.refused.message}）`;
        continue;
      }
      taker = toId;
      if (!work.placeOnly) result.handedOverWork.push({ ...workRef(work), taskIds: answer.value.taskIds, toId, toName: await nameOf(ds, toId) });
      break;
    }
    if (taker && work.kind === 'report' && work.projectId) {
      result.leftOpen.push(...(await handOverProjectChains(ds, port, { projectId: work.projectId, title: work.title, fromId, toId: taker, byId, reason })));
    }
    if (!taker && !(work.placeOnly && refusal === nobody)) result.leftOpen.push({ taskId: work.taskId, projectId: work.projectId, kind: work.kind, title: work.title, reason: refusal });
  }
  return result;
}

const workRef = (w: HeldWork) => ({ kind: w.kind, projectId: w.projectId, campaignId: w.campaignId, title: w.title });

const nameOf = async (ds: DataSource, personId: string): Promise<string> => (await ds.getRepository(PersonEntity).findOneBy({ id: personId }))?.name ?? '';

/**
 * The person's projects under way (their reports; in evaluation, their self-assessment or their place as its owner),
 * and their open tasks of the other held kinds, one entry per workflow.
 */
export async function heldWork(ds: DataSource, personId: string): Promise<HeldWork[]> {
  const openTasks = await ds.getRepository(TaskEntity).find({
    where: { assigneeId: personId, status: 'open', kind: In(['report', 'evidence', 'self_assessment', 'score', 'campaign_report']) },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  const owned = await ds.getRepository(ProjectEntity).find({ where: { ownerId: personId, status: In([...underWay]) }, order: { createdAt: 'ASC', id: 'ASC' } });
  const work: HeldWork[] = owned.flatMap((p) => {
    const ofProject = { projectId: p.id, campaignId: null, title: p.title, unitId: p.orgUnitId, excluded: [] };
    const report: HeldWork = { kind: 'report', workflowId: projectWorkflowId(p.id), taskId: openTasks.find((t) => t.kind === 'report' && t.projectId === p.id)?.id ?? null, ...ofProject };
    if (p.status !== 'evaluating') return [report];
    const selfAssessment = openTasks.find((t) => t.kind === 'self_assessment' && t.projectId === p.id);
    return [report, { kind: 'self_assessment', workflowId: evaluationWorkflowId(p.id), taskId: selfAssessment?.id ?? null, ...ofProject, ...(selfAssessment ? {} : { placeOnly: true }) }];
  });
  const seen = new Set(work.map((w) => w.workflowId));
  const units = await loadUnits(ds.manager);
  for (const task of openTasks) {
    if (seen.has(task.workflowId)) continue;
    seen.add(task.workflowId);
    const project = task.projectId ? await ds.getRepository(ProjectEntity).findOneBy({ id: task.projectId }) : null;
    // A panel member sits for the committee above the project; other work is the project's (or the campaign unit's).
    const unitId = task.kind === 'score' && project ? (ancestry(units, project.orgUnitId).find((u) => u.kind === 'committee')?.id ?? project.orgUnitId) : (project?.orgUnitId ?? task.subjectId);
    if (!unitId) continue;
    const excluded = task.kind === 'score' && project ? [project.ownerId] : [];
    work.push({ kind: task.kind as HeldWorkKind, workflowId: task.workflowId, projectId: task.projectId, campaignId: task.campaignId, title: task.title, unitId, taskId: task.id, excluded });
  }
  return work;
}
