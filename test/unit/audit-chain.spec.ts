import { startChainWalk, type AuditChainRow, type ChainVerification } from '../../libs/audit/verify-chains.js';
import { auditHash, genesisHash, hashedAuditRow, type AuditContent } from '../../libs/db/repositories/audit.repository.js';

const projectId = '7d1c3a52-7c0e-4a8e-9f55-0b6a1d2c3e4f';

const event = (n: number): AuditContent => ({
  chainKey: projectId,
  projectId,
  at: new Date(Date.UTC(2026, 2, 1, 9, n)),
  actorId: '0b8f6a1e-2d3c-4b5a-8e9f-1a2b3c4d5e6f',
  action: `step_${n}`,
  entity: 'project',
  entityId: projectId,
  detail: { n, note: `第${n}步` },
  workflowId: `project-${projectId}`,
  stepKey: `step-${n}`,
});

/** Rows as appendAudit writes them, after `prev`; seqs leave gaps, as other chains' events take the numbers between. */
function sealed(contents: AuditContent[], prev = genesisHash, firstSeq = 10): AuditChainRow[] {
  return contents.map((content, i) => {
    const hash = auditHash(prev, hashedAuditRow(content));
    const row = { ...content, seq: String(firstSeq + 10 * i), prevHash: prev, hash };
    prev = hash;
    return row;
  });
}

const chainOf = (length: number) => sealed(Array.from({ length }, (_, i) => event(i + 1)));

/** A whole chain in memory, in seq order, through the walk verifyChains feeds a batch at a time. */
function verifyChainRows(chainKey: string, rows: readonly AuditChainRow[]): ChainVerification {
  const walk = startChainWalk(chainKey);
  for (const row of rows) walk.add(row);
  return walk.finish();
}

describe('one chain walked', () => {
  it('reports an untouched chain intact, with its event count and head', () => {
    const rows = chainOf(5);
    expect(verifyChainRows(projectId, rows)).toEqual({
      chainKey: projectId,
      projectId,
      events: 5,
      head: { seq: '50', hash: rows[4].hash },
      ok: true,
    });
  });

  it('reports a row whose content was changed as content_changed at that row', () => {
    const rows = chainOf(5);
    rows[2] = { ...rows[2], detail: { ...rows[2].detail, note: '改过' } };
    const result = verifyChainRows(projectId, rows);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toEqual({
      seq: '30',
      position: 3,
      kind: 'content_changed',
      reason: "the row's content no longer matches its hash: it was changed after it was written",
      expected: auditHash(rows[1].hash, hashedAuditRow(rows[2])),
      found: rows[2].hash,
    });
  });

  it('catches a changed timestamp, which is hashed at millisecond precision', () => {
    const rows = chainOf(3);
    rows[1] = { ...rows[1], at: new Date(rows[1].at.getTime() + 1) };
    expect(verifyChainRows(projectId, rows).firstBroken).toMatchObject({ seq: '20', kind: 'content_changed' });
  });

  it('reports a deleted middle row as a broken link at the next row, diagnosed as a deletion', () => {
    const rows = chainOf(5);
    const [, second, deleted, fourth] = rows;
    const result = verifyChainRows(projectId, rows.filter((r) => r !== deleted));
    expect(result.events).toBe(4);
    expect(result.firstBroken).toMatchObject({ seq: fourth.seq, position: 3, kind: 'link_broken', expected: second.hash, found: deleted.hash });
    expect(result.firstBroken?.reason).toMatch(/links to no row of this chain: a row before it was deleted/);
  });

  it('reports a deleted first row at the new first row, which no longer starts from genesis', () => {
    const rows = chainOf(3);
    expect(verifyChainRows(projectId, rows.slice(1)).firstBroken).toMatchObject({ seq: '20', position: 1, kind: 'link_broken', expected: genesisHash, found: rows[0].hash });
  });

  it('reports two swapped rows as a broken link to a later row, diagnosed as moved', () => {
    const rows = chainOf(5);
    const swapped = [rows[0], { ...rows[2], seq: rows[1].seq }, { ...rows[1], seq: rows[2].seq }, rows[3], rows[4]];
    const result = verifyChainRows(projectId, swapped);
    expect(result.firstBroken).toMatchObject({ seq: '20', position: 2, kind: 'link_broken', expected: rows[0].hash, found: rows[1].hash });
    expect(result.firstBroken?.reason).toBe('the row does not follow the one before it: it links to row 3 (seq 30), which comes later in the chain, so rows were moved out of order');
  });

  it('catches a forged row inserted with a valid hash at the row after it, diagnosed as an insertion', () => {
    const rows = chainOf(5);
    const [forged] = sealed([{ ...event(9), action: 'decision_approve' }], rows[2].hash, 35);
    const result = verifyChainRows(projectId, [...rows.slice(0, 3), forged, ...rows.slice(3)]);
    expect(result.events).toBe(6);
    expect(result.firstBroken).toMatchObject({ seq: '40', position: 5, kind: 'link_broken', expected: forged.hash, found: rows[2].hash });
    expect(result.firstBroken?.reason).toBe('the row does not follow the one before it: it links to row 3 (seq 30) further back, so the rows after that one were inserted later');
  });

  it('catches a forged row whose hash does not cover its content at the forged row itself', () => {
    const rows = chainOf(3);
    const forged = { ...event(9), seq: '25', prevHash: rows[1].hash, hash: rows[2].hash };
    expect(verifyChainRows(projectId, [rows[0], rows[1], forged, rows[2]]).firstBroken).toMatchObject({ seq: '25', position: 3, kind: 'content_changed' });
  });

  it('reports a changed row given a fresh hash at the next row, whose link then points nowhere', () => {
    const rows = chainOf(4);
    const [rehashed] = sealed([{ ...rows[1], detail: { n: 2, note: '改过' } }], rows[0].hash, 20);
    const result = verifyChainRows(projectId, [rows[0], rehashed, rows[2], rows[3]]);
    expect(result.firstBroken).toMatchObject({ seq: '30', position: 3, kind: 'link_broken', expected: rehashed.hash, found: rows[1].hash });
    expect(result.firstBroken?.reason).toMatch(/links to no row of this chain: .*changed and given a new hash/);
  });

  it('reports only the first broken link and still counts every event and the head', () => {
    const rows = chainOf(6);
    rows[1] = { ...rows[1], action: 'decision_reject' };
    const result = verifyChainRows(projectId, rows.filter((_, i) => i !== 3));
    expect(result).toMatchObject({ events: 5, head: { seq: '60', hash: rows[5].hash }, ok: false });
    expect(result.firstBroken).toMatchObject({ seq: '20', position: 2, kind: 'content_changed' });
  });
});
