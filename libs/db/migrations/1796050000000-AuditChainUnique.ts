import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An audit chain cannot fork: two events of one chain never link to the same predecessor. A chain's first event
 * links to the genesis hash (all zeros), so each chain has exactly one first event as well. The advisory lock in
 * appendAudit keeps writers in line; this makes the database refuse a fork even from a writer the lock cannot
 * order (a snapshot taken before the other writer committed).
 */
export class AuditChainUnique1796050000000 implements MigrationInterface {
  name = 'AuditChainUnique1796050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_event ADD CONSTRAINT audit_event_chain_link_unique UNIQUE (chain_key, prev_hash)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_event DROP CONSTRAINT audit_event_chain_link_unique`);
  }
}
