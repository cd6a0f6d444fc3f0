import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { startMailSink, type MailSink } from '../../libs/dev-stack/mail-sink.js';
import { freePort } from '../../libs/dev-stack/temporal-dev-server.js';
import { createOrgViaApi, draftBody, ok, startApi, type ApiHarness, type ApiOrg, type PersonKey } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';
import { temporalAddress } from '../support/temporal.js';
import { spawnWorker, stopWorker } from '../support/worker-process.js';

type LogLine = Record<string, unknown>;
const parsed = (text: string): LogLine[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

/**
 * What an operator reads: the API in-process with its log lines captured, and the worker from its own entry point
 * (apps/worker/main.ts) as a process whose stdout is read, both writing JSON. A submit and a decision, each sent with
 * an X-Request-Id, must show up in both processes' /metrics and in both processes' logs under that id.
 */
describe('metrics and logs that follow a request', () => {
  let api: ApiHarness;
  let org: ApiOrg;
  let sink: MailSink;
  let worker: ChildProcess;
  let healthPort: number;
  let apiLog = '';
  let workerOutput = () => '';
  const taskQueue = `test-observability-${process.pid}`;
  const submitId = `submit-${randomUUID()}`;
  const decisionId = `decide-${randomUUID()}`;

  beforeAll(async () => {
    sink = await startMailSink({ smtpPort: 0 });
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        apiLog += chunk.toString();
        done();
      },
    });
    api = await startApi({ TEMPORAL_TASK_QUEUE: taskQueue, SMTP_PORT: String(sink.smtpPort), LOG_LEVEL: 'info' }, { logDestination: capture });
    org = await createOrgViaApi(api, await api.adminToken());
    healthPort = await freePort();
    ({ worker, output: workerOutput } = spawnWorker({
      DATABASE_URL: api.config.databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMTP_PORT: String(sink.smtpPort),
      WORKER_HEALTH_PORT: String(healthPort),
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    }));
    await pollUntil(() => fetch(`http://127.0.0.1:${healthPort}/health/ready`), (res) => res.status === 200, { timeoutMs: 90_000, intervalMs: 250, what: 'the worker ready' });
  });

  afterAll(async () => {
    await stopWorker(worker);
    await api?.close();
    await sink?.stop();
  });

  const scrape = async (url: string) => {
    const res = await fetch(url);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };
  const apiMetrics = async () => {
    const server = api.app.getHttpServer() as import('node:http').Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return scrape(`http://127.0.0.1:${(server.address() as { port: number }).port}/metrics`);
  };
  const workerMetrics = () => scrape(`http://127.0.0.1:${healthPort}/metrics`);
  /** The value of one series, matched by its name and labels in any order; 0 when absent. */
  const value = (text: string, name: string, labels: Record<string, string>) => {
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  it('counts the submit and the decision per route and status, the notice mailed, and the SDK at work, and logs each under its request id', async () => {
    const chen = api.as(org.people.chen.token);
    const projectId = ok(await chen.post('/projects', draftBody(org.units.branch))).id as string;
    const submitted = await chen.post(`/projects/${projectId}/submit`, {}, { idempotencyKey: randomUUID() }).set('X-Request-Id', submitId);
    ok(submitted);
    expect(submitted.headers['x-request-id']).toBe(submitId);

    const openLaunch = async () => {
      for (const who of ['zhang', 'li'] as PersonKey[]) {
        const tasks = ok(await api.as(org.people[who].token).get('/tasks?assignee=me&status=open')) as { id: string; projectId: string }[];
        const task = tasks.find((t) => t.projectId === projectId);
        if (task) return { who, task };
      }
      return undefined;
    };
    const launch = await pollUntil(openLaunch, (found) => found !== undefined, { timeoutMs: 60_000, intervalMs: 250, what: 'the launch step open' });
    const decided = await api
      .as(org.people[launch!.who].token)
      .post(`/tasks/${launch!.task.id}/decision`, { decision: 'approve', comment: '同意' }, { idempotencyKey: randomUUID() })
      .set('X-Request-Id', decisionId);
    ok(decided);

    // The API: a counter and a latency histogram per route pattern (never the path with its ids) and status.
    const fromApi = await apiMetrics();
    const submitStatus = String(submitted.status);
    expect(value(fromApi, 'tandem_http_requests_total', { method: 'POST', route: '/api/projects/:id/submit', status: submitStatus })).toBe(1);
    expect(value(fromApi, 'tandem_http_requests_total', { method: 'POST', route: '/api/tasks/:id/decision', status: String(decided.status) })).toBe(1);
    expect(value(fromApi, 'tandem_http_request_duration_seconds_count', { method: 'POST', route: '/api/projects/:id/submit', status: submitStatus })).toBe(1);
    expect(fromApi).not.toContain(projectId);

    // The worker: the notice of the new step mailed on its first attempt, and the SDK's own metrics beside it.
    const fromWorker = await pollUntil(workerMetrics, (text) => value(text, 'tandem_notices_total', { outcome: 'sent', via: 'raise' }) >= 1, {
      timeoutMs: 30_000,
      intervalMs: 500,
      what: 'a notice counted as sent',
    });
    expect(value(fromWorker, 'tandem_notices_total', { outcome: 'sent', via: 'raise' })).toBeGreaterThanOrEqual(1);
    expect(fromWorker).toMatch(/^tandem_approval_chains_open \d+$/m);
    expect(fromWorker).toMatch(/^temporal_worker_task_slots_available\{/m);
    expect(fromWorker).toMatch(/^temporal_activity_execution_latency_(bucket|count)\{/m);
    expect(sink.messages.length).toBeGreaterThanOrEqual(1);

    // The logs: the API's line of each request, the worker's line of an activity each request caused, and the
    // workflow's line of the update it handled, all under the request's id; no name or e-mail anywhere.
    const apiLines = parsed(apiLog);
    expect(apiLines).toContainEqual(expect.objectContaining({ level: 'info', service: 'api', requestId: submitId, method: 'POST', route: '/api/projects/:id/submit', status: submitStatus }));
    expect(apiLines).toContainEqual(expect.objectContaining({ requestId: decisionId, route: '/api/tasks/:id/decision', personId: org.people[launch!.who].id }));
    const workerLines = await pollUntil(
      async () => parsed(workerOutput()),
      (lines) => [submitId, decisionId].every((id) => lines.some((l) => l.requestId === id && typeof l.activity === 'string')),
      { timeoutMs: 30_000, intervalMs: 250, what: 'activity lines under both request ids' },
    );
    expect(workerLines).toContainEqual(expect.objectContaining({ level: 'info', service: 'worker', requestId: decisionId, activity: 'recordDecision' }));
    expect(workerLines).toContainEqual(expect.objectContaining({ requestId: submitId, update: 'submit' }));
    for (const person of Object.values(org.people)) {
      expect(apiLog + workerOutput()).not.toContain(person.email);
      expect(apiLog + workerOutput()).not.toContain(person.name);
    }
  });
});
