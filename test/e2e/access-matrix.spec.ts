import { randomUUID } from 'node:crypto';
import { buildFixture, type Body, type Fixture } from '../support/access-fixture.js';
import { accessModel, actors, type AccessRow, type Actor } from '../support/access-model.js';
import { servedRoutes } from '../support/served-routes.js';
import { startApi, type ApiHarness } from '../support/api.js';

/**
 * Every route × every actor against test/support/access-model.ts, the one place that says who may use what:
 * allowed callers get past the access check (any answer but 401, 403, 404 or 5xx), everyone else gets the refusal
 * the model names, and a refused request leaves the object it named as it was. The objects are rows written once;
 * their workflows do not run (no worker), so an allowed command ends in the workflow's 409 rather than changing a
 * year the next row needs.
 */
describe('access matrix: every route × every actor', () => {
  let api: ApiHarness;
  let fx: Fixture;


  beforeAll(async () => {
    api = await startApi();
    fx = await buildFixture(api);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('has one row for every route the router serves, and no row for a route that is gone', () => {
    const served = servedRoutes(api.app).routes.sort();
    expect(served.length).toBeGreaterThanOrEqual(50);
    expect(Object.keys(accessModel).sort()).toEqual(served);
  });

  it('refuses, or lets past the access check, each actor as the model says, and a refusal changes nothing', async () => {
    const cases = requestCases(fx);
    const refused = cases.filter((c) => c.expect !== 'allowed');
    // Each object named by a refused request, read before and after all of them (the harness's pool has two connections).
    const named = [...new Set(refused.map((c) => c.target))];
    const readAll = () => inPool(named, 2, async (target) => JSON.stringify(await fx.read[target]()));
    const before = await readAll();
    const refusals = await inPool(refused, 8, async (c) => [c.label, await c.send()] as const);
    const after = await readAll();
    const wrongRefusals = refusals.flatMap(([label, status], i) => (status === refused[i].expect ? [] : [`${label}: ${status}, model says ${refused[i].expect}`]));
    const changed = named.filter((_, i) => before[i] !== after[i]).map((target) => `${target}, named by ${refused.filter((c) => c.target === target).map((c) => c.label).join('; ')}`);
    // Allowed calls come last: they may act (an admin creates a unit), and refusals must see the fixture untouched.
    const allowed = cases.filter((c) => c.expect === 'allowed');
    const answers = await inPool(allowed, 8, async (c) => [c.label, await c.send()] as const);
    const wrongAllowed = answers.filter(([, status]) => typeof status !== 'number' || [401, 403, 404].includes(status) || status >= 500).map(([label, status]) => `${label}: ${status}, model says allowed`);
    expect({ wrongRefusals, changed, wrongAllowed }).toEqual({ wrongRefusals: [], changed: [], wrongAllowed: [] });
    // Every row was asked: anonymous, forged and expired at least, on every route but the public ones.
    expect(new Set(cases.map((c) => c.route)).size).toBe(Object.values(accessModel).filter((r) => !r.public).length);
  });

  /** One request per guarded route × target × caller, with what the model expects of it. */
  function requestCases(f: Fixture) {
    const callers = ['anonymous', 'forged', 'expired', ...actors] as const;
    return Object.entries(accessModel)
      .filter(([, row]) => !row.public)
      .flatMap(([route, row]) => {
        const [method, pattern] = route.split(' ');
        const body = f.bodies[route] ?? {};
        const unknown = withUnknownIds(body);
        return (row.targets ?? ['none']).flatMap((target) =>
          callers
            .filter((caller) => !(row.skipAllowed && expectation(row, caller) === 'allowed'))
            .flatMap((caller) => {
              const send = async (sent: Body, twins: boolean): Promise<number | string> => {
                const path = pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => f.params[target][name] ?? `missing-${name}`);
                const token = f.tokens[caller];
                let req = api.http()[method.toLowerCase() as 'get' | 'post' | 'put'](path);
                if (token) req = req.set('authorization', `Bearer ${token}`);
                if (method === 'GET') return (await req).status;
                if (!twins) return (await req.set('idempotency-key', randomUUID()).send(sent)).status;
                // A refused caller sends two at once under one key, as a double-click does: both get the refusal.
                const key = randomUUID();
                const twin = (r: typeof req) => r.set('idempotency-key', key).send(sent);
                const again = api.http()[method.toLowerCase() as 'post' | 'put'](path);
                const [first, second] = await Promise.all([twin(req), twin(token ? again.set('authorization', `Bearer ${token}`) : again)]);
                return first.status === second.status ? first.status : `${first.status} then ${second.status}`;
              };
              const expected = expectation(row, caller);
              const asked = { route, label: `${route} [${target}] as ${caller}`, expect: expected, target, send: () => send(body, expected !== 'allowed') };
              // Scope comes before existence: ids in the body that name nothing get a refused caller the same
              // refusal, or the answer would tell an outsider which units or people exist.
              if (expected === 'allowed' || unknown === undefined) return [asked];
              return [asked, { ...asked, label: `${asked.label} naming unknown ids`, send: () => send(unknown, false) }];
            }),
        );
      });
  }
});

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The body with every id in it (at any depth) replaced by one that names nothing; undefined when it holds none. */
function withUnknownIds(body: Body): Body | undefined {
  let found = false;
  const swap = (value: unknown): unknown => {
    if (typeof value === 'string' && uuidShape.test(value)) {
      found = true;
      return randomUUID();
    }
    if (Array.isArray(value)) return value.map(swap);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swap(v)]));
    return value;
  };
  const swapped = swap(body) as Body;
  return found ? swapped : undefined;
}

function expectation(row: AccessRow, caller: Actor | 'anonymous' | 'forged' | 'expired'): 'allowed' | number {
  if (caller === 'anonymous' || caller === 'forged' || caller === 'expired') return 401;
  return row.allow?.includes(caller) ? 'allowed' : (row.refused ?? 403);
}

/** Runs `work` over the items, at most `limit` at a time, answers in the items' order. */
async function inPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
