import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Roles are held for a term: an ended grant keeps its row with the moment it ended, so the record says who held a
 * post when (换届), and only one grant of a role per person and unit is current at a time. A unit can be closed
 * (撤销) without losing the records that name it.
 */
export class RoleTerms1796220000000 implements MigrationInterface {
  name = 'RoleTerms1796220000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE role_assignment ADD COLUMN valid_from timestamptz NOT NULL DEFAULT now(), ADD COLUMN valid_until timestamptz`);
    await q.query(`UPDATE role_assignment SET valid_from = created_at`);
    await q.query(`ALTER TABLE role_assignment ADD CONSTRAINT role_assignment_term CHECK (valid_until IS NULL OR valid_until >= valid_from)`);
    await q.query(`ALTER TABLE role_assignment DROP CONSTRAINT role_assignment_unique`);
    await q.query(`CREATE UNIQUE INDEX role_assignment_open ON role_assignment (person_id, org_unit_id, role) NULLS NOT DISTINCT WHERE valid_until IS NULL`);
    await q.query(`ALTER TABLE org_unit ADD COLUMN closed_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE org_unit DROP COLUMN closed_at`);
    await q.query(`DELETE FROM role_assignment WHERE valid_until IS NOT NULL`);
    await q.query(`DROP INDEX role_assignment_open`);
    await q.query(`ALTER TABLE role_assignment ADD CONSTRAINT role_assignment_unique UNIQUE NULLS NOT DISTINCT (person_id, org_unit_id, role)`);
    await q.query(`ALTER TABLE role_assignment DROP CONSTRAINT role_assignment_term, DROP COLUMN valid_until, DROP COLUMN valid_from`);
  }
}
