import { In, IsNull } from 'typeorm';
import type { EvidenceFileRef, FindingSource, Severity } from '../libs/domain/index.js';
import { EvidenceEntity, EvidenceFileEntity, FindingEntity, RectificationItemEntity, TaskEntity } from '../libs/db/entities/index.js';
import { appendAudit, auditedTransaction } from '../libs/db/repositories/audit.repository.js';
import { applyStep } from '../libs/db/repositories/step.repository.js';
import type { ActivityDeps } from './deps.js';
import type { Step } from './steps.js';

/** A rectification item as a finding records it. */
interface RecordedItem {
  itemId: string;
  measures: string;
  partyOwnerId: string;
  businessOwnerId: string;
}

/** Where an item stands in the ledger, for a run started again after its workflow failed. */
export interface ItemStanding {
  status: 'open' | 'verifying' | 'closed';
  round: number;
  dueAt: string;
  /** The current round's evidence, once submitted. */
  evidence: { at: string; by: string } | null;
}

/** Findings and their rectification items: raised, evidenced, closed or reopened. */
export function createRectificationActivities({ ds }: ActivityDeps) {
  return {
    /**
     * An admin's resume starts a failed item again: the restart is audited, and the new run begins where the ledger
     * says the item stands, since the failed run's memory is gone.
     */
    async restartItem(input: Step & { itemId: string; actorId: string | null; attempt: number; at: string }): Promise<ItemStanding> {
      const { workflowId, stepKey, projectId, itemId, actorId, attempt, at } = input;
      return auditedTransaction(ds, async (m) => {
        const item = await m.findOneByOrFail(RectificationItemEntity, { id: itemId });
        const { status, round } = item;
        await appendAudit(m, { workflowId, stepKey, projectId, actorId, action: 'item_restarted', entity: 'rectification_item', entityId: itemId, detail: { attempt, status, round }, at: new Date(at) });
        const evidence = await m.findOne(EvidenceEntity, { where: { itemId, round }, order: { submittedAt: 'ASC' } });
        return { status, round, dueAt: item.dueAt.toISOString(), evidence: evidence ? { at: evidence.submittedAt.toISOString(), by: evidence.submittedBy } : null };
      });
    },

    async recordFinding(
      input: Step & {
        findingId: string;
        raisedBy: string;
        description: string;
        severity: Severity;
        dueAt: string;
        at: string;
        /** Absent: a quarterly review's. */
        source?: FindingSource;
        items: RecordedItem[];
      },
    ): Promise<void> {
      const { workflowId, stepKey, projectId, findingId, raisedBy, description, severity, dueAt, at, items } = input;
      const source = input.source ?? 'review';
      await applyStep(
        ds,
        {
          workflowId,
          stepKey,
          projectId,
          actorId: raisedBy,
          action: 'finding_raised',
          entity: 'finding',
          entityId: findingId,
          detail: { severity, description, dueAt, items, source },
          at: new Date(at),
        },
        async (m) => {
          await m.insert(FindingEntity, { id: findingId, projectId, raisedBy, description, severity, source, raisedAt: new Date(at) });
          await m.insert(
            RectificationItemEntity,
            items.map((item, position) => ({
              id: item.itemId,
              findingId,
              position,
              projectId,
              measures: item.measures,
              partyOwnerId: item.partyOwnerId,
              businessOwnerId: item.businessOwnerId,
              status: 'open' as const,
              round: 1,
              dueAt: new Date(dueAt),
              firstDueAt: new Date(dueAt),
              updatedAt: new Date(at),
            })),
          );
        },
      );
    },

    async recordEvidence(
      input: Step & { itemId: string; evidenceId: string; round: number; text: string; actorId: string; at: string; files?: EvidenceFileRef[] },
    ): Promise<void> {
      const { workflowId, stepKey, projectId, itemId, evidenceId, round, text, actorId, at } = input;
      const files = input.files ?? [];
      // The files' hashes go into the audit chain, so a file swapped in the table later no longer matches its record.
      const detail = { evidenceId, round, ...(files.length ? { files: files.map(({ id, name, size, sha256 }) => ({ id, name, size, sha256 })) } : {}) };
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, actorId, action: 'evidence_submitted', entity: 'rectification_item', entityId: itemId, detail, at: new Date(at) },
        async (m) => {
          await m.insert(EvidenceEntity, { id: evidenceId, itemId, round, text, submittedBy: actorId, submittedAt: new Date(at) });
          if (files.length) await m.update(EvidenceFileEntity, { id: In(files.map((f) => f.id)), itemId, evidenceId: IsNull() }, { evidenceId });
          await m.update(RectificationItemEntity, itemId, { status: 'verifying', updatedAt: new Date(at) });
          await m.update(TaskEntity, { projectId, kind: 'evidence', subjectId: itemId, status: 'open' }, {
            status: 'done',
            outcome: 'submitted',
            closedAt: new Date(at),
          });
        },
      );
    },

    async recordItemOutcome(
      input: Step & { itemId: string; outcome: 'closed' | 'reopened'; round: number; dueAt: string; closedOnTime: boolean | null; at: string },
    ): Promise<void> {
      const { workflowId, stepKey, projectId, itemId, outcome, round, dueAt, closedOnTime, at } = input;
      await applyStep(
        ds,
        { workflowId, stepKey, projectId, actorId: null, action: `item_${outcome}`, entity: 'rectification_item', entityId: itemId, detail: { round, dueAt, closedOnTime } },
        async (m) => {
          await m.update(RectificationItemEntity, itemId, {
            status: outcome === 'closed' ? 'closed' : 'open',
            round,
            dueAt: new Date(dueAt),
            closedAt: outcome === 'closed' ? new Date(at) : null,
            closedOnTime,
            updatedAt: new Date(at),
          });
        },
      );
    },
  };
}
