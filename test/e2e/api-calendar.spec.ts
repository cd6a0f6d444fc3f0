import { AuditEventEntity } from '../../libs/db/entities/index.js';
import { createOrgViaApi, ok, startApi, type ApiHarness, type ApiOrg } from '../support/api.js';

type Body = Record<string, any>;

/** The working-day calendar through HTTP: published holidays and 调休, a year not yet published, admin overrides. */
describe('API: working-day calendar', () => {
  let api: ApiHarness;
  let adminToken: string;
  let org: ApiOrg;

  beforeAll(async () => {
    api = await startApi();
    adminToken = await api.adminToken();
    org = await createOrgViaApi(api, adminToken);
  });

  afterAll(async () => {
    await api?.close();
  });

  const workdays = async (token: string, from: string, to: string) => ok(await api.as(token).get(`/calendar/workdays?from=${from}&to=${to}`)) as Body;

  it('reads 2026 National Day as holidays and 2026-10-10 (a Saturday) as a working day, saying why', async () => {
    const res = await workdays(org.people.chen.token, '2026-09-30', '2026-10-13');
    const working = res.days.filter((d: Body) => d.working).map((d: Body) => d.date);
    expect(working).toEqual(['2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12', '2026-10-13']);
    expect(res.days.find((d: Body) => d.date === '2026-10-10')).toEqual({ date: '2026-10-10', working: true, source: 'published' });
    expect(res.days.find((d: Body) => d.date === '2026-10-11')).toEqual({ date: '2026-10-11', working: false, source: 'weekend' });
    expect([res.years, res.warning]).toEqual([[{ year: 2026, covered: true }], null]);
  });

  it('flags a year with no published arrangements and reads it as weekends only', async () => {
    const res = await workdays(org.people.chen.token, '2099-09-30', '2099-10-02');
    expect(res.years).toEqual([{ year: 2099, covered: false }]);
    expect(res.warning).toMatch(/2099/);
    expect(res.days.map((d: Body) => [d.date, d.working, d.source])).toEqual([
      ['2099-09-30', true, 'not_covered'],
      ['2099-10-01', true, 'not_covered'],
      ['2099-10-02', true, 'not_covered'],
    ]);
  });

  it('lets only an admin replace the overrides, audits the change, and answers every bad entry at once', async () => {
    const overrides = [
      { date: '2099-10-01', kind: 'holiday', note: '国庆节' },
      { date: '2026-10-10', kind: 'holiday', note: '公司统一安排' },
    ];
    expect((await api.as(org.people.li.token).put('/calendar/overrides', { overrides })).status).toBe(403);
    const bad = await api.as(adminToken).put('/calendar/overrides', { overrides: [{ date: '2099-02-30', kind: 'holiday' }, { date: '2099-10-01', kind: 'party' }] });
    expect([bad.status, bad.body.message]).toEqual([400, ['overrides.1.kind: 日历调整第 2 项的日期类型不是可选的值，请从列表中选择']]);
    const impossible = await api.as(adminToken).put('/calendar/overrides', { overrides: [{ date: '2099-02-30', kind: 'holiday' }, { date: '2099-02-30', kind: 'workday' }] });
    expect([impossible.status, impossible.body.message]).toEqual([
      400,
      ['overrides[0].date 应为日期，格式为 YYYY-MM-DD', 'overrides[1].date 应为日期，格式为 YYYY-MM-DD', 'overrides[1].date 日期 2099-02-30 重复出现，每个日期只能调整一次'],
    ]);

    expect(ok(await api.as(adminToken).put('/calendar/overrides', { overrides }))).toEqual([overrides[1], overrides[0]]);
    const res = await workdays(org.people.chen.token, '2099-09-30', '2099-10-01');
    expect([res.years, res.warning]).toEqual([[{ year: 2099, covered: true }], null]);
    expect(res.days[1]).toEqual({ date: '2099-10-01', working: false, source: 'override' });
    expect((await workdays(org.people.chen.token, '2026-10-10', '2026-10-10')).days).toEqual([{ date: '2026-10-10', working: false, source: 'override' }]);

    const audited = await api.ds.getRepository(AuditEventEntity).findBy({ action: 'calendar_overrides_set' });
    expect(audited).toHaveLength(1);
    expect(audited[0].detail).toEqual({ overrides, previous: [] });
    // Replacing with an empty set restores the published calendar.
    expect(ok(await api.as(adminToken).put('/calendar/overrides', { overrides: [] }))).toEqual([]);
    expect((await workdays(org.people.chen.token, '2026-10-10', '2026-10-10')).days[0].working).toBe(true);
  });

  it('refuses a range backwards or longer than 400 days', async () => {
    const backwards = await api.as(org.people.chen.token).get('/calendar/workdays?from=2026-10-13&to=2026-10-01');
    expect([backwards.status, backwards.body.message]).toEqual([400, 'to: 结束日期不能早于开始日期']);
    expect((await api.as(org.people.chen.token).get('/calendar/workdays?from=2026-01-01&to=2027-12-31')).status).toBe(400);
    expect((await api.as(org.people.chen.token).get('/calendar/workdays?from=yesterday&to=2026-10-01')).status).toBe(400);
  });
});
