import { createHash, randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { Client } from '@temporalio/client';
import {
  CampaignEntity,
  CampaignTargetEntity,
  DeadlineEntity,
  EvaluationEntity,
  EvidenceEntity,
  EvidenceFileEntity,
  FindingEntity,
  NoticeEntity,
  ProjectEntity,
  RectificationItemEntity,
  RoleAssignmentEntity,
  TaskEntity,
  TermChangeScheduleEntity,
} from '../../libs/db/entities/index.js';
import { campaignDueRef, campaignWorkflowId, projectWorkflowId } from '../../libs/domain/index.js';
import { accessModel, actors, type AccessRow, type Actor, type Target } from '../support/access-model.js';
import { servedRoutes } from '../support/served-routes.js';
import { addPersonViaApi, createOrgViaApi, draftBody, ok, startApi, type ApiHarness, type ApiOrg } from '../support/api.js';

type Params = Record<string, string>;
type Body = Record<string, unknown>;

interface Fixture {
  org: ApiOrg;
  tokens: Record<Actor | 'anonymous' | 'forged' | 'expired', string | null>;
  params: Record<Target, Params>;
  /** Reads back the object a target names, to show a refused request changed nothing. */
  read: Record<Target, () => Promise<unknown>>;
  bodies: Record<string, Body>;
}

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

/**
 * The standard org plus the actors it lacks (auditors in each unit, a member of the general branch, a secretary of
 * the other subtree), one project of the branch and the objects that hang off it, written once.
 */
async function buildFixture(api: ApiHarness): Promise<Fixture> {
  const adminToken = await api.adminToken();
  const tag = randomUUID().slice(0, 6);
  const org = await createOrgViaApi(api, adminToken, tag);
  const { units, people } = org;
  const add = (key: string, name: string, role: string, orgUnitId: string) => addPersonViaApi(api, adminToken, { key, name, role, orgUnitId, tag });
  const [ownA, parentM, parentA, siblingS, siblingA, spare] = await Promise.all([
    add('owna', '支部审计', 'auditor', units.branch),
    add('parentm', '总支委员', 'member', units.general),
    add('parenta', '总支审计', 'auditor', units.general),
    add('siblings', '孙书记', 'secretary', units.otherBranch),
    add('siblinga', '市场审计', 'auditor', units.otherBranch),
    add('spare', '备用人员', 'member', units.otherBranch),
  ]);
  // Named by routes about one person (a password reset, a deactivation); nobody else in the fixture depends on them.
  const subject = await add('subject', '被管理人', 'member', units.otherBranch);
  const jwt = api.app.get(JwtService);
  const tokens: Fixture['tokens'] = {
    anonymous: null,
    forged: jwt.sign({ sub: people.chen.id }, { secret: 'not-the-secret' }),
    expired: jwt.sign({ sub: people.chen.id }, { expiresIn: -10 }),
    ownM: people.chen.token,
    ownS: people.zhang.token,
    ownA: ownA.token,
    parentM: parentM.token,
    parentS: people.li.token,
    parentA: parentA.token,
    siblingM: people.zhou.token,
    siblingS: siblingS.token,
    siblingA: siblingA.token,
    orgAuditor: people.audit.token,
    admin: adminToken,
  };

  const { ds } = api;
  const now = new Date();
  const later = new Date(Date.now() + 30 * 86_400_000);
  const projectId = ok(await api.as(people.chen.token).post('/projects', draftBody(units.branch, { title: `矩阵项目-${tag}` }))).id as string;
  await ds.getRepository(ProjectEntity).update(projectId, { status: 'active' });
  // The project's execution has a history (for the audit routes) and has ended: a command to it is refused (409) at
  // once, where a running one with no worker would keep the caller waiting.
  const workflowId = projectWorkflowId(projectId);
  const execution = await api.app.get(Client).workflow.start('projectLifecycle', { workflowId, taskQueue: `access-matrix-${tag}`, args: [{ projectId }] });
  await execution.terminate('access matrix fixture');

  const task = (fields: Partial<TaskEntity>) =>
    ds.getRepository(TaskEntity).save({
      id: randomUUID(),
      workflowId: `approval-matrix-${randomUUID()}`,
      stepKey: 'step',
      kind: 'approval' as const,
      projectId,
      campaignId: null,
      assigneeId: people.zhang.id,
      title: '矩阵任务',
      status: 'open' as const,
      purpose: 'launch' as const,
      chainRef: `matrix-${tag}`,
      level: 0,
      levelUnitName: '一车间党支部',
      levelMode: 'sequential' as const,
      subjectId: null,
      dueAt: later,
      outcome: null,
      createdAt: now,
      closedAt: null,
      ...fields,
    });
  const approvalTask = await task({});
  // Steps handed (before 转交 was checked) to the organisation's auditor and to a secretary of another subtree.
  const auditorTask = await task({ assigneeId: people.audit.id });
  const siblingTask = await task({ assigneeId: siblingS.id });

  const campaignId = randomUUID();
  await ds.getRepository(CampaignEntity).save({
    id: campaignId,
    workflowId: campaignWorkflowId(campaignId),
    templateId: null,
    title: `矩阵述职-${tag}`,
    instructions: '按模板报送',
    targets: { kinds: ['branch'], subtreeId: units.general },
    dueRule: null,
    remindOn: null,
    ladder: { remindBefore: [], escalate: [] },
    dueAt: later,
    rule: null,
    closesAt: null,
    recurrence: null,
    scheduleId: null,
    dutyReportYear: null,
    status: 'open',
    createdBy: people.wang.id,
    closedAt: null,
  } as Partial<CampaignEntity>);
  const campaignRef = campaignDueRef(campaignId, units.branch);
  await ds.getRepository(CampaignTargetEntity).save({
    campaignId,
    unitId: units.branch,
    unitName: '一车间党支部',
    secretaryIds: [people.zhang.id],
    deadlineRef: campaignRef,
    status: 'open',
  } as Partial<CampaignTargetEntity>);
  const campaignTask = await task({ kind: 'campaign_report', projectId: null, campaignId, purpose: null, chainRef: null, level: null, levelMode: null, subjectId: units.branch });

  const deadline = (ref: string, fields: Partial<DeadlineEntity>) =>
    ds.getRepository(DeadlineEntity).save({ ref, projectId: null, campaignId: null, kind: 'report', title: '矩阵截止', dueAt: later, rule: null, guessed: null, status: 'open', submittedAt: null, updatedAt: now, ...fields } as Partial<DeadlineEntity>);
  const projectRef = `report-matrix-${projectId}-q1`;
  await deadline(projectRef, { projectId });
  await deadline(campaignRef, { campaignId, kind: 'campaign_report' });

  const findingId = randomUUID();
  const itemId = randomUUID();
  const fileId = randomUUID();
  await ds.getRepository(FindingEntity).save({ id: findingId, projectId, raisedBy: people.li.id, description: '台账不全', severity: 'general', source: 'review', raisedAt: now } as Partial<FindingEntity>);
  await ds.getRepository(RectificationItemEntity).save({
    id: itemId,
    findingId,
    projectId,
    measures: '补齐台账',
    partyOwnerId: people.chen.id,
    businessOwnerId: people.zhang.id,
    status: 'verifying',
    round: 1,
    dueAt: later,
    firstDueAt: later,
    closedAt: null,
    closedOnTime: null,
    accountableAt: null,
    updatedAt: now,
  } as Partial<RectificationItemEntity>);
  const evidenceId = randomUUID();
  await ds.getRepository(EvidenceEntity).save({ id: evidenceId, itemId, round: 1, text: '已补齐', submittedBy: people.chen.id, submittedAt: now });
  const bytes = Buffer.from('%PDF-1.4 matrix');
  await ds.getRepository(EvidenceFileEntity).save({ id: fileId, itemId, evidenceId, name: '台账.pdf', contentType: 'application/pdf', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), data: bytes, uploadedBy: people.chen.id } as Partial<EvidenceFileEntity>);

  const evaluationId = randomUUID();
  await ds.getRepository(EvaluationEntity).save({ id: evaluationId, projectId, year: 2026, status: 'scoring', createdAt: now } as Partial<EvaluationEntity>);
  const notice = await ds.getRepository(NoticeEntity).save({
    idempotencyKey: `matrix-${tag}`,
    recipientId: people.chen.id,
    email: people.chen.email,
    kind: 'task_assigned',
    projectId,
    subject: '【待办】矩阵',
    body: '矩阵',
    status: 'sent',
    attempts: 1,
    sentAt: now,
  } as Partial<NoticeEntity>);

  const spareRole = await ds.getRepository(RoleAssignmentEntity).findOneByOrFail({ personId: spare.id });
  // A 换届 already carried out: an administrator's cancel gets past the check and is told it is too late (409).
  const termChange = await ds.getRepository(TermChangeScheduleEntity).save({
    orgUnitId: units.branch,
    role: 'member',
    fromPersonId: spare.id,
    toPersonId: people.wang.id,
    effectiveAt: now,
    status: 'done',
    scheduledBy: people.wang.id,
    result: { moved: [], leftOpen: [] },
    settledAt: now,
  });
  const row = <T extends object>(entity: new () => T, where: Record<string, unknown>) => () => ds.getRepository(entity).findOneBy(where as never);
  const count = (table: string) => async () => (await ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
  const projectState = async () => [
    await ds.getRepository(ProjectEntity).findOneBy({ id: projectId }),
    await ds.query(`SELECT count(*)::int AS n FROM audit_event WHERE chain_key = $1 AND action <> 'denied'`, [projectId]),
    await ds.query(`SELECT count(*)::int AS n FROM finding WHERE project_id = $1`, [projectId]),
  ];
  const everything = async () => Promise.all(['org_unit', 'person', 'role_assignment', 'project', 'campaign', 'calendar_override', 'year_policy'].map((t) => count(t)()));
  const params: Record<Target, Params> = {
    none: {},
    project: { id: projectId },
    approvalTask: { id: approvalTask.id },
    campaignTask: { id: campaignTask.id },
    auditorTask: { id: auditorTask.id },
    siblingTask: { id: siblingTask.id },
    projectDeadline: { ref: projectRef },
    campaignDeadline: { ref: campaignRef },
    projectWorkflow: { id: workflowId },
    ownUnit: { id: units.branch },
    item: { id: itemId },
    itemFile: { id: itemId, fileId },
    evaluation: { id: evaluationId },
    ownerNotice: { id: notice.id },
    campaign: { id: campaignId },
    campaignReport: { id: campaignId, unitId: units.branch },
    year: { year: '2026' },
    person: { id: subject.id },
    role: { id: spareRole.id },
    statsFigure: { figure: 'findings' },
    termChangeSchedule: { id: termChange.id },
  };
  const read: Record<Target, () => Promise<unknown>> = {
    none: everything,
    project: projectState,
    approvalTask: row(TaskEntity, { id: approvalTask.id }),
    campaignTask: row(TaskEntity, { id: campaignTask.id }),
    auditorTask: row(TaskEntity, { id: auditorTask.id }),
    siblingTask: row(TaskEntity, { id: siblingTask.id }),
    projectDeadline: row(DeadlineEntity, { ref: projectRef }),
    campaignDeadline: row(DeadlineEntity, { ref: campaignRef }),
    projectWorkflow: projectState,
    ownUnit: async () => [await row(ProjectEntity, { id: projectId })(), await everything()],
    item: async () => [await row(RectificationItemEntity, { id: itemId })(), await count('evidence')(), await count('evidence_file')()],
    itemFile: row(EvidenceFileEntity, { id: fileId }),
    evaluation: async () => [await row(EvaluationEntity, { id: evaluationId })(), await count('score')()],
    ownerNotice: row(NoticeEntity, { id: notice.id }),
    campaign: async () => [await row(CampaignEntity, { id: campaignId })(), await row(CampaignTargetEntity, { campaignId })()],
    campaignReport: row(CampaignTargetEntity, { campaignId }),
    year: everything,
    person: async () => [await ds.query(`SELECT * FROM person WHERE id = $1`, [subject.id]), await ds.query(`SELECT * FROM role_assignment WHERE person_id = $1`, [subject.id])],
    role: row(RoleAssignmentEntity, { id: spareRole.id }),
    statsFigure: everything,
    termChangeSchedule: row(TermChangeScheduleEntity, { id: termChange.id }),
  };

  const policy = ok(await api.as(adminToken).get('/policies/2026'));
  const bodies: Record<string, Body> = {
    'POST /org-units': { name: `矩阵单位-${tag}`, kind: 'branch', parentId: units.general },
    'POST /people': { name: '矩阵新人', email: `new.${tag}@api.tandem`, password: 'pass-new-123456' },
    'POST /role-assignments': { personId: spare.id, role: 'member', orgUnitId: units.otherBranch },
    'POST /org-units/:id/rename': { name: `矩阵改名-${tag}` },
    'POST /org-units/:id/move': { parentId: units.general },
    // The spare holds no post in the branch: an allowed caller is told so (409) instead of moving anyone's work.
    'POST /org-units/:id/term-change': { role: 'member', fromPersonId: spare.id, toPersonId: people.wang.id, effectiveOn: '2026-01-01' },
    'POST /org-units/:id/term-change-schedules': { role: 'member', fromPersonId: spare.id, toPersonId: people.wang.id, effectiveAt: '2099-01-01T00:00:00+08:00' },
    'PUT /people/:id': { name: '被管理人', email: `subject.renamed.${tag}@api.tandem` },
    // Refused for allowed callers too (a wrong current password: 400), so nobody's sessions end half-way through.
    'POST /me/password': { currentPassword: 'not-the-password', newPassword: 'Matrix-2026-new' },
    'POST /people/:id/password-reset': { temporaryPassword: 'Linshi-2026-matrix' },
    'PUT /policies/:year': policy,
    'PUT /calendar/overrides': { overrides: [] },
    'POST /projects': draftBody(units.branch, { title: `矩阵草稿-${tag}` }),
    'PUT /projects/:id': draftBody(units.branch, { title: `矩阵改稿-${tag}` }),
    'POST /projects/:id/withdraw': { comment: '撤回' },
    'POST /projects/:id/resubmit': { title: '新标题' },
    'POST /projects/:id/reports': { quarter: 1, content: '第一季度' },
    'POST /projects/:id/findings': { description: '记录不全', severity: 'general', measures: '补齐', partyOwnerId: people.chen.id, businessOwnerId: people.zhang.id },
    'POST /projects/:id/self-assessment': { summary: '自评' },
    'POST /tasks/:id/decision': { decision: 'approve' },
    'POST /tasks/:id/delegate': { toId: people.wang.id },
    'POST /tasks/:id/add-approver': { personId: people.wang.id, position: 'after' },
    'POST /tasks/:id/meeting': { meeting: { heldOn: '2026-03-05', attendeeIds: [people.wang.id], votesFor: 1, votesAgainst: 0, abstentions: 0, minutesRef: '党委会纪要〔2026〕5号' } },
    'POST /deadlines/:ref/extension': { until: '2099-12-31T17:30:00+08:00', reason: '需要更多时间' },
    'POST /rectifications/:id/evidence': { text: '补充材料' },
    'POST /evaluations/:id/scores': { politicalExecution: 20, organisationalDelivery: 20, fortressRole: 20, responsibility: 20, comment: '好' },
    // Selects no unit: an allowed issuer is told so (400) instead of starting a campaign.
    'POST /campaigns': { title: '矩阵', instructions: '矩阵', targets: { category: `无此类-${tag}` }, dueRule: { kind: 'working_days_after', days: 10, at: '17:30' } },
    'POST /campaigns/:id/reports': { unitId: units.branch, text: '述职报告' },
    'POST /campaigns/:id/reports/:unitId/rating': { rating: 'good' },
    'POST /audit/replay': { workflowId },
  };
  return { org, tokens, params, read, bodies };
}
