import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * score-v2: an evaluator may propose an innovation bonus (创新加分), always with its justification; and a result is
 * published once the committee's secretary signs it off (审定发布).
 */
export class ScoringV21796020000000 implements MigrationInterface {
  name = 'ScoringV21796020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE score ADD COLUMN bonus numeric(4,2) CHECK (bonus >= 0), ADD COLUMN bonus_justification text`);
    await q.query(`ALTER TABLE score ADD CONSTRAINT score_bonus_justified CHECK (bonus IS NULL OR bonus = 0 OR bonus_justification IS NOT NULL)`);
    await q.query(`ALTER TABLE evaluation ADD COLUMN published_at timestamptz, ADD COLUMN published_by uuid REFERENCES person(id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE evaluation DROP COLUMN published_by, DROP COLUMN published_at`);
    await q.query(`ALTER TABLE score DROP COLUMN bonus_justification, DROP COLUMN bonus`);
  }
}
