import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuditEventEntity, NoticeEntity } from '../../libs/db/entities/index.js';
import { addPersonViaApi, adminLogin, startApi, type OrgPerson } from '../support/api.js';
import { closeApiStack, startApiStack, type ApiStack } from '../support/api-stack.js';
import { pollUntil } from '../support/poll-until.js';

/**
 * Guessing passwords (issue 13, item 4) against the real stack: limits per client address and per account, 429 with
 * Retry-After and a Chinese message, lockouts that grow, the owner and the admins told once per lockout, failed logins
 * audited only as lockouts, and the counts kept in Postgres across a restart. Each test logs in from client addresses
 * of its own (X-Forwarded-For, believed from the loopback proxy by TRUST_PROXY), so the tests do not share a budget.
 */
const limits = {
  TRUST_PROXY: 'loopback',
  LOGIN_ADDRESS_LIMIT: '20',
  LOGIN_ACCOUNT_LIMIT: '30',
  LOGIN_RATE_WINDOW: '1m',
  LOGIN_LOCKOUT_AFTER: '5',
  LOGIN_ACCOUNT_LOCKOUT_AFTER: '16',
  LOGIN_LOCKOUT: '2s',
};

describe('login throttling', () => {
  let running: ApiStack;
  let admin: { id: string };

  beforeAll(async () => {
    running = await startApiStack(limits);
    admin = (await running.api.as(running.adminToken).get('/me')).body;
  });

  afterAll(() => closeApiStack(running ?? {}, 'login'));

  const login = (body: object, address: string) => running.api.http().post('/auth/login').set('x-forwarded-for', address).send(body);
  const newPerson = (): Promise<OrgPerson> =>
    addPersonViaApi(running.api, running.adminToken, { key: `p${randomUUID().slice(0, 6)}`, name: '孙书记', role: 'member', orgUnitId: running.org.units.branch, tag: 'throttle' });
  const audit = (action: string) => running.api.ds.getRepository(AuditEventEntity).findBy({ action });
  const lockNotices = (recipientId: string) => running.api.ds.getRepository(NoticeEntity).findBy({ kind: 'login_locked', recipientId });

  /** n wrong passwords in a row, each answer's status. */
  const failures = async (email: string, n: number, address: string) => {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) statuses.push((await login({ email, password: `wrong-${i}` }, address)).status);
    return statuses;
  };

  it('locks an account for an address after five failures there, refuses even the right password from it while locked, and doubles the next lockout', async () => {
    const sun = await newPerson();
    const address = '10.1.0.1';
    expect(await failures(sun.email, 4, address)).toEqual([401, 401, 401, 401]);
    const locking = await login({ email: sun.email, password: 'wrong-again' }, address);
    expect([locking.status, locking.headers['retry-after'], locking.body]).toEqual([429, '2', { statusCode: 429, message: '登录失败次数过多，该账号已暂时锁定，请 2 秒后再试' }]);
    const right = await login({ email: sun.email, password: sun.password }, address);
    expect([right.status, right.body.accessToken]).toEqual([429, undefined]);
    expect(Number(right.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    // Waiting what Retry-After said is what a client does; then the account takes attempts again.
    await sleep(2_000);
    expect(await failures(sun.email, 4, address)).toEqual([401, 401, 401, 401]);
    const second = await login({ email: sun.email, password: 'wrong-again' }, address);
    expect([second.status, second.headers['retry-after'], second.body.message]).toEqual([429, '4', '登录失败次数过多，该账号已暂时锁定，请 4 秒后再试']);
    await sleep(4_000);
    expect((await login({ email: sun.email, password: sun.password }, address)).status).toBe(200);

    // A successful login forgets the streak: the next lockout is a short one again.
    expect(await failures(sun.email, 5, address)).toEqual([401, 401, 401, 401, 429]);
    expect((await login({ email: sun.email, password: 'x' }, address)).headers['retry-after']).toBe('2');
  });

  it('never locks the owner out at a usual address, whoever guesses from one address or from many', async () => {
    const wu = await newPerson();
    const office = '10.8.0.1';
    const right = (address: string) => login({ email: wu.email, password: wu.password }, address);
    expect((await right(office)).status).toBe(200);

    // Five guesses from one address lock the account there, and only there.
    expect(await failures(wu.email, 5, '10.9.200.1')).toEqual([401, 401, 401, 401, 429]);
    expect((await right('10.9.200.1')).status).toBe(429);
    expect((await right(office)).status).toBe(200);
    expect((await right('10.9.201.1')).status).toBe(200);

    // Guesses spread over addresses lock it, after more of them, everywhere but where it logged in lately.
    const spread: number[] = [];
    for (let i = 0; i < 11; i++) spread.push((await login({ email: wu.email, password: `wrong-${i}` }, `10.9.${i}.1`)).status);
    expect(spread).toEqual([...Array(10).fill(401), 429]);
    const elsewhere = await right('10.9.99.1');
    expect([elsewhere.status, elsewhere.body.message]).toEqual([429, expect.stringMatching(/^登录失败次数过多，该账号已暂时锁定/)]);
    expect((await right(office)).status).toBe(200);
    expect((await right('10.9.201.1')).status).toBe(200);

    const lockouts = await pollUntil(
      async () => (await audit('login_locked')).filter((e) => e.entityId === wu.id),
      (rows) => rows.length === 2,
      { timeoutMs: 20_000, what: 'both lockouts audited' },
    );
    expect(lockouts.map((e) => [e.detail.scope, e.detail.failures, e.detail.address]).sort()).toEqual([
      ['account', 16, '10.9.10.1'],
      ['address', 5, '10.9.200.1'],
    ]);
  });

  it('tells the owner and the admins once per lockout, and audits each lockout once instead of each failure', async () => {
    const zhu = await newPerson();
    const address = '10.2.0.1';
    expect(await failures(zhu.email, 8, address)).toEqual([401, 401, 401, 401, 429, 429, 429, 429]);
    const owner = await pollUntil(() => lockNotices(zhu.id), (rows) => rows.length > 0, { timeoutMs: 20_000, what: "the owner's lockout notice" });
    const mails = await running.stack.sink.waitFor((all) => all.some((m) => m.to.includes(zhu.email) && m.subject === '【账号安全】您的账号已暂时锁定'), 20_000);
    expect(mails.find((m) => m.to.includes(zhu.email))?.text).toContain('连续 5 次登录失败（最近一次来自 10.2.0.1）');
    const toAdmin = await pollUntil(
      async () => (await lockNotices(admin.id)).filter((n) => n.body.includes(zhu.email)),
      (rows) => rows.length > 0,
      { timeoutMs: 20_000, what: "the admins' lockout notice" },
    );
    expect(toAdmin.map((n) => n.subject)).toEqual(['【账号安全】账号已暂时锁定：孙书记']);
    expect(owner).toHaveLength(1);

    const locked = (await audit('login_locked')).filter((e) => e.entityId === zhu.id);
    expect(locked).toEqual([
      expect.objectContaining({ chainKey: 'organisation', actorId: null, entity: 'person', detail: expect.objectContaining({ email: zhu.email, address, failures: 5, nth: 1 }) }),
    ]);
    expect(await audit('login_denied')).toEqual([]);
  });

  it('locks an e-mail of nobody alike, so the answers tell nothing of who has an account, and audits nothing for it', async () => {
    const nobody = `nobody.${randomUUID().slice(0, 8)}@api.tandem`;
    const address = '10.3.0.1';
    expect(await failures(nobody, 6, address)).toEqual([401, 401, 401, 401, 429, 429]);
    expect((await login({ email: nobody, password: 'x' }, address)).body.message).toMatch(/^登录失败次数过多，该账号已暂时锁定，请 \d 秒后再试$/);
    expect((await audit('login_locked')).filter((e) => e.detail.email === nobody)).toEqual([]);
  });

  it('limits the attempts of one client address, malformed ones included, and leaves other addresses alone', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await login({ email: 'not-an-email' }, '10.4.0.1')).status);
    expect(statuses).toEqual([...Array(20).fill(400), 429]);
    const refused = await login({ email: running.org.people.chen.email, password: running.org.people.chen.password }, '10.4.0.1');
    expect([refused.status, refused.body.message]).toEqual([429, expect.stringMatching(/^登录尝试过于频繁，请 \d+ 秒后再试$/)]);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await login({ email: running.org.people.chen.email, password: running.org.people.chen.password }, '10.4.0.2')).status).toBe(200);
  });

  it('counts an attempt whatever its e-mail holds, and refuses a NUL byte or an overlong one as bad input', async () => {
    for (const email of ['a\u0000@x.cn', `${'a'.repeat(300)}@x.cn`]) {
      const res = await login({ email, password: 'x' }, '10.7.0.1');
      expect(res.status).toBe(400);
    }
  });

  it('limits the attempts at one account from any number of addresses', async () => {
    const qin = await newPerson();
    const statuses: number[] = [];
    // Its login when created was the first of 30; without a password the body is refused (400), but each attempt counts.
    for (let i = 0; i < 29; i++) statuses.push((await login({ email: qin.email.toUpperCase() }, `10.5.${i}.1`)).status);
    expect(statuses).toEqual(Array(29).fill(400));
    const refused = await login({ email: qin.email, password: qin.password }, '10.5.99.1');
    expect([refused.status, refused.body.message]).toEqual([429, expect.stringMatching(/^登录尝试过于频繁/)]);
  });

  it('keeps the counts in the database: an API started again refuses what the first one refused', async () => {
    for (let i = 0; i < 20; i++) await login({}, '10.6.0.1');
    expect((await login({}, '10.6.0.1')).status).toBe(429);
    const again = await startApi({ ...limits, DATABASE_URL: running.api.config.databaseUrl, TEMPORAL_TASK_QUEUE: running.stack.temporal.taskQueue });
    try {
      const res = await again.http().post('/auth/login').set('x-forwarded-for', '10.6.0.1').send({});
      expect([res.status, res.body.message]).toEqual([429, expect.stringMatching(/^登录尝试过于频繁/)]);
      expect((await again.http().post('/auth/login').set('x-forwarded-for', '10.6.0.2').send(adminLogin)).status).toBe(200);
    } finally {
      await again.close();
    }
  });
});
