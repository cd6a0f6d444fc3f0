import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A notice is claimed before it is mailed (who holds it, until when), so two attempts at one notice never both send;
 * a deferred notice carries its next attempt, which the sweeper picks up.
 */
export class NoticeClaims1796030000000 implements MigrationInterface {
  name = 'NoticeClaims1796030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notice ADD COLUMN claimed_by text, ADD COLUMN claimed_until timestamptz, ADD COLUMN next_attempt_at timestamptz`);
    await q.query(`CREATE INDEX notice_due_idx ON notice(next_attempt_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notice_due_idx`);
    await q.query(`ALTER TABLE notice DROP COLUMN next_attempt_at, DROP COLUMN claimed_until, DROP COLUMN claimed_by`);
  }
}
