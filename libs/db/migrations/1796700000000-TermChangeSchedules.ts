import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 换届 scheduled ahead: the change an administrator decided on, kept until its moment, when the `scheduledTermChange`
 * workflow carries it out (a durable timer, so a restart of anything loses nothing). Its status moves once, from
 * `scheduled` to `applied` (the terms changed) and `done` (the leaver's work handed on), or to `cancelled` or `failed`
 * (the posts were no longer as scheduled); the row stays as the record.
 */
export class TermChangeSchedules1796700000000 implements MigrationInterface {
  name = 'TermChangeSchedules1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE term_change_schedule (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_unit_id uuid NOT NULL REFERENCES org_unit(id),
        role text NOT NULL CHECK (role IN ('secretary', 'member')),
        from_person_id uuid NOT NULL REFERENCES person(id),
        to_person_id uuid NOT NULL REFERENCES person(id),
        effective_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'applied', 'done', 'cancelled', 'failed')),
        scheduled_by uuid NOT NULL REFERENCES person(id),
        result jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        settled_at timestamptz
      )`);
    await q.query(`CREATE INDEX term_change_schedule_status ON term_change_schedule (status, effective_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE term_change_schedule`);
  }
}
