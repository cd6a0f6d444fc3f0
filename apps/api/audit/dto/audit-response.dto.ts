/**
 * The answers of the audit routes as OpenAPI schemas, shape by shape from libs/audit (ChainReport, ExportedWorkflowJson,
 * ProjectTimeline, ReplayVerdict). Workflow histories stay Temporal's own JSON, which no schema here should restate.
 */
const str = { type: 'string' as const };
const nullableStr = { type: 'string' as const, nullable: true };
const obj = (properties: Record<string, object>, required = Object.keys(properties), description?: string) => ({
  type: 'object' as const,
  properties,
  required,
  ...(description ? { description } : {}),
});
const list = (items: object, description?: string) => ({ type: 'array' as const, items, ...(description ? { description } : {}) });

const brokenLink = obj(
  { seq: nullableStr, position: { type: 'integer' }, kind: { type: 'string', enum: ['content_changed', 'link_broken', 'chain_missing'] }, reason: str, expected: str, found: str },
  undefined,
  'the first place the chain stops proving itself',
);
const chain = obj(
  {
    chainKey: str,
    projectId: { ...nullableStr, format: 'uuid' },
    events: { type: 'integer' },
    head: { ...obj({ seq: str, hash: str }), nullable: true },
    ok: { type: 'boolean' },
    firstBroken: brokenLink,
  },
  ['chainKey', 'projectId', 'events', 'head', 'ok'],
);

const exportedWorkflow = obj(
  {
    workflowId: str,
    workflowType: str,
    runs: list(obj({ runId: str, history: { type: 'object', additionalProperties: true, description: "Temporal's history JSON" } })),
    earlierRunsMissing: { type: 'boolean' },
    children: list(str),
  },
  undefined,
  'one workflow execution: every run, oldest first, and the children it started',
);

const person = { ...obj({ id: str, name: nullableStr, roles: list(str, 'the roles held when the step was taken') }), nullable: true };
const entry = obj({
  at: { type: 'string', format: 'date-time' },
  atLocal: { ...str, example: '2026-11-29 16:30:05' },
  source: { type: 'string', enum: ['history', 'audit_log'] },
  workflowId: nullableStr,
  key: nullableStr,
  action: str,
  label: str,
  actor: person,
  recipient: person,
  details: { type: 'object', additionalProperties: true },
  policyVersion: nullableStr,
  rule: nullableStr,
  auditSeq: nullableStr,
  flags: list(str),
});
const mismatch = obj({ kind: str, label: str, workflowId: nullableStr, key: nullableStr, history: nullableStr, records: nullableStr });

const divergence = obj({ eventId: { type: 'integer', nullable: true }, eventType: nullableStr, expected: str, found: str, message: str });
const verdict = obj({ name: str, workflowId: str, deterministic: { type: 'boolean' }, divergence }, ['name', 'workflowId', 'deterministic'], 'divergence is set when deterministic is false');

export const auditSchemas = {
  verify: obj({ ok: { type: 'boolean' }, checkedAt: { type: 'string', format: 'date-time' }, chains: list(chain) }),
  history: exportedWorkflow,
  histories: obj({ projectId: { type: 'string', format: 'uuid' }, workflows: list(exportedWorkflow) }),
  timeline: obj({
    projectId: { type: 'string', format: 'uuid' },
    title: str,
    year: { type: 'integer' },
    timeZone: { type: 'string', enum: ['Asia/Shanghai'] },
    policyVersion: nullableStr,
    workflows: { type: 'integer' },
    runs: { type: 'integer' },
    entries: list(entry),
    mismatches: list(mismatch),
    consistent: { type: 'boolean' },
  }),
  replay: list(verdict),
};
