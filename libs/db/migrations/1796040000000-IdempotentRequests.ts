import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per state-changing request a person sent with an `Idempotency-Key`: the key is theirs alone (another
 * person's same key is another request), the row remembers what the request was (method and path, a SHA-256 of its
 * canonical body) so a different request under the same key is refused, and, once answered, the answer, so a retry
 * gets it again without acting twice.
 *
 * Retention: a row is kept 30 days (`created_at`); a person's older rows are removed when they next send a key, so
 * a retry after that long is a new request. A row left `in_progress` by a process that died is taken over by a retry
 * once its claim is 5 minutes old.
 */
export class IdempotentRequests1796040000000 implements MigrationInterface {
  name = 'IdempotentRequests1796040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotent_request (
        person_id uuid NOT NULL REFERENCES person(id) ON DELETE CASCADE,
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
        method text NOT NULL,
        route text NOT NULL,
        body_hash text NOT NULL,
        status text NOT NULL CHECK (status IN ('in_progress', 'done')),
        response_status int,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        claimed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (person_id, key),
        CONSTRAINT idempotent_request_answered CHECK (status = 'in_progress' OR response_status IS NOT NULL)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotent_request`);
  }
}
