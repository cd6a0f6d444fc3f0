import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the SMTP transaction of a notice's current attempt began, cleared once the server's answer is written: a
 * notice whose sender died with this set may or may not have reached the mail server, and is never mailed again blindly.
 */
export class NoticeSending1796140000001 implements MigrationInterface {
  name = 'NoticeSending1796140000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notice ADD COLUMN sending_since timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notice DROP COLUMN sending_since`);
  }
}
