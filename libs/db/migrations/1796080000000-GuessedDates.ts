import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A due date computed while a year involved had no published holiday arrangements (weekends only) keeps how it was
 * computed, so it can be computed again, once, when that year's holidays become known; null once it is settled.
 */
export class GuessedDates1796080000000 implements MigrationInterface {
  name = 'GuessedDates1796080000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadline ADD COLUMN guessed jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadline DROP COLUMN guessed`);
  }
}
