import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A project whose year stopped on a failure it could not mend by itself (a refusal, a value the database cannot
 * store, a long outage) needs an admin: the step and the reason are kept until an admin resumes the year.
 */
export class ProjectAttention1796060000000 implements MigrationInterface {
  name = 'ProjectAttention1796060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE project ADD COLUMN attention_step text, ADD COLUMN attention_reason text, ADD COLUMN attention_since timestamptz`);
    await q.query(`ALTER TABLE project ADD CONSTRAINT project_attention_whole CHECK ((attention_since IS NULL) = (attention_reason IS NULL) AND (attention_since IS NULL) = (attention_step IS NULL))`);
    // Admins list the few projects that need them; the partial index holds only those.
    await q.query(`CREATE INDEX project_attention_idx ON project (attention_since) WHERE attention_since IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX project_attention_idx`);
    await q.query(`ALTER TABLE project DROP CONSTRAINT project_attention_whole, DROP COLUMN attention_since, DROP COLUMN attention_reason, DROP COLUMN attention_step`);
  }
}
