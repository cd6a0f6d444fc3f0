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
import type { Actor, Target } from './access-model.js';
import { addPersonViaApi, createOrgViaApi, draftBody, ok, type ApiHarness, type ApiOrg } from './api.js';

type Params = Record<string, string>;
export type Body = Record<string, unknown>;

/** What the access matrix (test/e2e/access-matrix.spec.ts) asks every route with: a token per actor, the ids and bodies to send. */
export interface Fixture {
  org: ApiOrg;
  tokens: Record<Actor | 'anonymous' | 'forged' | 'expired', string | null>;
  params: Record<Target, Params>;
  /** Reads back the object a target names, to show a refused request changed nothing. */
  read: Record<Target, () => Promise<unknown>>;
  bodies: Record<string, Body>;
}

/**
 * The standard org plus the actors it lacks (auditors in each unit, a member of the general branch, a secretary of
 * the other subtree), one project of the branch and the objects that hang off it, written once.
 */
export async function buildFixture(api: ApiHarness): Promise<Fixture> {
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
