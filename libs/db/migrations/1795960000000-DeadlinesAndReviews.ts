import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pauses, resumptions and extensions (延期) of a due date, kept with it so a reader sees why the date moved; and the
 * two ratings a quarterly review gives (一次查、双向评), on the decision and on the report it accepted; and notices that
 * wait in the inbox for the daily digest instead of being mailed one by one.
 */
export class DeadlinesAndReviews1795960000000 implements MigrationInterface {
  name = 'DeadlinesAndReviews1795960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadline ADD COLUMN events jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await q.query(`ALTER TABLE decision ADD COLUMN ratings jsonb`);
    await q.query(`ALTER TABLE report ADD COLUMN ratings jsonb`);
    await q.query(`ALTER TABLE notice DROP CONSTRAINT notice_status_check`);
    await q.query(`ALTER TABLE notice ADD CONSTRAINT notice_status_check CHECK (status IN ('pending', 'sent', 'failed', 'in_digest'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notice DROP CONSTRAINT notice_status_check`);
    // Without the digest, a notice kept for it is one still to be mailed.
    await q.query(`UPDATE notice SET status = 'pending' WHERE status = 'in_digest'`);
    await q.query(`ALTER TABLE notice ADD CONSTRAINT notice_status_check CHECK (status IN ('pending', 'sent', 'failed'))`);
    await q.query(`ALTER TABLE report DROP COLUMN ratings`);
    await q.query(`ALTER TABLE decision DROP COLUMN ratings`);
    await q.query(`ALTER TABLE deadline DROP COLUMN events`);
  }
}
