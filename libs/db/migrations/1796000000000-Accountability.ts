import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 双问责: when a rectification item first went overdue, making both its owners accountable; and where a finding came from. */
export class Accountability1796000000000 implements MigrationInterface {
  name = 'Accountability1796000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE finding ADD COLUMN source text NOT NULL DEFAULT 'review' CHECK (source IN ('review', 'committee', 'audit'))`);
    await q.query(`ALTER TABLE rectification_item ADD COLUMN accountable_at timestamptz`);
    // An item whose deadline (any round) went overdue or closed late was overdue at that round's due time.
    await q.query(`
      UPDATE rectification_item i SET accountable_at = d.first_overdue
        FROM (SELECT substring(ref FROM '^rectification-(.*)-r[0-9]+$')::uuid AS item_id, min(due_at) AS first_overdue
                FROM deadline WHERE kind = 'evidence' AND status IN ('overdue', 'late') GROUP BY 1) d
       WHERE d.item_id = i.id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rectification_item DROP COLUMN accountable_at`);
    await q.query(`ALTER TABLE finding DROP COLUMN source`);
  }
}
