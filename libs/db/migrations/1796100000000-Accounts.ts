import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts people can look after: a token version every login token carries (bumped to end all of a person's
 * sessions), a password that must be changed before anything else, and deactivation (no login, no work).
 */
export class Accounts1796100000000 implements MigrationInterface {
  name = 'Accounts1796100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE person ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE person ADD COLUMN deactivated_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person DROP COLUMN deactivated_at`);
    await q.query(`ALTER TABLE person DROP COLUMN must_change_password`);
    await q.query(`ALTER TABLE person DROP COLUMN token_version`);
  }
}
