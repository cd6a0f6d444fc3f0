import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Temporal keeps a closed history only for the namespace's retention; auditors look back years. Each run of a project
 * year's executions is kept here once it closed: its history JSON gzipped, with the SHA-256 of that JSON, which the
 * project's audit chain records too. Written once and never changed (the app role may only add and read rows).
 */
export class HistoryArchive1796900000000 implements MigrationInterface {
  name = 'HistoryArchive1796900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE history_archive (
        workflow_id text NOT NULL,
        run_id text NOT NULL,
        project_id uuid NOT NULL REFERENCES project(id),
        workflow_type text NOT NULL,
        started_at timestamptz NOT NULL,
        closed_at timestamptz NOT NULL,
        event_count integer NOT NULL,
        sha256 char(64) NOT NULL,
        history_gzip bytea NOT NULL,
        archived_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workflow_id, run_id)
      )`);
    await q.query(`CREATE INDEX history_archive_project_idx ON history_archive (project_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE history_archive`);
  }
}
