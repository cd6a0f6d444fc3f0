import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { apiBase, startApi, type ApiHarness } from '../support/api.js';
import { servedRoutes } from '../support/served-routes.js';

/**
 * Every route needs a login except these. A new route is guarded unless someone adds it here on purpose, and a
 * route listed here that no longer exists fails the test, so the list cannot go stale.
 */
const publicRoutes = ['POST /auth/login', 'GET /health', 'GET /health/live', 'GET /health/ready'];


/** A path that reaches the route: any `:param` filled with a well-formed value, so only the guard can refuse it. */
const fill = (path: string) => path.replace(/:year\b/g, '2026').replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');

describe('API route guard', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api?.close();
  });

  /** Every route the router serves, all under `/api` (a route outside it fails here). */
  const routes = (): string[] => {
    const { routes: served, outsidePrefix } = servedRoutes(api.app);
    expect(outsidePrefix).toEqual([]);
    return served;
  };

  it('serves every allow-listed route, and nothing else without a token', async () => {
    const all = routes();
    for (const route of publicRoutes) expect([route, all.includes(route)]).toEqual([route, true]);
    const guarded = all.filter((r) => !publicRoutes.includes(r));
    // The API has more than 25 routes today; an empty list would mean the router was not read at all.
    expect(guarded.length).toBeGreaterThanOrEqual(25);
    for (const route of guarded) {
      const [method, path] = route.split(' ');
      const res = await api.as(null)[method.toLowerCase() as 'get'](fill(path));
      expect([route, res.status]).toEqual([route, 401]);
    }
  });

  it('refuses forged, expired, unsigned and ownerless tokens on every guarded route', async () => {
    const jwt = api.app.get(JwtService);
    const admin = (await api.ds.query(`SELECT id FROM person WHERE lower(email) = 'admin@tandem.local'`))[0].id as string;
    const tokens: Record<string, string> = {
      forged: jwt.sign({ sub: admin, ver: 0 }, { secret: 'not-the-secret' }),
      // The development secret that used to be written in libs/config: no start accepts it any more.
      'signed with the old source secret': jwt.sign({ sub: admin, ver: 0 }, { secret: 'tandem-development-only-secret' }),
      expired: jwt.sign({ sub: admin, ver: 0 }, { expiresIn: -10 }),
      'of a stale version': jwt.sign({ sub: admin, ver: 1 }),
      'without a version': jwt.sign({ sub: admin }),
      unsigned: `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: admin })).toString('base64url')}.`,
      'for nobody': jwt.sign({ sub: randomUUID() }),
      'not a uuid': jwt.sign({ sub: 'admin' }),
    };
    const guarded = routes().filter((r) => !publicRoutes.includes(r));
    for (const [kind, token] of Object.entries(tokens)) {
      for (const route of guarded) {
        const [method, path] = route.split(' ');
        const res = await api.as(token)[method.toLowerCase() as 'get'](fill(path));
        expect([kind, route, res.status]).toEqual([kind, route, 401]);
      }
    }
    // The same signature with the real secret is accepted: the refusals above are about the tokens, not the route.
    expect((await api.as(jwt.sign({ sub: admin, ver: 0 })).get('/me')).status).toBe(200);
  });

  it('keeps login, health and the OpenAPI pages public', async () => {
    expect((await api.http().get('/health')).body).toEqual({ status: 'ok', database: 'ok', temporal: 'ok' });
    expect((await api.http().post('/auth/login').send({ email: 'admin@tandem.local', password: 'tandem-admin' })).status).toBe(200);
    expect((await api.http().get('/docs')).status).toBe(200);
    expect((await api.http().get('/docs-json')).status).toBe(200);
  });

  it('documents every route with a summary naming its Chinese term, and bearer auth on every guarded one', async () => {
    const spec = (await api.http().get('/docs-json')).body as {
      paths: Record<string, Record<string, { summary?: string; security?: unknown[] }>>;
      components: { securitySchemes?: Record<string, unknown> };
    };
    expect(spec.components.securitySchemes).toHaveProperty('bearer');
    for (const route of routes()) {
      const [method, path] = route.split(' ');
      const operation = spec.paths[apiBase + path.replace(/:([A-Za-z]+)/g, '{$1}')]?.[method.toLowerCase()];
      expect([route, typeof operation?.summary]).toEqual([route, 'string']);
      expect([route, /[\u4e00-\u9fff]/.test(operation!.summary!)]).toEqual([route, true]);
      if (!publicRoutes.includes(route)) expect([route, operation!.security]).toEqual([route, [{ bearer: [] }]]);
    }
  });
});
