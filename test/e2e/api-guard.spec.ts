import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../apps/api/bootstrap.js';
import { loadConfig } from '../../libs/config/index.js';
import { createTestDatabase } from '../support/database.js';

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every route needs a login except these; a new route is guarded unless someone adds it here on purpose. */
const publicRoutes = new Set(['POST /auth/login', 'GET /health']);

describe('API access', () => {
  let db: { url: string; drop(): Promise<void> };
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApp(loadConfig({ DATABASE_URL: db.url, TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS }));
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const routes = (): string[] => {
    const stack = (app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } }).router.stack;
    return stack
      .filter((layer) => layer.route && !layer.route.path.startsWith('/docs'))
      .flatMap((layer) => Object.keys(layer.route!.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`));
  };

  it('answers 401 on every route but login and health when no token is given', async () => {
    const guarded = routes().filter((r) => !publicRoutes.has(r));
    expect(guarded.length).toBeGreaterThanOrEqual(20);
    for (const route of guarded) {
      const [method, path] = route.split(' ');
      const url = path.replace(/:id/g, '00000000-0000-4000-8000-000000000000').replace(/:year/g, '2026');
      const res = await request(app.getHttpServer())[method.toLowerCase() as 'get'](url);
      expect([route, res.status]).toEqual([route, 401]);
    }
  });

  it('keeps health and login public, and refuses a forged token', async () => {
    expect((await request(app.getHttpServer()).get('/health')).status).toBe(200);
    const bad = await request(app.getHttpServer()).post('/auth/login').send({ email: 'admin@tandem.local', password: 'wrong' });
    expect(bad.status).toBe(401);
    const forged = await request(app.getHttpServer()).get('/me').set('authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad');
    expect(forged.status).toBe(401);
  });

  it('names every wrong field of a body in one 400', async () => {
    const login = await request(app.getHttpServer()).post('/auth/login').send({ email: 'admin@tandem.local', password: 'tandem-admin' });
    const token = login.body.accessToken as string;
    const res = await request(app.getHttpServer())
      .post('/org-units')
      .set('authorization', `Bearer ${token}`)
      .send({ name: '', kind: 'club', parentId: 'nope', colour: 'red' });
    expect(res.status).toBe(400);
    const text = (res.body.message as string[]).join(' | ');
    for (const field of ['name', 'kind', 'parentId', 'colour']) expect([field, text.includes(field)]).toEqual([field, true]);
  });

  it('refuses a second person with the same e-mail, whatever its case', async () => {
    const login = await request(app.getHttpServer()).post('/auth/login').send({ email: 'admin@tandem.local', password: 'tandem-admin' });
    const create = (email: string) =>
      request(app.getHttpServer()).post('/people').set('authorization', `Bearer ${login.body.accessToken}`).send({ name: '周明', email });
    expect((await create('zhou@example.com')).status).toBe(201);
    const again = await create('Zhou@Example.com');
    expect([again.status, again.body.code]).toEqual([409, 'ALREADY_EXISTS']);
  });
});
