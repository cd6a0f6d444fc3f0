import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';
import { verifyChains, type ChainVerification } from '../../libs/audit/verify-chains.js';
import { createDataSource } from '../../libs/db/data-source.js';
import { AuditEventEntity } from '../../libs/db/entities/audit-event.entity.js';
import { appendAudit, auditHash, campaignChain, hashedAuditRow, organisationChain } from '../../libs/db/repositories/audit.repository.js';
import { createTestDatabase } from '../support/database.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** `npm run audit:verify` as bootstrap.mjs runs it, against this file's database. */
function runAuditVerify(databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: databaseUrl } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * A superuser with the append-only triggers off (replica mode fires only triggers marked ENABLE REPLICA/ALWAYS),
 * which is exactly what the hash chain exists to expose. SET LOCAL keeps the pooled connection clean afterwards.
 */
const asSuperuserWithoutTriggers = (ds: DataSource, statements: [string, unknown[]][]) =>
  ds.transaction(async (m) => {
    await m.query('SET LOCAL session_replication_role = replica');
    for (const [sql, params] of statements) await m.query(sql, params);
  });

const tampered = ['detail', 'at', 'deleted', 'reordered', 'forged', 'rehashed'] as const;
type Tampering = (typeof tampered)[number];

describe('audit chain verification against a superuser', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  const chainFor = Object.fromEntries(tampered.map((t) => [t, randomUUID()])) as Record<Tampering, string>;
  const untouchedProject = randomUUID();
  const campaignId = randomUUID();
  const untouched = [untouchedProject, organisationChain, campaignChain(campaignId)];
  const rowsOf = (chainKey: string) => ds.getRepository(AuditEventEntity).find({ where: { chainKey }, order: { seq: 'ASC' } });
  /** Stored rows of each chain as written, before anyone tampered. */
  let written: Record<string, AuditEventEntity[]>;
  /** Sequence numbers no row took, as rolled-back appends leave them: room to forge a row mid-chain. */
  const unusedSeqs: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    // A superuser's connection on purpose: the app's own role may not touch the log at all (test/e2e/db-roles.spec.ts);
    // this file shows what the triggers and the hash chain still do against someone who may.
    ds = await createDataSource(db.superuserUrl, { poolSize: 2, applicationName: 'tandem-test' }).initialize();
    const actorId = randomUUID();
    // Round-robin over the chains, as concurrent projects write: each chain's seqs leave gaps a forger can use.
    for (let n = 1; n <= 5; n += 1) {
      for (const projectId of [...Object.values(chainFor), untouchedProject]) {
        await ds.transaction((m) =>
          appendAudit(m, { projectId, actorId, action: `step_${n}`, entity: 'project', entityId: projectId, detail: { n, amount: 100 * n }, workflowId: `project-${projectId}`, stepKey: `s${n}` }),
        );
      }
      await ds.transaction((m) => appendAudit(m, { projectId: null, actorId, action: 'person_added', entity: 'person', entityId: randomUUID(), detail: { n } }));
      await ds.transaction((m) => appendAudit(m, { projectId: null, campaignId, actorId, action: 'report_rated', entity: 'campaign', detail: { n, 评级: '好' } }));
      const [{ seq }] = (await ds.query(`SELECT nextval(pg_get_serial_sequence('audit_event', 'seq'))::text AS seq`)) as { seq: string }[];
      unusedSeqs.push(seq);
    }
    written = Object.fromEntries(await Promise.all([...Object.values(chainFor), ...untouched].map(async (k) => [k, await rowsOf(k)] as const)));
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('finds every chain intact, and audit:verify exits 0, before anyone tampers', async () => {
    const chains = await verifyChains(ds.manager);
    expect(chains.map((c) => [c.chainKey, c.events, c.ok]).sort()).toEqual(Object.keys(written).map((k) => [k, 5, true]).sort());
    const cli = await runAuditVerify(db.url);
    expect([cli.code, cli.stdout.trim()]).toEqual([0, '9 chains, 45 events checked: all intact']);
    expect(cli.stderr).toContain('checked 45 of 45 events (100%)');
  });

  it('refuses UPDATE, DELETE and TRUNCATE while the append-only triggers are on', async () => {
    const key = chainFor.detail;
    await expect(ds.query(`UPDATE audit_event SET detail = '{}' WHERE chain_key = $1`, [key])).rejects.toThrow('append-only: UPDATE refused');
    await expect(ds.query('DELETE FROM audit_event WHERE chain_key = $1', [key])).rejects.toThrow('append-only: DELETE refused');
    await expect(ds.query('TRUNCATE audit_event')).rejects.toThrow('append-only: TRUNCATE refused');
    expect(await rowsOf(key)).toEqual(written[key]);
  });

  describe('after a superuser tampers with one chain per kind of change, triggers disabled', () => {
    const rows = (t: Tampering) => written[chainFor[t]];

    beforeAll(async () => {
      const forgedAfter = rows('forged')[2];
      const forged = { ...forgedAfter, seq: unusedSeqs[2], action: 'decision_approve', detail: { n: 3.5, amount: 1 } };
      const rehashed = { ...rows('rehashed')[1], detail: { n: 2, amount: 1 } };
      const [a, b] = [rows('reordered')[1].seq, rows('reordered')[2].seq];
      await asSuperuserWithoutTriggers(ds, [
        [`UPDATE audit_event SET detail = detail || '{"amount": 1}' WHERE seq = $1`, [rows('detail')[2].seq]],
        [`UPDATE audit_event SET at = at - interval '1 day' WHERE seq = $1`, [rows('at')[1].seq]],
        ['DELETE FROM audit_event WHERE seq = $1', [rows('deleted')[2].seq]],
        ['UPDATE audit_event SET seq = -1 WHERE seq = $1', [a]],
        ['UPDATE audit_event SET seq = $1 WHERE seq = $2', [a, b]],
        ['UPDATE audit_event SET seq = $1 WHERE seq = -1', [b]],
        // A forged row links to a head another row already links to: a superuser drops the constraint as easily as the triggers.
        ['ALTER TABLE audit_event DROP CONSTRAINT audit_event_chain_link_unique', []],
        [
          `INSERT INTO audit_event (seq, chain_key, project_id, at, actor_id, action, entity, entity_id, detail, workflow_id, step_key, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 's3-forged', $11, $12)`,
          [forged.seq, forged.chainKey, forged.projectId, forged.at, forged.actorId, forged.action, forged.entity, forged.entityId, forged.detail, forged.workflowId, forgedAfter.hash,
            auditHash(forgedAfter.hash, hashedAuditRow({ ...forged, stepKey: 's3-forged' }))],
        ],
        ['UPDATE audit_event SET detail = $1, hash = $2 WHERE seq = $3', [rehashed.detail, auditHash(rehashed.prevHash, hashedAuditRow(rehashed)), rehashed.seq]],
      ]);
    });

    const firstBrokenOf = (chains: ChainVerification[]) =>
      Object.fromEntries(chains.map((c) => [c.chainKey, c.firstBroken ? { seq: c.firstBroken.seq, position: c.firstBroken.position, kind: c.firstBroken.kind } : 'ok']));

    it('reports exactly the first broken link of each tampered chain, and every other chain intact', async () => {
      const progress: [number, number][] = [];
      // Batches of 4 split every chain across batches, so the walk must carry a chain over from one batch to the next.
      for (const batchSize of [undefined, 4]) {
        const chains = await verifyChains(ds.manager, { batchSize, onProgress: (done, total) => progress.push([done, total]) });
        expect(firstBrokenOf(chains)).toEqual({
          [chainFor.detail]: { seq: rows('detail')[2].seq, position: 3, kind: 'content_changed' },
          [chainFor.at]: { seq: rows('at')[1].seq, position: 2, kind: 'content_changed' },
          [chainFor.deleted]: { seq: rows('deleted')[3].seq, position: 3, kind: 'link_broken' },
          [chainFor.reordered]: { seq: rows('reordered')[1].seq, position: 2, kind: 'link_broken' },
          [chainFor.forged]: { seq: rows('forged')[3].seq, position: 5, kind: 'link_broken' },
          [chainFor.rehashed]: { seq: rows('rehashed')[2].seq, position: 3, kind: 'link_broken' },
          ...Object.fromEntries(untouched.map((k) => [k, 'ok'])),
        });
        const byKey = new Map(chains.map((c) => [c.chainKey, c]));
        expect(byKey.get(chainFor.deleted)?.firstBroken?.reason).toMatch(/links to no row of this chain: a row before it was deleted/);
        expect(byKey.get(chainFor.reordered)?.firstBroken?.reason).toMatch(/comes later in the chain, so rows were moved out of order/);
        expect(byKey.get(chainFor.forged)?.firstBroken?.reason).toMatch(/further back, so the rows after that one were inserted later/);
        expect(byKey.get(chainFor.rehashed)?.firstBroken?.reason).toMatch(/changed and given a new hash/);
        expect([byKey.get(chainFor.deleted)?.events, byKey.get(chainFor.forged)?.events]).toEqual([4, 6]);
        const project = byKey.get(untouchedProject);
        expect([project?.projectId, project?.head]).toEqual([untouchedProject, { seq: written[untouchedProject][4].seq, hash: written[untouchedProject][4].hash }]);
        expect(progress.at(-1)).toEqual([45, 45]);
      }
      expect(progress.map(([done]) => done)).toEqual([45, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 45]);
    });

    it('checks only the chains asked for, and reports a project chain with no events as missing', async () => {
      const empty = randomUUID();
      const progress: [number, number][] = [];
      const chains = await verifyChains(ds.manager, { chainKeys: [chainFor.deleted, organisationChain, empty, campaignChain(campaignId)], batchSize: 3, onProgress: (...p) => progress.push(p) });
      expect(chains.map(({ chainKey, projectId, events, ok, head }) => ({ chainKey, projectId, events, ok, head: head?.seq ?? null }))).toEqual([
        { chainKey: chainFor.deleted, projectId: chainFor.deleted, events: 4, ok: false, head: rows('deleted')[4].seq },
        { chainKey: organisationChain, projectId: null, events: 5, ok: true, head: written[organisationChain][4].seq },
        { chainKey: empty, projectId: empty, events: 0, ok: false, head: null },
        { chainKey: campaignChain(campaignId), projectId: null, events: 5, ok: true, head: written[campaignChain(campaignId)][4].seq },
      ]);
      expect(progress.at(-1)).toEqual([14, 14]);
    });

    it('makes audit:verify exit 1 and name each broken chain with its first broken row', async () => {
      const broken = (await verifyChains(ds.manager)).filter((c) => !c.ok);
      const cli = await runAuditVerify(db.url);
      expect(cli.code).toBe(1);
      const [headline, ...lines] = cli.stdout.trim().split('\n');
      expect(headline).toBe('9 chains, 45 events checked: 6 broken');
      expect(lines.sort()).toEqual(
        broken
          .map(({ chainKey, firstBroken: b }) => `BROKEN chain ${chainKey} (project ${chainKey}): seq ${b?.seq}, event ${b?.position} of the chain, ${b?.kind}: ${b?.reason}`)
          .sort(),
      );
      expect(broken.map((c) => c.chainKey).sort()).toEqual(Object.values(chainFor).sort());
    });

    it('reports a project whose every event was deleted, though no chain is left to walk', async () => {
      const [{ id: unitId }] = (await ds.query(`INSERT INTO org_unit (name, kind) VALUES ('一车间党支部', 'branch') RETURNING id`)) as { id: string }[];
      const [{ id: ownerId }] = (await ds.query(`INSERT INTO person (name, email) VALUES ('陈晓峰', $1) RETURNING id`, [`${randomUUID()}@test`])) as { id: string }[];
      const [{ id: projectId }] = (await ds.query(`INSERT INTO project (year, kind, title, org_unit_id, owner_id) VALUES (2026, 'vanguard_post', '先锋岗', $1, $2) RETURNING id`, [unitId, ownerId])) as { id: string }[];
      for (const action of ['draft_created', 'submitted']) await ds.transaction((m) => appendAudit(m, { projectId, actorId: ownerId, action, entity: 'project', entityId: projectId }));
      expect((await verifyChains(ds.manager, { chainKeys: [projectId] }))[0]).toMatchObject({ ok: true, events: 2 });

      await asSuperuserWithoutTriggers(ds, [['DELETE FROM audit_event WHERE chain_key = $1', [projectId]]]);
      const missing = { chainKey: projectId, projectId, events: 0, ok: false, firstBroken: expect.objectContaining({ kind: 'chain_missing', seq: null }) };
      expect((await verifyChains(ds.manager)).find((c) => c.chainKey === projectId)).toMatchObject(missing);
      expect((await verifyChains(ds.manager, { chainKeys: [projectId] }))[0]).toMatchObject(missing);
    });
  });
});
