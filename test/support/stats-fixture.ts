import { randomUUID } from 'node:crypto';
import {
  CampaignEntity,
  CampaignTargetEntity,
  DeadlineEntity,
  EvaluationEntity,
  FindingEntity,
  ProjectEntity,
  RectificationItemEntity,
} from '../../libs/db/entities/index.js';
import type { ProjectKind, ProjectStatus } from '../../libs/domain/index.js';
import { draftBody, ok, type ApiHarness, type ApiOrg } from './api.js';

export interface StatsYear {
  /** Projects P1..P7 by their names in the hand count. */
  p: Record<string, string>;
  /** Items I1..I5 and I7. */
  items: Record<string, string>;
  /** The campaign whose title reads as a formula. */
  campaignA: string;
}

/**
 * A year counted by hand (test/e2e/stats.spec.ts states each figure). The projects' drafts go through the API; the year
 * itself (stages, report deadlines, findings and items, results, campaigns) is written straight into the tables the
 * workflows write, because driving four quarters and a year end through the workflows would take minutes and the
 * figures only read those rows. Dates are in `year`, which must be past; "not yet due" is in 2099.
 */
export async function seedStatsYear(api: ApiHarness, org: ApiOrg, year: number): Promise<StatsYear> {
  const past = (md: string) => new Date(`${year}-${md}T09:30:00Z`);
  const future = new Date('2099-06-30T09:30:00Z');
  const p: Record<string, string> = {};
  const items: Record<string, string> = {};
  const { units, people } = org;
  const { ds } = api;
  const project = async (key: string, unit: string, kind: ProjectKind, status: ProjectStatus, y = year) => {
    const owner = unit === units.branch ? people.chen.token : people.zhou.token;
    p[key] = ok(await api.as(owner).post('/projects', draftBody(unit, { title: `统计-${key}`, kind, year: y }))).id;
    await ds.getRepository(ProjectEntity).update(p[key], { status });
  };
  // Branch B (一车间): P1..P4; the other branch O (市场部): P5, P6; P7 is another year's.
  await project('P1', units.branch, 'vanguard_post', 'active');
  await project('P2', units.branch, 'vanguard_post', 'closed');
  await project('P3', units.branch, 'secretary_project', 'evaluating');
  await project('P4', units.branch, 'service_team', 'draft');
  await project('P5', units.otherBranch, 'vanguard_post', 'closed');
  await project('P6', units.otherBranch, 'breakthrough', 'rejected');
  await project('P7', units.branch, 'vanguard_post', 'active', year - 1);

  const deadline = (projectId: string, q: number, status: DeadlineEntity['status'], dueAt: Date) =>
    ds.getRepository(DeadlineEntity).save({ ref: `report-${projectId}-q${q}`, projectId, campaignId: null, kind: 'report', title: `第${q}季度`, dueAt, rule: null, guessed: null, status, submittedAt: status === 'met' || status === 'late' ? dueAt : null, updatedAt: new Date() } as Partial<DeadlineEntity>);
  await deadline(p.P1, 1, 'met', past('04-08'));
  await deadline(p.P1, 2, 'late', past('07-08'));
  await deadline(p.P1, 3, 'overdue', past('10-14'));
  await deadline(p.P1, 4, 'open', future);
  await deadline(p.P2, 1, 'met', past('04-08'));
  await deadline(p.P2, 2, 'met', past('07-08'));
  await deadline(p.P2, 3, 'open', past('10-14')); // past due, its workflow not yet told: missing all the same
  await deadline(p.P2, 4, 'met', past('12-20'));
  await deadline(p.P5, 1, 'late', past('04-08'));
  await deadline(p.P7, 1, 'overdue', new Date(`${year - 1}-04-08T09:30:00Z`));

  const finding = async (projectId: string, severity: FindingEntity['severity'], raisedAt: Date) => {
    const id = randomUUID();
    await ds.getRepository(FindingEntity).save({ id, projectId, raisedBy: people.li.id, description: `问题-${severity}`, severity, source: 'review', raisedAt } as Partial<FindingEntity>);
    return id;
  };
  const item = async (key: string, findingId: string, projectId: string, fields: Partial<RectificationItemEntity>) => {
    items[key] = randomUUID();
    await ds.getRepository(RectificationItemEntity).save({
      id: items[key], findingId, projectId, measures: `措施-${key}`, partyOwnerId: people.chen.id, businessOwnerId: people.zhang.id, status: 'open', round: 1,
      dueAt: future, firstDueAt: future, closedAt: null, closedOnTime: null, accountableAt: null, updatedAt: new Date(), ...fields,
    } as Partial<RectificationItemEntity>);
  };
  const f1 = await finding(p.P1, 'general', past('03-01'));
  await item('I1', f1, p.P1, { status: 'closed', closedAt: past('03-11'), closedOnTime: true });
  await item('I2', f1, p.P1, { status: 'open', dueAt: past('06-30'), accountableAt: past('07-01') });
  const f2 = await finding(p.P2, 'serious', past('04-01'));
  await item('I3', f2, p.P2, { status: 'closed', closedAt: past('04-21'), closedOnTime: false, businessOwnerId: people.chen.id, accountableAt: past('04-16') });
  await item('I4', f2, p.P2, { status: 'verifying' });
  const f3 = await finding(p.P5, 'major', past('05-01'));
  await item('I5', f3, p.P5, { status: 'open', partyOwnerId: people.zhou.id, businessOwnerId: people.li.id, accountableAt: past('09-01') });
  await finding(p.P1, 'general', past('08-01')); // no items yet
  const f7 = await finding(p.P7, 'major', new Date(`${year - 1}-05-01T00:00:00Z`));
  await item('I7', f7, p.P7, { accountableAt: new Date(`${year - 1}-09-01T00:00:00Z`) });

  const evaluation = (projectId: string, status: EvaluationEntity['status'], grade: EvaluationEntity['grade'], publishedAt: Date | null) =>
    ds.getRepository(EvaluationEntity).save({ id: randomUUID(), projectId, year, status, grade, publishedAt, createdAt: past('12-01') } as Partial<EvaluationEntity>);
  await evaluation(p.P2, 'done', 'excellent', past('12-28'));
  await evaluation(p.P3, 'scoring', 'good', null); // a grade not yet signed off (审定发布) is no result
  await evaluation(p.P5, 'done', 'pass', past('12-28'));

  const campaign = async (title: string, dueAt: Date, dutyReportYear: number | null, targets: [string, CampaignTargetEntity['status']][]) => {
    const id = randomUUID();
    await ds.getRepository(CampaignEntity).save({
      id, workflowId: null, templateId: null, title, instructions: '按模板报送', targets: { kinds: ['branch'] }, dueRule: null, remindOn: null,
      ladder: { remindBefore: [], escalate: [] }, dueAt, rule: null, closesAt: null, recurrence: null, scheduleId: null, dutyReportYear, status: 'open', createdBy: people.wang.id, closedAt: null,
    } as Partial<CampaignEntity>);
    for (const [unitId, status] of targets)
      await ds.getRepository(CampaignTargetEntity).save({ campaignId: id, unitId, unitName: '单位', secretaryIds: [], deadlineRef: `campaign-${id}-${unitId}`, status, submittedAt: status === 'submitted' ? dueAt : null } as Partial<CampaignTargetEntity>);
    return id;
  };
  // A title that reads as a formula: the export must keep it text.
  const campaignA = await campaign('=HYPERLINK("http://x","年中报送")', past('06-30'), null, [[units.branch, 'submitted'], [units.otherBranch, 'missing']]);
  await campaign('述职述责', new Date(`${year + 1}-01-15T09:30:00Z`), year, [[units.branch, 'open']]);
  await campaign('上年报送', new Date(`${year - 1}-06-30T09:30:00Z`), null, [[units.branch, 'missing']]);
  return { p, items, campaignA };
}
