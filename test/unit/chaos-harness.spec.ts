import { createServer, type Server } from 'node:http';
import { ChaosClient, type Exchange } from '../../bench/chaos/client.js';
import { loadChaosConfig } from '../../bench/chaos/config.js';
import { answersDuring } from '../../bench/chaos/faults.js';

const exchange = (at: number, status: Exchange['status'], retryAfter: string | null = null, ms = 100): Exchange => ({
  at,
  ms,
  route: 'GET /tasks',
  status,
  retryAfter,
  probe: true,
});

describe('npm run chaos: what the API answered during an outage', () => {
  const exchanges = [
    exchange(900, 500), // before the outage
    exchange(1000, 503, '5'),
    exchange(1100, 503), // no Retry-After: a client cannot tell when to come back
    exchange(1200, 500),
    exchange(1300, 'timeout', null, 30_000),
    exchange(1400, 404),
    exchange(1500, 200),
    exchange(2000, 500), // after it
  ];

  it('counts only 503 with Retry-After as a helpful refusal, and every other 5xx, timeout or refused connection against it', () => {
    const answers = answersDuring(exchanges, { from: 1000, to: 2000 });
    expect(answers.statuses).toEqual({ 200: 1, 404: 1, 500: 1, 503: 2, timeout: 1 });
    expect(answers.unavailableWithRetryAfter).toBe(1);
    expect(answers.unhelpful).toBe(3);
    expect(answers.slowerThan5s).toBe(1);
    expect(answers.byRoute['GET /tasks']).toEqual(answers.statuses);
  });

  it('leaves out the requests sent during other windows (the worker kills run through the outages)', () => {
    const answers = answersDuring(exchanges, { from: 0, to: 3000 }, [{ from: 1000, to: 2000 }]);
    expect(answers.statuses).toEqual({ 500: 2 });
  });
});

describe('npm run chaos: configuration', () => {
  it('runs 500 launches by default and 50 with --quick; CHAOS_* and --flags override', () => {
    expect(loadChaosConfig([], {})).toMatchObject({ launches: 500, postgresDownS: 30, smtpDeferS: 120, workerKillMinS: 5, workerKillMaxS: 15 });
    expect(loadChaosConfig(['--quick'], {}).launches).toBe(50);
    expect(loadChaosConfig(['--quick'], { CHAOS_LAUNCHES: '80' }).launches).toBe(80);
    expect(loadChaosConfig(['--launches', '70'], { CHAOS_LAUNCHES: '80' }).launches).toBe(70);
  });

  it('refuses an unknown flag, a value that is not a positive number, and a minimum above its maximum', () => {
    expect(() => loadChaosConfig(['--launchs', '5'], {})).toThrow('unknown argument --launchs');
    expect(() => loadChaosConfig([], { CHAOS_LAUNCHES: 'many' })).toThrow('--launches / CHAOS_LAUNCHES must be a positive number, got "many"');
    expect(() => loadChaosConfig(['--worker-kill-min', '20'], {})).toThrow('each minimum must not exceed its maximum');
  });
});

describe('npm run chaos: the careful client', () => {
  let server: Server;
  let baseUrl: string;
  /** Answers given in turn, the last one repeated; the Idempotency-Key of every request received. */
  let answers: { status: number; retryAfter?: string }[];
  let keys: (string | undefined)[];

  beforeAll(async () => {
    server = createServer((req, res) => {
      keys.push(req.headers['idempotency-key'] as string | undefined);
      const { status, retryAfter } = answers.length > 1 ? (answers.shift() as { status: number; retryAfter?: string }) : answers[0];
      res.writeHead(status, { 'content-type': 'application/json', ...(retryAfter && { 'retry-after': retryAfter }) }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  beforeEach(() => {
    keys = [];
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const client = () => new ChaosClient(baseUrl, 5_000, Date.now() + 20_000);

  it('asks again, with the same key, when the API says the first request with that key is still running (409 with Retry-After)', async () => {
    answers = [{ status: 409, retryAfter: '1' }, { status: 200 }];
    const reply = await client().persist('POST', '/tasks/1/decision', '/tasks/:id/decision', { key: 'k-1' });
    expect(reply.status).toBe(200);
    expect(keys).toEqual(['k-1', 'k-1']);
  });

  it('takes a 409 without Retry-After (a refusal) as the final answer', async () => {
    answers = [{ status: 409 }];
    const reply = await client().persist('POST', '/tasks/1/decision', '/tasks/:id/decision', { key: 'k-2' });
    expect(reply.status).toBe(409);
    expect(keys).toEqual(['k-2']);
  });
});
