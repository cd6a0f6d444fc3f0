import { randomBytes, randomUUID } from 'node:crypto';
import type request from 'supertest';
import { AuditEventEntity, DecisionEntity, ProjectEntity, TaskEntity } from '../../libs/db/entities/index.js';
import { createOrgViaApi, draftBody, ok, startApi, type ApiHarness, type ApiOrg } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';
import { createTestStack, type TestStack } from '../support/stack.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { temporalAddress } from '../support/temporal.js';

/**
 * The API reaches the test's Postgres and the dev server through proxies the test cuts, so the outages are real for
 * the API while the worker (connected directly) and every other test file carry on. Short timeouts, so that a
 * blackhole, which only a deadline can end, shows within a test's patience; a refused connection needs none.
 */
const queryTimeout = '3s';
const temporalTimeout = '4s';

describe('API during an outage of Postgres or Temporal', () => {
  let stack: TestStack;
  const jwtSecret = randomBytes(32).toString('base64url');
  let api: ApiHarness;
  let org: ApiOrg;
  let postgres: TcpProxy;
  let temporal: TcpProxy;

  beforeAll(async () => {
    stack = await createTestStack();
    const dbUrl = new URL(stack.databaseUrl);
    postgres = await startTcpProxy({ host: dbUrl.hostname, port: Number(dbUrl.port || 5432) });
    const [temporalHost, temporalPort] = temporalAddress().split(':');
    temporal = await startTcpProxy({ host: temporalHost, port: Number(temporalPort) });
    dbUrl.host = postgres.address;
    api = await startApi({
      DATABASE_URL: dbUrl.toString(),
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: stack.temporal.taskQueue,
      SMTP_PORT: String(stack.sink.smtpPort),
      DATABASE_QUERY_TIMEOUT: queryTimeout,
      TEMPORAL_TIMEOUT: temporalTimeout,
      JWT_SECRET: jwtSecret,
    });
    org = await createOrgViaApi(api, await api.adminToken());
  });

  afterEach(async () => {
    await postgres.restore();
    await temporal.restore();
  });

  afterAll(async () => {
    await api?.close();
    await stack?.close();
    await postgres?.close();
    await temporal?.close();
  });

  const as = (who: keyof ApiOrg['people']) => api.as(org.people[who].token);
  const newDraft = async () => ok(await as('chen').post('/projects', draftBody(org.units.branch))).id as string;
  const login = () => api.http().post('/auth/login').send({ email: org.people.chen.email, password: org.people.chen.password });

  /** The answer and how long it took, for requests sent during an outage. */
  async function timed(send: () => request.Test): Promise<{ res: request.Response; ms: number }> {
    const started = Date.now();
    const res = await send();
    return { res, ms: Date.now() - started };
  }

  function expectUnavailable({ res, ms }: { res: request.Response; ms: number }, message: RegExp, withinMs: number): void {
    expect({ status: res.status, retryAfter: res.headers['retry-after'], message: res.body.message }).toEqual({
      status: 503,
      retryAfter: '5',
      message: expect.stringMatching(message),
    });
    expect(ms).toBeLessThan(withinMs);
  }

  async function expectReadiness(status: number, database: 'ok' | 'down', temporalCheck: 'ok' | 'down'): Promise<void> {
    const ready = await api.http().get('/health/ready');
    expect({ status: ready.status, body: ready.body }).toEqual({
      status,
      body: { status: status === 200 ? 'ok' : 'unavailable', database, temporal: temporalCheck },
    });
    const live = await api.http().get('/health/live');
    expect({ status: live.status, body: live.body }).toEqual({ status: 200, body: { status: 'ok' } });
  }

  /** How long after a dependency's return (now) the API says it is ready again. */
  async function readyAgainMs(): Promise<number> {
    const back = Date.now();
    await pollUntil(() => api.http().get('/health/ready'), (r) => r.status === 200, { timeoutMs: 10_000, intervalMs: 50, what: '/health/ready 200' });
    return Date.now() - back;
  }

  const openTasksOf = (projectId: string) => stack.ds.getRepository(TaskEntity).find({ where: { projectId, status: 'open' } });
  const submitsOf = (projectId: string) => stack.ds.getRepository(AuditEventEntity).count({ where: { projectId, action: 'submitted' } });

  it.each(['refuse', 'blackhole'] as const)(
    'answers 503 with Retry-After within seconds while Postgres is cut (%s), and serves again once it is back, without a restart',
    async (how) => {
      const projectId = await newDraft();
      const key = randomUUID();
      await postgres.cut(how);
      // A blackhole ends only at a deadline: the query timeout plus the client's grace; a refusal is at once.
      const within = how === 'refuse' ? 3_000 : 7_000;
      const unreachable = /^the database is unreachable; try again shortly$/;
      expectUnavailable(await timed(() => as('chen').get(`/projects/${projectId}`)), unreachable, within);
      expectUnavailable(await timed(() => as('zhang').get('/tasks')), unreachable, within);
      expectUnavailable(await timed(login), unreachable, within);
      expectUnavailable(await timed(() => as('chen').post(`/projects/${projectId}/submit`, {}, { idempotencyKey: key })), unreachable, within);
      await expectReadiness(503, 'down', 'ok');

      await postgres.restore();
      expect(await readyAgainMs()).toBeLessThan(3_000);
      expect(ok(await as('chen').get(`/projects/${projectId}`)).status).toBe('draft');
      expect(ok(await login()).accessToken).toEqual(expect.any(String));
      // The submit refused during the outage never reached the workflow; retried with its key, it acts once.
      ok(await as('chen').post(`/projects/${projectId}/submit`, {}, { idempotencyKey: key }));
      ok(await as('chen').post(`/projects/${projectId}/submit`, {}, { idempotencyKey: key }));
      await pollUntil(() => openTasksOf(projectId), (tasks) => tasks.length > 0, { timeoutMs: 20_000, what: 'the launch task' });
      expect((await openTasksOf(projectId)).map((t) => t.assigneeId)).toEqual([org.people.zhang.id]);
      expect(await submitsOf(projectId)).toBe(1);
    },
  );

  it('answers commands 503 with Retry-After within seconds while Temporal refuses connections, serves reads from Postgres, and is ready again within a couple of seconds of its return', async () => {
    const submitted = await newDraft();
    ok(await as('chen').post(`/projects/${submitted}/submit`, {}, { idempotencyKey: randomUUID() }));
    const [launch] = await pollUntil(() => openTasksOf(submitted), (tasks) => tasks.length === 1, { timeoutMs: 20_000, what: 'the launch task' });
    const draft = await newDraft();
    const decisionKey = randomUUID();
    const submitKey = randomUUID();

    await temporal.cut('refuse');
    const unreachable = /^the workflow service is unreachable; try again shortly with the same Idempotency-Key$/;
    const decide = () => as('zhang').post(`/tasks/${launch.id}/decision`, { decision: 'approve', comment: '同意' }, { idempotencyKey: decisionKey });
    const submit = () => as('chen').post(`/projects/${draft}/submit`, {}, { idempotencyKey: submitKey });
    expectUnavailable(await timed(decide), unreachable, 5_000);
    expectUnavailable(await timed(submit), unreachable, 5_000);
    // What Postgres holds is still served.
    expect(ok(await as('chen').get(`/projects/${draft}`)).status).toBe('draft');
    expect(ok(await as('zhang').get('/tasks')).map((t: { id: string }) => t.id)).toContain(launch.id);
    expect(ok(await login()).accessToken).toEqual(expect.any(String));
    await expectReadiness(503, 'ok', 'down');

    await temporal.restore();
    expect(await readyAgainMs()).toBeLessThan(3_000);
    // Retried with their keys, each command acts once.
    for (let i = 0; i < 2; i++) {
      ok(await decide());
      ok(await submit());
    }
    expect(await stack.ds.getRepository(DecisionEntity).count({ where: { taskId: launch.id } })).toBe(1);
    await pollUntil(() => openTasksOf(draft), (tasks) => tasks.length > 0, { timeoutMs: 20_000, what: 'the launch task of the retried submit' });
    expect((await openTasksOf(draft)).map((t) => t.assigneeId)).toEqual([org.people.zhang.id]);
    expect(await submitsOf(draft)).toBe(1);
  });

  it('starts while Temporal is down: reads are served, commands answered 503 with Retry-After, and commands are taken once Temporal is up', async () => {
    const draft = await newDraft();
    const key = randomUUID();
    const [temporalHost, temporalPort] = temporalAddress().split(':');
    const down = await startTcpProxy({ host: temporalHost, port: Number(temporalPort) });
    await down.cut('refuse');
    let late: ApiHarness | undefined;
    try {
      late = await startApi({
        DATABASE_URL: stack.databaseUrl,
        TEMPORAL_ADDRESS: down.address,
        TEMPORAL_TASK_QUEUE: stack.temporal.taskQueue,
        SMTP_PORT: String(stack.sink.smtpPort),
        TEMPORAL_TIMEOUT: temporalTimeout,
        // A second instance of the same deployment: the tokens the first one signed are good here too.
        JWT_SECRET: jwtSecret,
      });
      const chen = late.as(org.people.chen.token);
      const ready = await late.http().get('/health/ready');
      expect({ status: ready.status, body: ready.body }).toEqual({ status: 503, body: { status: 'unavailable', database: 'ok', temporal: 'down' } });
      expect(ok(await chen.get(`/projects/${draft}`)).status).toBe('draft');
      const started = Date.now();
      const refused = await chen.post(`/projects/${draft}/submit`, {}, { idempotencyKey: key });
      expectUnavailable({ res: refused, ms: Date.now() - started }, /^the workflow service is unreachable; try again shortly with the same Idempotency-Key$/, 5_000);

      await down.restore();
      const api2 = late;
      await pollUntil(() => api2.http().get('/health/ready'), (r) => r.status === 200, { timeoutMs: 10_000, intervalMs: 100, what: 'the late API ready' });
      ok(await chen.post(`/projects/${draft}/submit`, {}, { idempotencyKey: key }));
      await pollUntil(() => openTasksOf(draft), (tasks) => tasks.length > 0, { timeoutMs: 20_000, what: 'the launch task of the submit sent once Temporal was up' });
      expect(await submitsOf(draft)).toBe(1);
    } finally {
      await late?.close();
      await down.close();
    }
  });

  it('answers 503 by its deadline when Temporal acts but its answer is lost, and the retry with the same Idempotency-Key gets that answer without acting again', async () => {
    const projectId = await newDraft();
    const key = randomUUID();
    // Connected before the cut, so the submit goes out on a working connection and only the answer is lost.
    await readyAgainMs();
    await temporal.cut('mute');
    expectUnavailable(
      await timed(() => as('chen').post(`/projects/${projectId}/submit`, {}, { idempotencyKey: key })),
      /^the request could not be confirmed in time; try again with the same Idempotency-Key$/,
      7_000,
    );
    // The workflow did act: the worker reaches Temporal directly.
    await pollUntil(() => stack.ds.getRepository(ProjectEntity).findOneByOrFail({ id: projectId }), (p) => p.status !== 'draft', {
      timeoutMs: 20_000,
      what: 'the submit applied behind the API’s back',
    });

    await temporal.restore();
    await readyAgainMs();
    const retried = ok(await as('chen').post(`/projects/${projectId}/submit`, {}, { idempotencyKey: key }));
    expect(retried.workflow).toEqual(expect.objectContaining({ stage: expect.any(String) }));
    expect(await submitsOf(projectId)).toBe(1);
    expect((await openTasksOf(projectId)).map((t) => t.assigneeId)).toEqual([org.people.zhang.id]);
  });
});
