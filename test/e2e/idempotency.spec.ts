import { randomUUID } from 'node:crypto';
import { ProjectEntity } from '../../libs/db/entities/index.js';
import { closeApiStack, startApiStack, type ApiStack } from '../support/api-stack.js';
import { apiBase, castOf, draftBody, ok } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';

type Body = Record<string, any>;

/**
 * `Idempotency-Key` on state-changing routes, through HTTP with a worker: a retry acts once and gets the first answer,
 * a key belongs to the person who sent it, and a key reused for another request is refused rather than answered
 * with the first request's result.
 */
describe('Idempotency-Key', () => {
  let running: ApiStack;
  const { person, as } = castOf(() => ({ api: running.api, org: running.org, extra: {} as Record<never, never> }));

  beforeAll(async () => {
    running = await startApiStack();
  });

  afterAll(() => closeApiStack(running ?? {}, 'idempotency'));

  const draftsTitled = (title: string) => running.api.ds.getRepository(ProjectEntity).countBy({ title });
  const otherRequest = 'this Idempotency-Key was already used for another request';

  it('answers a retried POST /projects with the same draft, and makes one row', async () => {
    const title = `先锋岗-${randomUUID().slice(0, 8)}`;
    const key = randomUUID();
    const body = draftBody(running.org.units.branch, { title });
    const first = await as('chen').post('/projects', body, key);
    const retry = await as('chen').post('/projects', body, key);
    expect([first.status, retry.status, retry.body]).toEqual([201, 201, first.body]);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await draftsTitled(title)).toBe(1);
  });

  it('refuses the same key with another body or on another route (422), doing neither', async () => {
    const title = `先锋岗-${randomUUID().slice(0, 8)}`;
    const key = randomUUID();
    const draft = ok(await as('chen').post('/projects', draftBody(running.org.units.branch, { title }), key));
    const otherBody = await as('chen').post('/projects', draftBody(running.org.units.branch, { title: `${title}-2` }), key);
    expect([otherBody.status, otherBody.body]).toEqual([422, { statusCode: 422, message: `${otherRequest} (with a different body); send a new key for a new request` }]);
    const otherRoute = await as('chen').post(`/projects/${draft.id}/submit`, {}, key);
    expect([otherRoute.status, otherRoute.body.message]).toEqual([422, `${otherRequest} (to POST ${apiBase}/projects); send a new key for a new request`]);
    expect([await draftsTitled(title), await draftsTitled(`${title}-2`)]).toEqual([1, 0]);
    expect(ok(await as('chen').get(`/projects/${draft.id}`)).status).toBe('draft');
  });

  it('keeps one person’s key apart from another’s: the same key is their own request', async () => {
    const key = randomUUID();
    const chens = ok(await as('chen').post('/projects', draftBody(running.org.units.branch, { title: `陈-${key.slice(0, 8)}` }), key));
    const zhous = ok(await as('zhou').post('/projects', draftBody(running.org.units.otherBranch, { title: `周-${key.slice(0, 8)}` }), key));
    expect(zhous.id).not.toBe(chens.id);
    expect([zhous.ownerId, chens.ownerId]).toEqual([person('zhou').id, person('chen').id]);
  });

  it('never hands one person’s workflow answer to another who sends the same key', async () => {
    const draft = ok(await as('chen').post('/projects', draftBody(running.org.units.branch, { title: `项目-${randomUUID().slice(0, 6)}` })));
    ok(await as('chen').post(`/projects/${draft.id}/submit`, {}, randomUUID()));
    const tasks = await pollUntil(
      async () => ok(await as('zhang').get('/tasks?assignee=me&status=open')) as Body[],
      (list) => list.some((t) => t.projectId === draft.id),
      { timeoutMs: 20_000, what: 'the branch step' },
    );
    const step = tasks.find((t) => t.projectId === draft.id) as Body;
    const key = randomUUID();
    const decision = { decision: 'approve', comment: '支部同意' };
    const approved = ok(await as('zhang').post(`/tasks/${step.id}/decision`, decision, key));
    // The general branch's secretary may write in the project, but the branch step was never theirs: under the same key
    // their request is their own, and the chain refuses it.
    const byAnother = await as('li').post(`/tasks/${step.id}/decision`, decision, key);
    expect([byAnother.status, byAnother.body.code]).toEqual([409, 'ALREADY_DECIDED']);
    const retried = await as('zhang').post(`/tasks/${step.id}/decision`, decision, key);
    expect([retried.status, retried.body]).toEqual([200, approved]);
  });

  it('asks a retry to come back while the first request with its key is still running (409, Retry-After)', async () => {
    const key = randomUUID();
    const body = draftBody(running.org.units.branch, { title: `进行中-${key.slice(0, 8)}` });
    // The first request has claimed the key and not answered yet (its row, as the API writes it on arrival).
    const first = await as('chen').post('/projects', body, key);
    await running.api.ds.query(`UPDATE idempotent_request SET status = 'in_progress', response_status = NULL, response_body = NULL WHERE person_id = $1 AND key = $2`, [
      person('chen').id,
      key,
    ]);
    const retry = await as('chen').post('/projects', body, key);
    expect([retry.status, retry.headers['retry-after'], retry.body.message]).toEqual([409, '1', 'a request with this Idempotency-Key is still in progress; retry shortly']);
    expect(first.status).toBe(201);
    expect(await draftsTitled(body.title)).toBe(1);
  });
});
