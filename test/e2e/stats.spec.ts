import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { createOrgViaApi, ok, startApi, type ApiHarness, type ApiOrg } from '../support/api.js';
import { seedStatsYear, type StatsYear } from '../support/stats-fixture.js';

type Table = { columns: { key: string }[]; rows: { key: string; label: string; values: (number | null)[] }[]; total: { values: (number | null)[] } };

/**
 * Every figure of the statistics dashboard against a year counted by hand (test/support/stats-fixture.ts: drafts
 * through the API, the year's rows inserted directly, as it says why).
 */
describe('statistics (智慧党建) against a hand-counted year', () => {
  let api: ApiHarness;
  let org: ApiOrg;
  let adminToken: string;
  const year = 2025;
  let p: StatsYear['p'];
  let items: StatsYear['items'];
  let campaignA: string;

  beforeAll(async () => {
    api = await startApi();
    adminToken = await api.adminToken();
    org = await createOrgViaApi(api, adminToken);
    ({ p, items, campaignA } = await seedStatsYear(api, org, year));
  });

  afterAll(async () => {
    await api?.close();
  });

  const figure = async (token: string, name: string, unit = org.units.committee): Promise<Table> => ok(await api.as(token).get(`/stats/${name}?year=${year}&unit=${unit}`));
  /** The table as { line: { column: value } }, the total line under 合计. */
  const byKey = (t: Table) =>
    Object.fromEntries([...t.rows.map((r) => [r.label, r.values] as const), ['合计', t.total.values] as const].map(([label, values]) => [label, Object.fromEntries(t.columns.map((c, i) => [c.key, values[i]]))]));
  const unitName = (key: 'branch' | 'otherBranch') => (key === 'branch' ? /^一车间党支部/ : /^市场部党支部/);
  const line = (t: Table, key: 'branch' | 'otherBranch') => byKey(t)[t.rows.find((r) => unitName(key).test(r.label))!.label];

  it('counts projects by kind and stage', async () => {
    const t = byKey(await figure(adminToken, 'projects'));
    expect(t['党员先锋岗']).toMatchObject({ active: 1, closed: 2, total: 3, draft: 0 });
    expect(t['书记项目']).toMatchObject({ evaluating: 1, total: 1 });
    expect(t['党员服务队']).toMatchObject({ draft: 1, total: 1 });
    expect(t['攻关项目']).toMatchObject({ rejected: 1, total: 1 });
    expect(t['揭榜挂帅']).toMatchObject({ total: 0 });
    expect(t['合计']).toMatchObject({ draft: 1, active: 1, evaluating: 1, closed: 2, rejected: 1, total: 6 });
  });

  it('counts quarterly reports on time, late and missing per unit', async () => {
    const t = await figure(adminToken, 'reports');
    expect(t.rows).toHaveLength(2);
    // P1: met, late, overdue, not yet due; P2: met, met, past due unreported, met.
    expect(line(t, 'branch')).toEqual({ on_time: 4, late: 1, missing: 2, pending: 1, total: 8, on_time_rate: 57.1 });
    expect(line(t, 'otherBranch')).toEqual({ on_time: 0, late: 1, missing: 0, pending: 0, total: 1, on_time_rate: 0 });
    expect(byKey(t)['合计']).toEqual({ on_time: 4, late: 2, missing: 2, pending: 1, total: 9, on_time_rate: 50 });
  });

  it('counts findings and items by severity, status and overdue, with closure rate and mean days to close', async () => {
    const t = byKey(await figure(adminToken, 'findings'));
    expect(t['一般']).toEqual({ findings: 2, items: 2, open: 1, verifying: 0, closed: 1, overdue: 1, closure_rate: 50, mean_days_to_close: 10 });
    expect(t['较重']).toEqual({ findings: 1, items: 2, open: 0, verifying: 1, closed: 1, overdue: 0, closure_rate: 50, mean_days_to_close: 20 });
    expect(t['重大']).toEqual({ findings: 1, items: 1, open: 1, verifying: 0, closed: 0, overdue: 0, closure_rate: 0, mean_days_to_close: null });
    expect(t['合计']).toEqual({ findings: 4, items: 5, open: 2, verifying: 1, closed: 2, overdue: 1, closure_rate: 40, mean_days_to_close: 15 });
  });

  it('counts dual accountability (双问责) with both owners', async () => {
    const t = await figure(adminToken, 'accountability');
    expect(line(t, 'branch')).toEqual({ items: 2, unclosed: 1, party_owners: 1, business_owners: 2, accountabilities: 3 });
    expect(line(t, 'otherBranch')).toEqual({ items: 1, unclosed: 1, party_owners: 1, business_owners: 1, accountabilities: 2 });
    expect(byKey(t)['合计']).toEqual({ items: 3, unclosed: 2, party_owners: 2, business_owners: 3, accountabilities: 5 });
  });

  it('counts year-end grades of launched projects and the completion rate', async () => {
    const t = await figure(adminToken, 'grades');
    expect(line(t, 'branch')).toEqual({ excellent: 1, good: 0, pass: 0, fail: 0, pending: 2, total: 3, completion_rate: 33.3 });
    expect(line(t, 'otherBranch')).toEqual({ excellent: 0, good: 0, pass: 1, fail: 0, pending: 0, total: 1, completion_rate: 100 });
    expect(byKey(t)['合计']).toEqual({ excellent: 1, good: 0, pass: 1, fail: 0, pending: 2, total: 4, completion_rate: 50 });
  });

  it('counts campaign completion by the year each collects', async () => {
    const t = await figure(adminToken, 'campaigns');
    const rows = byKey(t);
    expect(rows['述职述责']).toEqual({ targets: 1, submitted: 0, open: 1, missing: 0, completion_rate: 0 });
    expect(rows['=HYPERLINK("http://x","年中报送")']).toEqual({ targets: 2, submitted: 1, open: 0, missing: 1, completion_rate: 50 });
    expect(rows['合计']).toEqual({ targets: 3, submitted: 1, open: 1, missing: 1, completion_rate: 33.3 });
  });

  it('drills each cell down to the rows behind it, a page at a time', async () => {
    const list = async (path: string) => ok(await api.as(adminToken).get(`${path}&year=${year}&unit=${org.units.committee}`));
    const overdue = await list(`/stats/findings/list?row=general&column=overdue`);
    expect(overdue).toMatchObject({ total: 1, items: [{ id: items.I2, projectId: p.P1, state: 'overdue', stateLabel: '逾期未销号' }] });
    // Items by due date (I2's is past, the others' ahead), and page after page in the same order as the whole list.
    const byDue = await list(`/stats/findings/list?row=total`);
    expect([byDue.total, byDue.items[0].id]).toEqual([5, items.I2]);
    const pages = await Promise.all([1, 2, 3].map((n) => list(`/stats/findings/list?row=total&pageSize=2&page=${n}`)));
    expect(pages.flatMap((page) => page.items.map((r: { id: string }) => r.id))).toEqual(byDue.items.map((r: { id: string }) => r.id));
    const missing = await list(`/stats/reports/list?row=${org.units.branch}&column=missing`);
    expect(missing.items.map((r: { id: string }) => r.id).sort()).toEqual([`report-${p.P1}-q3`, `report-${p.P2}-q3`].sort());
    const excellent = await list(`/stats/grades/list?row=total&column=excellent`);
    expect(excellent.items).toMatchObject([{ projectId: p.P2, stateLabel: '优秀' }]);
    // A rate's rows are those it divides by: every launched project, each with its result or 未完成.
    const owing = await list(`/stats/grades/list?row=total&column=completion_rate`);
    expect(owing.items.map((r: { projectId: string; stateLabel: string }) => [r.projectId, r.stateLabel]).sort()).toEqual(
      [[p.P1, '未完成'], [p.P2, '优秀'], [p.P3, '未完成'], [p.P5, '合格']].sort(),
    );
    const accountable = await list(`/stats/accountability/list?row=total`);
    expect(accountable.items.map((r: { id: string }) => r.id).sort()).toEqual([items.I2, items.I3, items.I5].sort());
    const first = await list(`/stats/projects/list?row=total&column=total&pageSize=4`);
    const second = await list(`/stats/projects/list?row=total&column=total&pageSize=4&page=2`);
    expect([first.total, first.items.length, second.items.length]).toEqual([6, 4, 2]);
    expect(new Set([...first.items, ...second.items].map((r: { id: string }) => r.id))).toEqual(new Set(['P1', 'P2', 'P3', 'P4', 'P5', 'P6'].map((k) => p[k])));
    const campaign = await list(`/stats/campaigns/list?row=${campaignA}&column=missing`);
    expect(campaign.items).toMatchObject([{ unitId: org.units.otherBranch, stateLabel: '未报送' }]);
  });

  it("keeps each reader to their subtree and refuses a branch's member", async () => {
    const { people, units } = org;
    // zhang, secretary of the branch: only its projects, with no unit named.
    const own = byKey(ok(await api.as(people.zhang.token).get(`/stats/projects?year=${year}`)));
    expect(own['合计']).toMatchObject({ total: 4 });
    expect((await api.as(people.zhang.token).get(`/stats/projects?year=${year}&unit=${units.committee}`)).status).toBe(403);
    expect((await api.as(people.chen.token).get(`/stats/projects?year=${year}`)).status).toBe(403);
    expect((await api.as(people.li.token).get(`/stats/reports?year=${year}&unit=${units.otherBranch}`)).status).toBe(403);
    const li = await figure(people.li.token, 'reports', units.general);
    expect(li.rows.map((r) => r.label)).toEqual([expect.stringMatching(unitName('branch'))]);
    expect(byKey(await figure(people.audit.token, 'grades'))['合计']).toMatchObject({ total: 4 });
    expect((await api.as(adminToken).get(`/stats/projects?year=${year}&unit=${randomUUID()}`)).status).toBe(404);
    expect((await api.as(adminToken).get(`/stats/nothing?year=${year}`)).status).toBe(400);
    expect((await api.as(adminToken).get(`/stats/findings/list?year=${year}&column=nothing`)).status).toBe(400);
    expect((await api.as(adminToken).get(`/stats/findings/list?year=${year}&row=x';drop`)).status).toBe(400);
    expect((await api.as(adminToken).get(`/stats/findings/list?year=${year}&pageSize=100000`)).status).toBe(400);
  });

  it('exports each figure as .xlsx, a formula-looking name kept as text', async () => {
    const res = await api
      .as(adminToken)
      .get(`/stats/campaigns/export.xlsx?year=${year}&unit=${org.units.committee}`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as ArrayBuffer);
    const sheet = book.worksheets[0];
    const values = sheet.getSheetValues().filter(Boolean).map((row) => (row as unknown[]).slice(1));
    expect(values).toContainEqual([`'=HYPERLINK("http://x","年中报送")`, 2, 1, 0, 1, 50]);
    expect(values).toContainEqual(['合计', 3, 1, 1, 1, 33.3]);
    expect(JSON.stringify(values)).not.toContain('"formula"');
  });
});
