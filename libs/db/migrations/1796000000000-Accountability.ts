import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 双问责: when a rectification item first went overdue, making both its owners accountable. */
export class Accountability1796000000000 implements MigrationInterface {
  name = 'Accountability1796000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rectification_item ADD COLUMN accountable_at timestamptz`);
    // Items already overdue or closed late were overdue at their due date: their owners are accountable from then.
    await q.query(`
      UPDATE rectification_item SET accountable_at = due_at
       WHERE (status <> 'closed' AND due_at < now()) OR closed_on_time = false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rectification_item DROP COLUMN accountable_at`);
  }
}
