import { ApiExtension } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';

const extension = 'x-multipart-files';

interface MultipartFiles {
  field: string;
  maxItems: number;
}

/**
 * Names the file field of a route that reads `multipart/form-data` as well as JSON. Swagger gives both media types
 * the body DTO's schema, which has no files; `withMultipartFiles` adds them to the multipart one only, so JSON
 * clients (and the fuzzer, which reads the first media type) see the body as before.
 */
export const ApiMultipartFiles = (field: string, maxItems: number) => ApiExtension(extension, { field, maxItems } satisfies MultipartFiles);

export function withMultipartFiles(doc: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(doc.paths)) {
    for (const op of [item.get, item.post, item.put]) {
      const files = (op as unknown as Record<string, unknown> | undefined)?.[extension] as MultipartFiles | undefined;
      const multipart = op && 'content' in (op.requestBody ?? {}) ? (op.requestBody as { content: Record<string, { schema?: object }> }).content['multipart/form-data'] : undefined;
      if (!op || !files || !multipart) continue;
      const binary = { type: 'string', format: 'binary' };
      const fileSchema = files.maxItems === 1 ? binary : { type: 'array', items: binary, maxItems: files.maxItems };
      multipart.schema = { allOf: [multipart.schema ?? { type: 'object' }, { type: 'object', properties: { [files.field]: fileSchema } }] };
      delete (op as unknown as Record<string, unknown>)[extension];
    }
  }
  return doc;
}
