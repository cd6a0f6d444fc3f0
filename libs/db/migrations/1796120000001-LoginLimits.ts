import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Login attempts counted per client address and per account, failures and lockouts per account: the table
 * rate-limiter-flexible's Postgres store reads and writes (its own layout: key, points, expiry in epoch ms). In
 * Postgres rather than in memory, so a restart does not hand a guesser a fresh budget and several API processes
 * count together. Expired rows are deleted by the store as it goes.
 */
export class LoginLimits1796120000001 implements MigrationInterface {
  name = 'LoginLimits1796120000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE login_limit (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_limit`);
  }
}
