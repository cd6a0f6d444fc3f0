import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { fieldsRefused } from './validation-refusal.js';

/**
 * C0 controls bar tab, LF and CR; DEL; and a UTF-16 half without its other half. Postgres refuses U+0000 in text
 * and lone surrogates in jsonb, and none of them belongs in a name, comment or key a person typed.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's whole job
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deeper than any Tandem document (a policy is five levels); a deeper one is refused rather than walked. */
const maxDepth = 32;

/**
 * The one place at the edge where every string a handler receives is checked before anything reads it: bodies at any
 * depth (JSON and multipart text fields, keys too), query values, path params, uploaded file names and what parameter
 * decorators read. Headers need no check here: Node's parser already answers 400 to a control character in one (see
 * test/e2e/api-edge.spec.ts). Registered before the ValidationPipe, so a value that could
 * never be stored is refused with a 400 naming it instead of failing later inside an activity that retries.
 */
@Injectable()
export class ControlCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // `@Query('year')` and the like hand over one value: its name is the decorator's data.
    const root = typeof metadata.data === 'string' ? metadata.data : '';
    const fields = [...offendingFields(value, root, 0)];
    if (fields.length > 0) throw fieldsRefused(fields.map((f) => ({ path: f.path.split('.'), constraint: f.tooDeep ? 'tooDeep' : 'controlCharacters' })));
    return value;
  }
}

/** The dotted path of each offending string, as class-validator names nested fields (`goals.0.title`). */
function* offendingFields(value: unknown, path: string, depth: number): Generator<{ path: string; tooDeep?: true }> {
  if (typeof value === 'string') {
    if (forbidden.test(value)) yield { path: path || 'value' };
    return;
  }
  // Uploaded files' bytes are checked by their own rules; only their names and declared types are text.
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
  if (depth >= maxDepth) {
    yield { path: path || 'value', tooDeep: true };
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    // A bad key is named escaped, so the answer itself carries no control character.
    if (forbidden.test(key)) yield { path: join(path, escape(key)) };
    else yield* offendingFields(child, join(path, key), depth + 1);
  }
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const escape = (text: string) => text.replace(new RegExp(forbidden.source, 'g'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
