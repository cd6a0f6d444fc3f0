import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The statistics drill-down lists rectification items by due date (`ORDER BY i.due_at, i.finding_id, i.id`): with the
 * index in that order Postgres reads a page's items from the index, joining each to its finding and project, instead of
 * joining and sorting every item of the year for a page deep in the list.
 */
export class FindingsListIndex1797000000000 implements MigrationInterface {
  name = 'FindingsListIndex1797000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX rectification_item_due_idx ON rectification_item (due_at, finding_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX rectification_item_due_idx`);
  }
}
