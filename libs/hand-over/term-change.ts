import type { DataSource } from 'typeorm';
import { loadUnits } from '../db/repositories/org.repository.js';
import { ancestry } from '../domain/index.js';
import { moveTermPlaces, moveTermSteps, type MovedStep, type TermChange } from './approval-steps.js';
import { handOverHeldWork, type HandedOverWork, type TaskLeftOpen } from './held-work.js';
import type { WorkflowPort } from './workflow-port.js';

export interface TermWorkMoved {
  moved: MovedStep[];
  /** The leaver's other open work of this unit and below (their projects' reports, evidence, self-assessments, scores, campaign reports). */
  movedWork: HandedOverWork[];
  leftOpen: Omit<TaskLeftOpen, 'kind'>[];
  /** Chains whose levels not yet opened named the leaver at this unit: those places are now the successor's. */
  places: { workflowId: string; projectId: string | null }[];
}

/**
 * What a 换届 hands from the leaver to the successor once the terms have changed, the same whether it is made now
 * (POST /org-units/:id/term-change) or carried out at its scheduled moment (the scheduledTermChange workflow): the
 * leaver's open approval steps at the unit's levels and their places in levels yet to open, then the work running
 * workflows hold for them at the unit and below (a campaign report only with a secretary's post). Each move is asked of
 * its workflow with a fixed update id, so a retry moves only what is still the leaver's.
 */
export async function handOverTermWork(ds: DataSource, port: WorkflowPort, change: TermChange): Promise<TermWorkMoved> {
  const steps = await moveTermSteps(ds, port, change);
  const places = await moveTermPlaces(ds, port, change);
  const units = await loadUnits(ds.manager);
  const held = await handOverHeldWork(ds, port, { byId: change.byId, fromId: change.fromId, reason: 'term_change' }, async (work) => {
    const ofThisPost = ancestry(units, work.unitId).some((u) => u.id === change.unitId) && (work.kind !== 'campaign_report' || change.role === 'secretary');
    return ofThisPost ? [change.toId] : null;
  });
  return { moved: steps.moved, movedWork: held.handedOverWork, leftOpen: [...steps.leftOpen, ...held.leftOpen.map(({ kind: _kind, ...rest }) => rest)], places };
}
