import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Approval chains that match the party organisation: 退回上一级 as a decision, committee meetings recorded with the
 * decision they produced, each approval step's level mode (依次/会签/或签/比例) for the to-do list, and the co-owning units of 联建共建 projects, whose secretaries sign their launch.
 */
export class ApprovalActions1795925219544 implements MigrationInterface {
  name = 'ApprovalActions1795925219544';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE decision DROP CONSTRAINT decision_decision_check`);
    await q.query(`ALTER TABLE decision ADD CONSTRAINT decision_decision_check CHECK (decision IN ('approve', 'reject', 'send_back', 'send_back_previous'))`);
    await q.query(`ALTER TABLE decision ADD COLUMN meeting jsonb`);
    await q.query(`ALTER TABLE project ADD COLUMN co_owning_unit_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE task ADD COLUMN level_mode text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task DROP COLUMN level_mode`);
    await q.query(`ALTER TABLE project DROP COLUMN co_owning_unit_ids`);
    await q.query(`ALTER TABLE decision DROP COLUMN meeting`);
    await q.query(`ALTER TABLE decision DROP CONSTRAINT decision_decision_check`);
    await q.query(`ALTER TABLE decision ADD CONSTRAINT decision_decision_check CHECK (decision IN ('approve', 'reject', 'send_back'))`);
  }
}
