import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reporting campaigns (报告任务): a campaign (or the template a recurring one is issued from), its target units with
 * what each submitted, and units labelled by category so campaigns can target them. A campaign's deadlines and tasks
 * belong to no project, so those rows now name either a project or a campaign.
 */
export class Campaigns1795990000000 implements MigrationInterface {
  name = 'Campaigns1795990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE org_unit ADD COLUMN category text`);
    await q.query(`
      CREATE TABLE campaign (
        id uuid PRIMARY KEY,
        workflow_id text UNIQUE,
        template_id uuid REFERENCES campaign(id),
        title text NOT NULL,
        instructions text NOT NULL,
        targets jsonb NOT NULL,
        due_rule jsonb,
        remind_on jsonb,
        ladder jsonb NOT NULL,
        due_at timestamptz,
        rule text,
        recurrence jsonb,
        schedule_id text UNIQUE,
        duty_report_year int,
        status text NOT NULL CHECK (status IN ('scheduled', 'open', 'completed')),
        created_by uuid NOT NULL REFERENCES person(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        CONSTRAINT campaign_kind_check CHECK ((status = 'scheduled') = (schedule_id IS NOT NULL AND workflow_id IS NULL))
      )`);
    await q.query(`CREATE INDEX campaign_template_idx ON campaign(template_id)`);
    await q.query(`
      CREATE TABLE campaign_target (
        campaign_id uuid NOT NULL REFERENCES campaign(id),
        unit_id uuid NOT NULL REFERENCES org_unit(id),
        unit_name text NOT NULL,
        secretary_ids uuid[] NOT NULL,
        deadline_ref text NOT NULL UNIQUE,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'submitted')),
        submission text,
        submitted_by uuid REFERENCES person(id),
        submitted_at timestamptz,
        rating text CHECK (rating IN ('good', 'fair', 'average', 'poor')),
        rating_comment text,
        rated_by uuid REFERENCES person(id),
        rated_at timestamptz,
        PRIMARY KEY (campaign_id, unit_id)
      )`);
    for (const table of ['deadline', 'task']) {
      await q.query(`ALTER TABLE ${table} ALTER COLUMN project_id DROP NOT NULL`);
      await q.query(`ALTER TABLE ${table} ADD COLUMN campaign_id uuid REFERENCES campaign(id)`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_owner_check CHECK (project_id IS NOT NULL OR campaign_id IS NOT NULL)`);
      await q.query(`CREATE INDEX ${table}_campaign_idx ON ${table}(campaign_id)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['task', 'deadline']) {
      await q.query(`DELETE FROM ${table} WHERE project_id IS NULL`);
      await q.query(`ALTER TABLE ${table} DROP COLUMN campaign_id`);
      await q.query(`ALTER TABLE ${table} ALTER COLUMN project_id SET NOT NULL`);
    }
    await q.query(`DROP TABLE campaign_target`);
    await q.query(`DROP TABLE campaign`);
    await q.query(`ALTER TABLE org_unit DROP COLUMN category`);
  }
}
