import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An approval step decided at a committee meeting carries the committee on its row, written with the step, so reading
 * the step (GET /tasks/:id) never asks its chain workflow: a query per read cost a workflow task and a worker's attention.
 */
export class TaskMeetingMembers1796400000000 implements MigrationInterface {
  name = 'TaskMeetingMembers1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task ADD COLUMN meeting_member_ids uuid[]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task DROP COLUMN meeting_member_ids`);
  }
}
