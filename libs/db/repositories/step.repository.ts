import type { DataSource, EntityManager } from 'typeorm';
import { appendAudit, auditedTransaction, type AuditInput } from './audit.repository.js';

export type StepAudit = AuditInput & { workflowId: string; stepKey: string };

/**
 * Runs one workflow step's writes exactly once: the audit event, keyed by (workflowId, stepKey), is written
 * first in the same transaction, so a retried activity finds it and writes nothing again.
 * Returns false when the step had already been applied. A write that lost a race for its chain's head is run again.
 */
export async function applyStep(ds: DataSource, audit: StepAudit, write: (m: EntityManager) => Promise<void>): Promise<boolean> {
  return auditedTransaction(ds, async (m) => {
    if (!(await appendAudit(m, audit))) return false;
    await write(m);
    return true;
  });
}
