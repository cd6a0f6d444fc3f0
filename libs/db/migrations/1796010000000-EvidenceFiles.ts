import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files attached to rectification evidence, kept in Postgres with their SHA-256. A file is written first, unattached
 * (`evidence_id` null), then attached when the workflow records the evidence; the API removes it again if refused.
 */
export class EvidenceFiles1796010000000 implements MigrationInterface {
  name = 'EvidenceFiles1796010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evidence_file (
        id uuid PRIMARY KEY,
        item_id uuid NOT NULL REFERENCES rectification_item(id),
        evidence_id uuid REFERENCES evidence(id),
        name text NOT NULL,
        content_type text NOT NULL,
        size int NOT NULL CHECK (size > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        data bytea NOT NULL,
        uploaded_by uuid NOT NULL REFERENCES person(id),
        uploaded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX evidence_file_item_idx ON evidence_file (item_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE evidence_file`);
  }
}
