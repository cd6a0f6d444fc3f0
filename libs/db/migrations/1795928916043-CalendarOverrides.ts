import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Admins' corrections to the published working-day calendar (a company's own 调休, a year not yet published), and the
 * rule each due date was computed by, shown with it.
 */
export class CalendarOverrides1795928916043 implements MigrationInterface {
  name = 'CalendarOverrides1795928916043';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_override (
        date date PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
        note text,
        updated_by uuid REFERENCES person(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE deadline ADD COLUMN rule text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadline DROP COLUMN rule`);
    await q.query(`DROP TABLE calendar_override`);
  }
}
