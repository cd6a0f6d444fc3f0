import type { DataSource } from 'typeorm';

/** What a request was: a retry must be the same request, on the same route with the same body. */
export interface RequestFingerprint {
  method: string;
  /** The path as sent (ids included), without the query. */
  route: string;
  /** SHA-256 of the canonical body (multipart: its text fields and each file's SHA-256). */
  bodyHash: string;
}

export type Claim =
  /** This request is the first with the key (or takes over one whose process died): run it. */
  | { kind: 'claimed' }
  /** Answered before: give the same answer again. */
  | { kind: 'answered'; status: number; body: unknown }
  /** The first request with the key is still running. */
  | { kind: 'in_progress' }
  /** The key was used for another request: method and route of that one. */
  | { kind: 'mismatch'; method: string; route: string };

/** How long a row is kept (see the migration); a retry later than that is a new request. */
const retention = '30 days';
/** A claim older than this belongs to a process that died (every call it makes has a deadline far shorter). */
const staleClaim = '5 minutes';

interface Row {
  method: string;
  route: string;
  body_hash: string;
  status: 'in_progress' | 'done';
  response_status: number | null;
  response_body: unknown;
}

/**
 * Claims (person, key) for one request, atomically: of two requests with the same key at once, exactly one runs.
 * A row whose first request failed is deleted (releaseRequest), so the loop looks again when it vanished between
 * the insert and the read.
 */
export async function claimRequest(ds: DataSource, personId: string, key: string, request: RequestFingerprint): Promise<Claim> {
  await ds.query(`DELETE FROM idempotent_request WHERE person_id = $1 AND created_at < now() - interval '${retention}'`, [personId]);
  for (;;) {
    const claimed: unknown[] = await ds.query(
      `INSERT INTO idempotent_request (person_id, key, method, route, body_hash, status)
       VALUES ($1, $2, $3, $4, $5, 'in_progress')
       ON CONFLICT (person_id, key) DO UPDATE SET claimed_at = now()
         WHERE idempotent_request.status = 'in_progress' AND idempotent_request.claimed_at < now() - interval '${staleClaim}'
           AND (idempotent_request.method, idempotent_request.route, idempotent_request.body_hash) = (EXCLUDED.method, EXCLUDED.route, EXCLUDED.body_hash)
       RETURNING 1`,
      [personId, key, request.method, request.route, request.bodyHash],
    );
    if (claimed.length > 0) return { kind: 'claimed' };
    const [row]: Row[] = await ds.query(
      'SELECT method, route, body_hash, status, response_status, response_body FROM idempotent_request WHERE person_id = $1 AND key = $2',
      [personId, key],
    );
    if (!row) continue;
    if (row.method !== request.method || row.route !== request.route || row.body_hash !== request.bodyHash) return { kind: 'mismatch', method: row.method, route: row.route };
    if (row.status === 'in_progress') return { kind: 'in_progress' };
    return { kind: 'answered', status: row.response_status as number, body: row.response_body };
  }
}

/** Stores the answer of a claimed request; `body` is what the route returned (JSON). */
export async function answerRequest(ds: DataSource, personId: string, key: string, status: number, body: unknown): Promise<void> {
  await ds.query(`UPDATE idempotent_request SET status = 'done', response_status = $3, response_body = $4 WHERE person_id = $1 AND key = $2`, [
    personId,
    key,
    status,
    JSON.stringify(body ?? null),
  ]);
}

/** Frees the key of a request that failed, so a retry runs it again (workflow updates still act once by their id). */
export async function releaseRequest(ds: DataSource, personId: string, key: string): Promise<void> {
  await ds.query(`DELETE FROM idempotent_request WHERE person_id = $1 AND key = $2 AND status = 'in_progress'`, [personId, key]);
}
