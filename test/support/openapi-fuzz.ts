import fc from 'fast-check';
import type { OpenAPIObject } from '@nestjs/swagger';
import { defaultYearPolicy } from '../../libs/domain/index.js';

/** One operation of the OpenAPI document, with what a request to it may carry. */
export interface FuzzOperation {
  method: 'get' | 'post' | 'put';
  /** `/projects/{id}/submit` */
  path: string;
  pathParams: string[];
  query: { name: string; schema: Schema }[];
  /** The body schema (refs resolved) when the operation takes one, and the media types it reads. */
  /** `declared` false: the route reads no body, but one is sent anyway to see that it is ignored or refused. */
  body?: { schema: Schema; types: string[]; declared: boolean };
  public: boolean;
}

export interface Schema {
  type?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
  format?: string;
}

/** A request as sent: everything already a string, so a run is reproducible from the seed alone. */
export interface FuzzRequest {
  op: FuzzOperation;
  actor: string;
  url: string;
  /** Raw header values; `authorization` is set from the actor unless a malformed one is given here. */
  headers: Record<string, string>;
  body?: { kind: 'raw'; contentType: string | null; text: string } | { kind: 'multipart'; fields: [string, string][]; file?: { name: string; type: string; data: string } };
  /** Whether the request carries at least one defect that must make the API refuse it. */
  mustRefuse: boolean;
  /** What was malformed, for the failure report. */
  defects: string[];
}

export function operationsOf(doc: OpenAPIObject): FuzzOperation[] {
  const resolve = (s: Schema | undefined): Schema | undefined => {
    if (!s) return undefined;
    if (s.$ref) return resolve((doc.components?.schemas as Record<string, Schema>)[s.$ref.split('/').pop()!]);
    const properties = s.properties && Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, resolve(v)!]));
    return { ...s, ...(properties && { properties }), ...(s.items && { items: resolve(s.items) }) };
  };
  const ops: FuzzOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'post', 'put'] as const) {
      const op = item[method];
      if (!op) continue;
      const params = (op.parameters ?? []) as { in: string; name: string; schema?: Schema }[];
      const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content;
      const types = content ? Object.keys(content) : [];
      const bodySchema = resolve(content?.[types[0]]?.schema);
      ops.push({
        method,
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: resolve(p.schema) ?? {} })),
        // A POST without a declared body still gets one: the API must read only what the route declares.
        body: bodySchema
          ? { schema: bodySchema, types, declared: true }
          : method === 'get'
            ? undefined
            : { schema: { type: 'object', properties: {} }, types: ['application/json'], declared: false },
        public: !op.security,
      });
    }
  }
  return ops;
}

/** Strings nobody should be able to store, send in a path or crash a parser with. */
const nastyStrings = [
  'ok\u0000x',
  '\u0007bell',
  'del\u007f',
  'lone\ud800',
  '\udc00tail',
  '\u001b[31mred',
  '',
  ' ',
  '1e20',
  '-1',
  'NaN',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '../../etc/passwd',
  "' OR 1=1 --",
  '%00',
  '😀'.repeat(50),
  'x'.repeat(70_000),
  '<script>alert(1)</script>',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '2026-02-30',
  '9999-99-99',
  '__proto__',
  'constructor',
];
const nastyNumbers = [-1, 0, 1e20, 99_999_999_999, 1e300, -1e300, 0.5, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, -(2 ** 31) - 1];
const nastyJson: unknown[] = [null, [], [[]], {}, 'x', 0, true, { __proto__: { polluted: true } }, [{}], nastyNumbers];

export interface FuzzPools {
  /** Real ids of every kind (projects, units, people, tasks, items…), plus ids of nothing. */
  ids: string[];
  /** Deadline refs and workflow ids the API lists. */
  refs: string[];
  actors: string[];
}

const malformedId = fc.constantFrom('abc', '1', '-1', '1e20', 'null', '00000000-0000-0000-0000-00000000000g', '%', 'project-', 'x'.repeat(400), 'ok\u0000x', 'del\u007f', '😀', '..');

/** A value the field would plausibly accept: its example, an enum member, a real id, a number within bounds. */
function plausible(name: string, s: Schema, pools: FuzzPools, depth = 0): fc.Arbitrary<unknown> {
  if (s.enum) return fc.constantFrom(...s.enum);
  if (/Ids$/.test(name) || (s.type === 'array' && /id/i.test(name))) return fc.array(fc.constantFrom(...pools.ids), { minLength: 1, maxLength: 3 });
  if (/(^id|Id)$/.test(name)) return fc.constantFrom(...pools.ids);
  if (s.type === 'integer' || s.type === 'number') {
    const min = s.minimum ?? (name.toLowerCase().includes('year') ? 2000 : 0);
    const max = s.maximum ?? (name.toLowerCase().includes('year') ? 2100 : 100);
    return fc.oneof(...(s.example !== undefined ? [fc.constant(s.example)] : []), s.type === 'integer' ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true }));
  }
  if (s.type === 'boolean') return fc.boolean();
  if (s.type === 'array') return fc.array(plausible(name, s.items ?? {}, pools, depth + 1), { minLength: 1, maxLength: 3 });
  if (s.type === 'object' || s.properties) {
    if (!s.properties || depth > 4) return fc.constant(s.example ?? {});
    return fc.record(Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, plausible(k, v, pools, depth + 1)])), {
      requiredKeys: s.required ?? [],
    });
  }
  if (s.example !== undefined) return fc.oneof(fc.constant(s.example), fc.string({ minLength: 1, maxLength: 20 }));
  return fc.string({ minLength: 1, maxLength: Math.min(s.maxLength ?? 40, 40) });
}

const anyNasty = fc.oneof(fc.constantFrom(...nastyStrings), fc.constantFrom(...nastyNumbers), fc.constantFrom(...nastyJson), fc.jsonValue({ maxDepth: 3 }));

/** A body with one defect the API must refuse, or a plausible one (which may succeed). */
function bodyArb(op: FuzzOperation, pools: FuzzPools, mustRefuse: boolean): fc.Arbitrary<{ value: unknown; defects: string[] }> {
  const schema = op.body!.schema;
  // PUT /policies/{year} documents its body as a bare object; the year's default policy is its plausible shape.
  const base: fc.Arbitrary<unknown> =
    schema.properties && Object.keys(schema.properties).length > 0 ? plausible('', schema, pools) : op.path.startsWith('/policies') ? fc.constant(defaultYearPolicy(2026)) : fc.constant({});
  const keys = Object.keys(schema.properties ?? {});
  const field = fc.constantFrom(...(keys.length ? keys : ['comment']));
  if (!mustRefuse) {
    // Half the bodies as plausible as the schema allows, the others with one field set to something odd or left out.
    return fc.tuple(base, fc.option(fc.tuple(field, fc.option(anyNasty, { freq: 3 })), { freq: 2 })).map(([value, tweak]) => {
      if (!tweak || typeof value !== 'object' || value === null) return { value, defects: [] };
      const [key, odd] = tweak;
      if (odd === null) {
        const rest = { ...(value as Record<string, unknown>) };
        delete rest[key];
        return { value: rest, defects: [`without ${key}`] };
      }
      return { value: { ...value, [key]: odd }, defects: [`${key}=${short(odd)}`] };
    });
  }
  return fc.oneof(
    // Defects every route refuses whatever its fields: a key no DTO has, a control character, a root that is no object.
    base.map((value) => ({ value: { ...(value as object), ['fuzz\u0000key']: 1 }, defects: ['control character in a key'] })),
    fc.tuple(base, field, fc.constantFrom('ok\u0000x', 'del\u007f', 'lone\ud800', '\u001b[0m')).map(([value, key, bad]) => ({
      value: { ...(value as object), [key]: bad },
      defects: [`${key} with a control character`],
    })),
    fc.tuple(base, fc.constantFrom(...(['a.b', '0', 'unknownField'] as const)), anyNasty).map(([value, key, v]) => ({
      value: Array.isArray(value) ? value : { ...(value as object), [`${key}\u0001`]: v },
      defects: ['unknown key with a control character'],
    })),
    fc.constantFrom(...nastyJson.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))).map((value) => ({ value, defects: [`body ${short(value)}`] })),
  );
}

/** The generator of one request; `mustRefuse` requests carry at least one defect that no route may accept. */
export function requestArb(ops: FuzzOperation[], pools: FuzzPools, mustRefuse: boolean): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...ops).chain((op) => {
    const idArb = (name: string) =>
      name === 'year' ? fc.oneof(fc.integer({ min: 2000, max: 2100 }).map(String), fc.constantFrom('1e20', '99999999999', '1e300', '-1', 'abc', '2026.5')) : name === 'ref' || op.path.includes('workflows') ? fc.constantFrom(...pools.refs) : fc.constantFrom(...pools.ids);
    const pathArb = fc.tuple(...op.pathParams.map((p) => fc.oneof({ weight: 3, arbitrary: idArb(p).map((v) => ({ v, bad: false })) }, { weight: 1, arbitrary: malformedId.map((v) => ({ v, bad: true })) })));
    const queryArb = fc.array(
      fc.oneof(
        ...(op.query.length
          ? [
              fc.constantFrom(...op.query).chain((q) =>
                fc
                  .oneof(plausible(q.name, q.schema, pools), fc.constantFrom(...nastyStrings), fc.constantFrom(...nastyNumbers.map(String)), anyNasty)
                  .map((v) => [q.name, typeof v === 'string' ? v : JSON.stringify(v)] as const),
              ),
            ]
          : []),
        fc.tuple(fc.constantFrom('page', 'year', 'unknown', 'status[]', 'a[b]'), fc.constantFrom(...nastyStrings.slice(0, 20))),
      ),
      { maxLength: 3 },
    );
    // The defects that make any request to this operation a refusal. Reads need none (they change nothing either way),
    // so their queries are fuzzed with real tokens rather than mostly stopped at the guard.
    const refusals =
      op.method === 'get'
        ? []
        : [...(op.body?.declared ? ['body'] : []), ...(op.body ? ['content-type'] : []), ...(op.pathParams.length ? ['path'] : []), ...(op.public ? [] : ['token'])];
    const refuse = mustRefuse && refusals.length > 0;
    return fc.record({
      actor: fc.constantFrom(...pools.actors),
      path: pathArb,
      query: queryArb,
      refuseBy: refuse ? fc.constantFrom(...refusals).map((r): string | null => r) : fc.constant(null),
      body: op.body ? bodyArb(op, pools, refuse) : fc.constant(undefined),
      otherType: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', null, 'application/json; charset=latin1'),
      multipart: fc.boolean(),
      key: fc.option(fc.constantFrom('k-1', 'x'.repeat(300), 'clé', 'ÿ', ' '), { freq: 3 }),
      token: fc.constantFrom('Bearer x', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', 'bearer'),
    }).map(({ actor, path, query, refuseBy, body, otherType, multipart, key, token }) => {
      const defects: string[] = [];
      let url = op.path;
      op.pathParams.forEach((name, i) => {
        const { v, bad } = refuseBy === 'path' && i === 0 ? { v: 'not-an-id', bad: true } : path[i];
        if (bad) defects.push(`${name}=${short(v)}`);
        url = url.replace(`{${name}}`, encode(v));
      });
      if (query.length) url += `?${query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}`;
      const headers: Record<string, string> = {};
      if (key !== null) headers['idempotency-key'] = key;
      if (refuseBy === 'token') {
        headers.authorization = token;
        defects.push(`authorization ${token}`);
      }
      let sent: FuzzRequest['body'];
      if (op.body && body) {
        if (body.defects.length) defects.push(...body.defects);
        const text = JSON.stringify(body.value) ?? 'null';
        if (refuseBy === 'content-type') {
          sent = { kind: 'raw', contentType: otherType, text };
          defects.push(`content-type ${otherType}`);
        } else if (multipart && op.body.types.includes('multipart/form-data') && body.value && typeof body.value === 'object' && !Array.isArray(body.value)) {
          const fields = Object.entries(body.value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)] as [string, string]);
          sent = { kind: 'multipart', fields, file: { name: '整改.txt', type: 'text/plain', data: 'evidence' } };
        } else sent = { kind: 'raw', contentType: 'application/json', text };
      }
      return { op, actor, url, headers, body: sent, mustRefuse: refuse, defects } satisfies FuzzRequest;
    });
  });
}

const loneSurrogate = /([\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF])/;

/** Percent-encoding, except that half a surrogate pair (which has no UTF-8) is sent as the bytes a careless client sends. */
const encode = (v: string) =>
  v
    .split(loneSurrogate)
    .map((part) => (loneSurrogate.test(part) && part.length === 1 ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');

const short = (v: unknown) => {
  const text = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
};
