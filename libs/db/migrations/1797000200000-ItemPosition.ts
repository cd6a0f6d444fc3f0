import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A finding's items in the order the reviewer wrote them. They share a due date and were listed by it alone, so their
 * order followed where Postgres happened to keep the rows, and changed when one was updated. Items already recorded
 * take their place from the `finding_raised` audit event, which names them in order.
 */
export class ItemPosition1797000200000 implements MigrationInterface {
  name = 'ItemPosition1797000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rectification_item ADD COLUMN position smallint NOT NULL DEFAULT 0`);
    await q.query(`
      UPDATE rectification_item i SET position = e.ord - 1
        FROM audit_event a CROSS JOIN LATERAL jsonb_array_elements(a.detail->'items') WITH ORDINALITY AS e(item, ord)
       WHERE a.action = 'finding_raised' AND a.entity_id = i.finding_id::text AND e.item->>'itemId' = i.id::text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rectification_item DROP COLUMN position`);
  }
}
