import { readFileSync } from 'node:fs';
import { clientSchemaOf, clientSchemaPath } from '../../scripts/api-client.js';
import { startApi, type ApiHarness } from '../support/api.js';

type Content = Record<string, { schema?: unknown }>;
interface Operation {
  requestBody?: { content?: Content };
  responses?: Record<string, { content?: Content }>;
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

  it('declares the answer of every operation, and the files of every multipart body', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ route: `${method} ${path}`, op })));
    // A 2xx with content and a schema for each of its media types: a generated client types what it gets back.
    const unanswered = operations.filter(({ op }) => {
      const success = Object.entries(op.responses ?? {}).filter(([status]) => status.startsWith('2'));
      return success.length === 0 || success.some(([, r]) => !r.content || Object.values(r.content).some((media) => !media.schema));
    });
    // A multipart body declares its file field (binary), or a client cannot send the files at all.
    const fileless = operations.filter(({ op }) => {
      const multipart = op.requestBody?.content?.['multipart/form-data'];
      return multipart !== undefined && !JSON.stringify(multipart.schema ?? {}).includes('"format":"binary"');
    });
    expect(operations.length).toBeGreaterThan(60);
    expect({ unanswered: unanswered.map((o) => o.route), fileless: fileless.map((o) => o.route) }).toEqual({ unanswered: [], fileless: [] });
  });
});
