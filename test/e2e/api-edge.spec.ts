import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { DecisionEntity, ProjectEntity } from '../../libs/db/entities/index.js';
import { closeApiStack, startApiStack, type ApiStack } from '../support/api-stack.js';
import { draftBody, ok } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';

type Body = Record<string, any>;

const controlMessage = (field: string, label: string) => `${field}: ${label}含有不能保存的控制字符，请删除后重试`;

/**
 * What the edge refuses before any code reads a request: characters no field may carry, numbers out of bounds,
 * bodies of the wrong shape or type. Each refusal is a 400 (415 for a body the route does not read) naming what is
 * wrong, and what the request named is left as it was.
 */
describe('API edge: malformed input is refused up front', () => {
  let running: ApiStack;
  const as = (who: 'chen' | 'zhang' | 'li' | 'wang') => running.api.as(running.org.people[who].token);

  beforeAll(async () => {
    running = await startApiStack();
  });

  afterAll(() => closeApiStack(running ?? {}, 'edge'));

  async function openLaunchTask(): Promise<{ projectId: string; taskId: string }> {
    const { id: projectId } = ok(await as('chen').post('/projects', draftBody(running.org.units.branch, { title: `项目-${randomUUID().slice(0, 6)}` })));
    ok(await as('chen').post(`/projects/${projectId}/submit`, {}, { idempotencyKey: randomUUID() }));
    const tasks = await pollUntil(
      async () => ok(await as('zhang').get('/tasks?assignee=me&status=open')) as Body[],
      (list) => list.some((t) => t.projectId === projectId),
      { timeoutMs: 30_000, what: "the branch secretary's launch task" },
    );
    return { projectId, taskId: tasks.find((t) => t.projectId === projectId)!.id as string };
  }

  it('refuses a decision whose comment carries U+0000 naming comment, and the chain can still be decided', async () => {
    const { projectId, taskId } = await openLaunchTask();
    const res = await as('zhang').post(`/tasks/${taskId}/decision`, { decision: 'approve', comment: 'ok\u0000x' }, { idempotencyKey: randomUUID() });
    expect([res.status, res.body]).toEqual([
      400,
      {
        statusCode: 400,
        error: 'Bad Request',
        message: [controlMessage('comment', '意见')],
        fields: [{ field: 'comment', code: 'controlCharacters', message: '意见含有不能保存的控制字符，请删除后重试' }],
      },
    ]);
    expect(await running.api.ds.getRepository(DecisionEntity).countBy({ projectId })).toBe(0);

    ok(await as('zhang').post(`/tasks/${taskId}/decision`, { decision: 'approve', comment: 'ok\tx\r\n同意' }, { idempotencyKey: randomUUID() }));
    const decisions = await pollUntil(
      () => running.api.ds.getRepository(DecisionEntity).findBy({ projectId }),
      (rows) => rows.length === 1,
      { timeoutMs: 20_000, what: 'the decision recorded' },
    );
    expect(decisions.map((d) => [d.decision, d.comment])).toEqual([['approve', 'ok\tx\r\n同意']]);
    // The chain moved on to the next level: the general branch's secretary has the next step.
    await pollUntil(
      async () => ok(await as('li').get('/tasks?assignee=me&status=open')) as Body[],
      (list) => list.some((t) => t.projectId === projectId),
      { timeoutMs: 20_000, what: "the general branch secretary's step" },
    );
  });

  it('names every offending string: nested fields, query values, path params, keys, DEL and lone surrogates', async () => {
    const create = await as('chen').post(
      '/projects',
      draftBody(running.org.units.branch, { title: 'a\u007fb', goals: [{ title: 'ok', target: '≥ 1 项' }, { title: 'x\ud800', target: '\u001b[31m' }] }),
    );
    expect([create.status, create.body.message]).toEqual([400, [controlMessage('title', '标题'), controlMessage('goals.1.title', '年度目标第 2 项的标题'), controlMessage('goals.1.target', '年度目标第 2 项的考核指标')]]);

    const key = await as('chen').post('/projects', { ...draftBody(running.org.units.branch), ['x\u0001']: 1 });
    expect([key.status, key.body.message]).toEqual([400, [controlMessage('x\\u0001', '「x\\u0001」')]]);

    const query = await as('chen').get('/projects?kind=vanguard_post%00');
    expect([query.status, query.body.message]).toEqual([400, [controlMessage('kind', '类型')]]);

    const param = await as('chen').get('/projects/abc%01');
    expect([param.status, param.body.message]).toEqual([400, [controlMessage('id', '编号')]]);
    expect(await running.api.ds.getRepository(ProjectEntity).countBy({ title: 'a\u007fb' })).toBe(0);
  });

  it('refuses an Idempotency-Key with a control character before the API reads it', async () => {
    const { id } = ok(await as('chen').post('/projects', draftBody(running.org.units.branch)));
    // Node's HTTP client will not send a control character in a header, so the request is written by hand; Node's
    // server refuses it while parsing, before any route (or Temporal update id) sees the key.
    const server = running.api.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.end(
            `POST /projects/${id}/submit HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${running.org.people.chen.token}\r\n` +
              'Idempotency-Key: key\u007f1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
          );
        });
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect((await running.api.ds.getRepository(ProjectEntity).findOneByOrFail({ id })).status).toBe('draft');
  });

  it('refuses multipart text fields with control characters', async () => {
    const res = await as('chen').upload(`/rectifications/${randomUUID()}/evidence`, { text: 'bad\u0000' }, []);
    expect([res.status, res.body.message]).toEqual([400, [controlMessage('text', '内容')]]);
  });

  it.each([
    ['/ledger?page=1e20', 'page: 页码不能大于 1000000'],
    ['/projects?year=99999999999', 'year: 年度不能大于 2100'],
    ['/projects?year=1e300', 'year: 年度不能大于 2100'],
    ['/projects?year=1999', 'year: 年度不能小于 2000'],
    ['/evaluations?year=99999999999', 'year: 年度不能大于 2100'],
    ['/ledger?pageSize=0', 'pageSize: 每页条数不能小于 1'],
  ])('answers 400 to GET %s', async (path, message) => {
    const res = await as('wang').get(path);
    expect([res.status, res.body.message]).toEqual([400, [message]]);
  });

  it('answers 400 to a meeting record without its meeting, or with an array where an object belongs', async () => {
    const { taskId } = await openLaunchTask();
    const empty = await as('zhang').post(`/tasks/${taskId}/meeting`, {});
    expect([empty.status, empty.body.message]).toEqual([400, ['meeting: 会议记录格式不正确']]);
    const array = await as('zhang').post(`/tasks/${taskId}/meeting`, { meeting: [] });
    expect([array.status, array.body.message]).toEqual([400, ['meeting: 会议记录格式不正确']]);
    const ratings = await as('zhang').post(`/tasks/${taskId}/decision`, { decision: 'approve', ratings: [] });
    expect([ratings.status, ratings.body.message]).toEqual([400, ['ratings: 评价格式不正确']]);
    const goals = await as('chen').post('/projects', draftBody(running.org.units.branch, { goals: [[]] }));
    expect([goals.status, goals.body.message]).toEqual([400, ['goals: 年度目标中的每一项格式不正确']]);
  });

  it.each([
    ['an array', '[]'],
    ['a string', '"x"'],
    ['null', 'null'],
    ['a number', '1'],
    ['malformed JSON', '{"decision":'],
  ])('answers 400 to a JSON body that is %s', async (_, raw) => {
    const res = await running.api.http().post('/projects').set('authorization', `Bearer ${running.org.people.chen.token}`).set('content-type', 'application/json').send(raw);
    expect(res.status).toBe(400);
    expect(res.body.statusCode).toBe(400);
  });

  it('answers 415 to a body in a type the route does not read, and acts on nothing', async () => {
    const { id } = ok(await as('chen').post('/projects', draftBody(running.org.units.branch)));
    const token = `Bearer ${running.org.people.chen.token}`;
    const text = await running.api.http().post(`/projects/${id}/submit`).set('authorization', token).set('content-type', 'text/plain').send('ccIds');
    expect([text.status, text.body.message]).toEqual([415, ['Content-Type must be application/json']]);
    const form = await running.api.http().post(`/projects/${id}/submit`).set('authorization', token).field('ccIds', 'x');
    expect([form.status, form.body.message]).toEqual([415, ['Content-Type must be application/json']]);
    expect((await running.api.ds.getRepository(ProjectEntity).findOneByOrFail({ id })).status).toBe('draft');
    // The evidence route reads both; a file upload elsewhere is no longer silently dropped.
    const evidence = await running.api.http().post(`/rectifications/${randomUUID()}/evidence`).set('authorization', token).set('content-type', 'text/plain').send('x');
    expect([evidence.status, evidence.body.message]).toEqual([415, ['Content-Type must be application/json or multipart/form-data']]);
  });
});
