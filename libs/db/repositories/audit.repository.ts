import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { canonicalJson } from '../../domain/index.js';
import type { AuditEventEntity } from '../entities/audit-event.entity.js';

export interface AuditInput {
  projectId: string | null;
  /** With no project: a reporting campaign, whose events form a chain of their own. */
  campaignId?: string | null;
  actorId: string | null;
  action: string;
  entity: string;
  entityId?: string | null;
  detail?: Record<string, unknown>;
  /** With stepKey: the workflow step that made the change. The pair is unique, so a retried step writes nothing. */
  workflowId?: string | null;
  stepKey?: string | null;
  at?: Date;
}

export const genesisHash = '0'.repeat(64);
/** Master data (org units, people, policies) has no project; it shares one chain. */
export const organisationChain = 'organisation';
export const campaignChain = (campaignId: string): string => `campaign:${campaignId}`;
/** A project's chain is keyed by the project id; the others belong to no project. */
export const chainProjectId = (chainKey: string): string | null =>
  chainKey === organisationChain || chainKey.startsWith(campaignChain('')) ? null : chainKey;

export function auditHash(prevHash: string, row: Record<string, unknown>): string {
  return createHash('sha256').update(`${prevHash}\n${canonicalJson(row)}`).digest('hex');
}

/** An event's content: every column but its place in the chain (seq, prev_hash) and the hash itself. */
export type AuditContent = Omit<AuditEventEntity, 'seq' | 'prevHash' | 'hash'>;

/**
 * What a row's hash covers, for the writer and the verifier alike, so the two cannot drift apart. Fields are listed
 * one by one: a column added later must not slip into the hash, or every row written before it would fail to verify.
 */
export const hashedAuditRow = (c: AuditContent) => ({
  chainKey: c.chainKey,
  projectId: c.projectId,
  at: c.at.toISOString(),
  actorId: c.actorId,
  action: c.action,
  entity: c.entity,
  entityId: c.entityId,
  detail: c.detail,
  workflowId: c.workflowId,
  stepKey: c.stepKey,
});

/** The constraint that refuses a fork: two events of one chain linking to the same predecessor. */
const chainLinkConstraint = 'audit_event_chain_link_unique';

/** Postgres unique_violation on the chain link: another writer appended to the same head first. */
export function isChainFork(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } } | null)?.driverError;
  return driverError?.code === '23505' && driverError.constraint === chainLinkConstraint;
}

/** Enough for any realistic burst of writers on one chain; past it the fault is not contention and should surface. */
const maxRelinks = 5;

/**
 * Runs writes that append audit events as one transaction, run again from the start when the database refused a
 * fork: the new run reads the head the other writer left, so the event is relinked, never lost. Under the advisory
 * lock and READ COMMITTED this never happens; a snapshot taken before the other writer committed (REPEATABLE READ or
 * SERIALIZABLE) still sees the old head, and the whole transaction is what must start again.
 */
export async function auditedTransaction<T>(ds: DataSource, work: (m: EntityManager) => Promise<T>, isolation?: 'REPEATABLE READ' | 'SERIALIZABLE'): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return isolation ? await ds.transaction(isolation, work) : await ds.transaction(work);
    } catch (error) {
      if (!isChainFork(error) || attempt >= maxRelinks) throw error;
    }
  }
}

/**
 * Appends one event to its chain (the project's, a campaign's, or the organisation's) inside the caller's transaction.
 * The advisory lock is per chain, so projects never wait on each other; the unique link (chain_key, prev_hash) makes a
 * fork impossible even when the lock cannot order two writers (run those through auditedTransaction). Returns false
 * when the workflow step was already recorded: the caller must then write nothing else either.
 */
export async function appendAudit(m: EntityManager, input: AuditInput): Promise<boolean> {
  const chainKey = input.projectId ?? (input.campaignId ? campaignChain(input.campaignId) : organisationChain);
  await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [chainKey]);
  if (input.workflowId && input.stepKey) {
    const seen: unknown[] = await m.query('SELECT 1 FROM audit_event WHERE workflow_id = $1 AND step_key = $2', [
      input.workflowId,
      input.stepKey,
    ]);
    if (seen.length > 0) return false;
  }
  const last: { hash: string }[] = await m.query(
    'SELECT hash FROM audit_event WHERE chain_key = $1 ORDER BY seq DESC LIMIT 1',
    [chainKey],
  );
  const prevHash = last[0]?.hash ?? genesisHash;
  const row = hashedAuditRow({
    chainKey,
    projectId: input.projectId,
    at: input.at ?? new Date(),
    actorId: input.actorId,
    action: input.action,
    entity: input.entity,
    entityId: input.entityId ?? null,
    detail: input.detail ?? {},
    workflowId: input.workflowId ?? null,
    stepKey: input.stepKey ?? null,
  });
  await m.query(
    `INSERT INTO audit_event (chain_key, project_id, at, actor_id, action, entity, entity_id, detail, workflow_id, step_key, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      chainKey,
      row.projectId,
      row.at,
      row.actorId,
      row.action,
      row.entity,
      row.entityId,
      JSON.stringify(row.detail),
      row.workflowId,
      row.stepKey,
      prevHash,
      auditHash(prevHash, row),
    ],
  );
  return true;
}
