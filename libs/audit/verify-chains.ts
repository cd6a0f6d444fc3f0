import type { EntityManager } from 'typeorm';
import type { AuditEventEntity } from '../db/entities/audit-event.entity.js';
import { auditHash, chainProjectId, genesisHash, hashedAuditRow } from '../db/repositories/audit.repository.js';

/** The first place a chain stops proving itself; nothing after it is proven, so nothing more is reported. */
export interface BrokenLink {
  /** null when the whole chain is gone. */
  seq: string | null;
  /** 1-based within the chain as it is stored now; 0 when the whole chain is gone. */
  position: number;
  /** chain_missing: a project's chain has no events at all, though its creation was the first. */
  kind: 'content_changed' | 'link_broken' | 'chain_missing';
  reason: string;
  /** content_changed: the hash recomputed from the row; link_broken: the hash of the row before it (or genesis). */
  expected: string;
  /** content_changed: the stored hash; link_broken: the stored prev_hash. */
  found: string;
}

export interface ChainVerification {
  chainKey: string;
  projectId: string | null;
  events: number;
  /** The last row. A deleted tail leaves an intact chain behind: only a head recorded elsewhere can reveal it. */
  head: { seq: string; hash: string } | null;
  ok: boolean;
  firstBroken?: BrokenLink;
}

export interface VerifyOptions {
  /**
   * Only these chains, each reported even when it has no rows (a project's chain with none is broken); every chain in
   * the table when absent, and every project with no chain.
   */
  chainKeys?: string[];
  /** Called after every batch with the events checked so far and the number to check. */
  onProgress?: (done: number, total: number) => void;
  batchSize?: number;
}

/** A row as stored; the walk needs no entity instance. */
export type AuditChainRow = AuditEventEntity;

export interface ChainWalk {
  readonly chainKey: string;
  add(row: AuditChainRow): void;
  finish(): ChainVerification;
}

type RowRef = { seq: string; position: number };
type Break = Omit<BrokenLink, 'reason'>;

const notFollowing = 'the row does not follow the one before it';

/** Where a broken link points tells what happened, as far as the chain itself can tell. */
function reasonFor(broken: Break, linkTarget: RowRef | undefined): string {
  switch (broken.kind) {
    case 'content_changed':
      return "the row's content no longer matches its hash: it was changed after it was written";
    case 'chain_missing':
      return 'the project exists but its chain has no events, though creating it wrote the first: every event of it was deleted';
    case 'link_broken': {
      if (linkTarget === undefined) {
        return `${notFollowing}, and links to no row of this chain: a row before it was deleted, or changed and given a new hash, or this row was inserted`;
      }
      const where = `row ${linkTarget.position} (seq ${linkTarget.seq})`;
      return linkTarget.position > broken.position
        ? `${notFollowing}: it links to ${where}, which comes later in the chain, so rows were moved out of order`
        : `${notFollowing}: it links to ${where} further back, so the rows after that one were inserted later`;
    }
  }
}

function checkRow(row: AuditChainRow, position: number, expectedPrev: string): Break | undefined {
  if (row.prevHash !== expectedPrev) return { seq: row.seq, position, kind: 'link_broken', expected: expectedPrev, found: row.prevHash };
  const recomputed = auditHash(row.prevHash, hashedAuditRow(row));
  return row.hash === recomputed ? undefined : { seq: row.seq, position, kind: 'content_changed', expected: recomputed, found: row.hash };
}

/**
 * One chain's walk, fed its rows in seq order a batch at a time. After the first break it only counts rows and looks
 * for the row the broken link names: a link to a later row is what tells a reorder from a deletion.
 */
export function startChainWalk(chainKey: string): ChainWalk {
  let events = 0;
  let head: ChainVerification['head'] = null;
  let broken: Break | undefined;
  let linkTarget: RowRef | undefined;
  // The intact rows' hashes, to name the earlier row a broken link points to; not needed past the break.
  const earlier = new Map<string, RowRef>();

  return {
    chainKey,
    add(row) {
      events += 1;
      if (broken === undefined) {
        broken = checkRow(row, events, head?.hash ?? genesisHash);
        if (broken === undefined) {
          earlier.set(row.hash, { seq: row.seq, position: events });
        } else {
          linkTarget = broken.kind === 'link_broken' ? earlier.get(broken.found) : undefined;
          earlier.clear();
        }
      } else if (broken.kind === 'link_broken' && linkTarget === undefined && row.hash === broken.found) {
        linkTarget = { seq: row.seq, position: events };
      }
      head = { seq: row.seq, hash: row.hash };
    },
    finish() {
      const projectId = chainProjectId(chainKey);
      if (events === 0 && projectId) broken = { seq: null, position: 0, kind: 'chain_missing', expected: 'draft_created and every event after it', found: 'no events' };
      const result = { chainKey, projectId, events, head, ok: broken === undefined };
      return broken ? { ...result, firstBroken: { ...broken, reason: reasonFor(broken, linkTarget) } } : result;
    },
  };
}

/** One batch after the cursor ($2, $3), or from the start; within chain $1, or across all chains. */
const nextBatch = `
  SELECT seq, chain_key AS "chainKey", project_id AS "projectId", at, actor_id AS "actorId", action, entity,
         entity_id AS "entityId", detail, workflow_id AS "workflowId", step_key AS "stepKey", prev_hash AS "prevHash", hash
  FROM audit_event
  WHERE ($1::text IS NULL OR chain_key = $1) AND ($2::text IS NULL OR (chain_key, seq) > ($2, $3::bigint))
  ORDER BY chain_key, seq
  LIMIT $4`;

/**
 * Walks every chain (or the chains named) in (chain_key, seq) order, a batch at a time along the (chain_key, seq)
 * index, so memory stays bounded by the batch and one chain's hashes, never the table. Named chains are walked one
 * by one because `chain_key = ANY(…)` cannot follow the index in order. One REPEATABLE READ snapshot keeps the count
 * and the walk in step while events keep being appended.
 */
export async function verifyChains(m: EntityManager, options: VerifyOptions = {}): Promise<ChainVerification[]> {
  const { chainKeys, onProgress, batchSize = 2000 } = options;
  const scopes = chainKeys ? [...new Set(chainKeys)] : [null];
  return m.transaction('REPEATABLE READ', async (tm) => {
    const [{ total }] = (await tm.query('SELECT count(*)::int AS total FROM audit_event WHERE $1::text[] IS NULL OR chain_key = ANY($1)', [
      chainKeys ?? null,
    ])) as { total: number }[];
    const results: ChainVerification[] = [];
    let done = 0;
    for (const scope of scopes) {
      let walk = scope === null ? null : startChainWalk(scope);
      let last: AuditChainRow | undefined;
      for (;;) {
        const rows = (await tm.query(nextBatch, [scope, last?.chainKey ?? null, last?.seq ?? null, batchSize])) as AuditChainRow[];
        for (const row of rows) {
          if (walk?.chainKey !== row.chainKey) {
            if (walk) results.push(walk.finish());
            walk = startChainWalk(row.chainKey);
          }
          walk.add(row);
        }
        done += rows.length;
        onProgress?.(done, total);
        last = rows.at(-1);
        if (rows.length < batchSize) break;
      }
      if (walk) results.push(walk.finish());
    }
    // A project whose every row was deleted leaves no chain to walk: the project table still names it.
    if (!chainKeys) {
      const gone = (await tm.query('SELECT p.id FROM project p WHERE NOT EXISTS (SELECT 1 FROM audit_event e WHERE e.chain_key = p.id::text)')) as { id: string }[];
      results.push(...gone.map(({ id }) => startChainWalk(id).finish()));
    }
    return results;
  });
}
