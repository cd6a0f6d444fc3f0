import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { verifyChains } from '../../libs/audit/verify-chains.js';
import { createDataSource } from '../../libs/db/data-source.js';
import { appendAudit, auditedTransaction, campaignChain, genesisHash, isChainFork, type AuditInput } from '../../libs/db/repositories/audit.repository.js';
import { createTestDatabase } from '../support/database.js';

/**
 * The audit chain cannot fork, whatever the isolation of the writers: the database refuses a second event linking to
 * the same head, and the writer that lost the race writes its event again after the new head.
 */
describe('audit chain links', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url, { poolSize: 4 }).initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  /** A chain of its own per test: a campaign's, so no project row is needed. */
  const eventOn = (campaignId: string, action: string): AuditInput => ({ projectId: null, campaignId, actorId: null, action, entity: 'campaign', entityId: campaignId });
  const linksOf = async (campaignId: string) =>
    (await ds.query('SELECT action, prev_hash, hash FROM audit_event WHERE chain_key = $1 ORDER BY seq', [campaignChain(campaignId)])) as {
      action: string;
      prev_hash: string;
      hash: string;
    }[];

  /**
   * Two REPEATABLE READ writers whose snapshots both predate the first one's commit: the lock orders them, but the
   * second still reads the old head. `second` runs the second writer's transaction, started before the first commits.
   */
  async function raceOnOneHead(campaignId: string, second: (work: (m: EntityManager) => Promise<void>) => Promise<void>) {
    await ds.transaction((m) => appendAudit(m, eventOn(campaignId, 'opened')));
    let snapshotTaken!: () => void;
    const snapshot = new Promise<void>((resolve) => (snapshotTaken = resolve));
    let firstCommitted!: () => void;
    const committed = new Promise<void>((resolve) => (firstCommitted = resolve));
    let runs = 0;
    const secondWriter = second(async (m) => {
      runs++;
      // The snapshot is taken by the transaction's first query; the first run waits for the other writer's commit.
      await m.query('SELECT count(*) FROM audit_event');
      if (runs === 1) {
        snapshotTaken();
        await committed;
      }
      await appendAudit(m, eventOn(campaignId, 'second'));
    });
    await snapshot;
    await ds.transaction('REPEATABLE READ', (m) => appendAudit(m, eventOn(campaignId, 'first')));
    firstCommitted();
    return { secondWriter, runs: () => runs };
  }

  it('refuses a second event linking to the same head, even when the lock could not order the writers', async () => {
    const campaignId = randomUUID();
    const { secondWriter } = await raceOnOneHead(campaignId, (work) => ds.transaction('REPEATABLE READ', work));
    const refusal = await secondWriter.then(() => null, (error: unknown) => error);
    expect(isChainFork(refusal)).toBe(true);
    const links = await linksOf(campaignId);
    expect(links.map((l) => l.action)).toEqual(['opened', 'first']);
  });

  it('writes the loser’s event again after the new head, so none is lost and the chain verifies', async () => {
    const campaignId = randomUUID();
    const { secondWriter, runs } = await raceOnOneHead(campaignId, (work) => auditedTransaction(ds, work, 'REPEATABLE READ'));
    await secondWriter;
    expect(runs()).toBe(2);
    const links = await linksOf(campaignId);
    expect(links.map((l) => l.action)).toEqual(['opened', 'first', 'second']);
    expect(links.map((l) => l.prev_hash)).toEqual([genesisHash, links[0].hash, links[1].hash]);
    const [chain] = await verifyChains(ds.manager, { chainKeys: [campaignChain(campaignId)] });
    expect([chain.ok, chain.events]).toEqual([true, 3]);
  });
});
