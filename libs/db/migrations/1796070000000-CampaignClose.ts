import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A campaign closes at its end date: the campaign is `closed` (some units never reported) rather than `completed`, each
 * unit still missing then is marked `missing` for good, and the end date is kept beside the due time.
 */
export class CampaignClose1796070000000 implements MigrationInterface {
  name = 'CampaignClose1796070000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaign ADD COLUMN closes_at timestamptz`);
    await q.query(`ALTER TABLE campaign DROP CONSTRAINT campaign_status_check`);
    await q.query(`ALTER TABLE campaign ADD CONSTRAINT campaign_status_check CHECK (status IN ('scheduled', 'open', 'completed', 'closed'))`);
    await q.query(`ALTER TABLE campaign_target DROP CONSTRAINT campaign_target_status_check`);
    await q.query(`ALTER TABLE campaign_target ADD CONSTRAINT campaign_target_status_check CHECK (status IN ('open', 'submitted', 'missing'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE campaign_target SET status = 'open' WHERE status = 'missing'`);
    await q.query(`ALTER TABLE campaign_target DROP CONSTRAINT campaign_target_status_check`);
    await q.query(`ALTER TABLE campaign_target ADD CONSTRAINT campaign_target_status_check CHECK (status IN ('open', 'submitted'))`);
    await q.query(`UPDATE campaign SET status = 'completed' WHERE status = 'closed'`);
    await q.query(`ALTER TABLE campaign DROP CONSTRAINT campaign_status_check`);
    await q.query(`ALTER TABLE campaign ADD CONSTRAINT campaign_status_check CHECK (status IN ('scheduled', 'open', 'completed'))`);
    await q.query(`ALTER TABLE campaign DROP COLUMN closes_at`);
  }
}
