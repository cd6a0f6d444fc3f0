import { readFileSync } from 'node:fs';
import { clientSchemaOf, clientSchemaPath } from '../../scripts/api-client.js';
import { startApi, type ApiHarness } from '../support/api.js';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** The console's client is generated from the document the API serves; these two may never differ. */
describe('generated API client', () => {
  let api: ApiHarness;
  let doc: { paths: Record<string, Record<string, Operation>> };

  beforeAll(async () => {
    api = await startApi();
    doc = (await api.http().get('/docs-json')).body;
  });

  afterAll(() => api?.close());

  it('is what `npm run api:client` makes of the live OpenAPI document', async () => {
    const committed = readFileSync(clientSchemaPath, 'utf8');
    // On a failure, run `npm run api:client` and commit apps/web/src/api/schema.d.ts.
    expect((await clientSchemaOf(doc as never)) === committed).toBe(true);
  });

  it('declares the answer of every route the console reads or acts through', () => {
    const consoleRoutes = [
      'post /api/auth/login',
      'get /api/me',
      'get /api/tasks',
      'get /api/tasks/{id}',
      'post /api/tasks/{id}/decision',
      'post /api/tasks/{id}/delegate',
      'post /api/tasks/{id}/add-approver',
      'post /api/tasks/{id}/nudge',
      'post /api/projects',
      'get /api/projects',
      'get /api/projects/{id}',
      'post /api/projects/{id}/submit',
      'post /api/projects/{id}/resubmit',
      'post /api/projects/{id}/withdraw',
      'get /api/notices',
      'post /api/projects/{id}/reports',
      'post /api/projects/{id}/findings',
      'get /api/people',
      'get /api/org-units',
      'get /api/ledger',
      'get /api/rectifications/{id}',
      'post /api/rectifications/{id}/evidence',
      'post /api/deadlines/{ref}/extension',
      'get /api/campaigns/{id}',
      'post /api/campaigns/{id}/reports',
      'post /api/notices/{id}/read',
    ];
    for (const route of consoleRoutes) {
      const [method, path] = route.split(' ');
      const responses = doc.paths[path]?.[method]?.responses ?? {};
      const declared = Object.values(responses).some((r) => r.content?.['application/json']?.schema);
      expect([route, declared]).toEqual([route, true]);
    }
  });
});
