import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The statistics dashboard joins findings to their projects and items to their findings, and campaign targets by unit:
 * a secretary's subtree is a few percent of the organisation, and these let Postgres read only its rows.
 */
export class StatsIndexes1796600000000 implements MigrationInterface {
  name = 'StatsIndexes1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX finding_project_idx ON finding (project_id)`);
    await q.query(`CREATE INDEX rectification_item_finding_idx ON rectification_item (finding_id)`);
    await q.query(`CREATE INDEX campaign_target_unit_idx ON campaign_target (unit_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX campaign_target_unit_idx`);
    await q.query(`DROP INDEX rectification_item_finding_idx`);
    await q.query(`DROP INDEX finding_project_idx`);
  }
}
