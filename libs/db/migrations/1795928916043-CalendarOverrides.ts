import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Admins' corrections to the published working-day calendar (a company's own 调休, a year not yet published). */
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_override`);
  }
}
