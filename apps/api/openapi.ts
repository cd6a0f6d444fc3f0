import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ErrorResponseDto } from './http/error-response.dto.js';
import { withMultipartFiles } from './http/multipart-files.decorator.js';

/**
 * The JSON API lives under one prefix, so the console served at `/` owns every other path (a task page at
 * `/tasks/<id>` can never shadow or be shadowed by a route). Health probes and the OpenAPI pages sit under it too.
 */
export const apiPrefix = 'api';

/** Where the OpenAPI page is served; its JSON is at `${docsPath}-json`. */
export const docsPath = `${apiPrefix}/docs`;

const openApiConfig = new DocumentBuilder()
  .setTitle('Tandem')
  .setDescription('党建载体项目: launch approval (立项), quarterly checks (季度检查), rectification ledger (整改台账), year-end evaluation (年终考评)')
  .setVersion('0.1.0')
  .addBearerAuth()
  .build();

/**
 * Route parameters (`{id}`) come from class-validator DTOs without swagger decorators, so Swagger leaves them out;
 * each is declared here from the path itself, so generated clients take them.
 */
function withPathParameters(doc: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(doc.paths)) {
    const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    for (const op of [item.get, item.post, item.put, item.delete, item.patch]) {
      if (!op) continue;
      const declared = new Set((op.parameters ?? []).flatMap((p) => ('in' in p && p.in === 'path' ? [p.name] : [])));
      const missing = names.filter((name) => !declared.has(name));
      op.parameters = [...(op.parameters ?? []), ...missing.map((name) => ({ name, in: 'path' as const, required: true, schema: { type: 'string' as const } }))];
    }
  }
  return doc;
}

/** The document of an app whose prefix is set: what /api/docs-json serves and what the console's client is generated from. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  // The error body is no route's answer alone; declared once so the console's client knows every refusal code.
  return withPathParameters(withMultipartFiles(SwaggerModule.createDocument(app, openApiConfig, { extraModels: [ErrorResponseDto] })));
}
