import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { Client, ScheduleAlreadyRunning } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { Config } from '../../../libs/config/index.js';
import { CampaignEntity, CampaignTargetEntity } from '../../../libs/db/entities/index.js';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import { campaignTargetRows, type CampaignTargetRow } from '../../../libs/db/repositories/campaign.repository.js';
import { namedUuid } from '../../../libs/db/repositories/named-uuid.js';
import {
  campaignErrors,
  canRateReport,
  campaignRuleStart,
  campaignWorkflowId,
  canIssueCampaigns,
  defaultCampaignLadder,
  describeDueRule,
  selectTargets,
  type CampaignRecurrence,
  type DueRule,
} from '../../../libs/domain/index.js';
import { issueCampaignUpdate, submitCampaignReportUpdate, type CampaignTargetState, type ReportingCampaignInput } from '../../../workflows/campaign.messages.js';
import { AccessService, type Scope } from '../access/access.service.js';
import { CONFIG } from '../core/core.module.js';
import { conflict, forbidden, invalidField, notFound } from '../http/refusal.js';
import { personNames } from '../org/people.js';
import { WorkflowGateway } from '../temporal/workflow-gateway.service.js';
import { campaignScheduleOptions } from './campaign-schedule.js';
import type { CreateCampaignDto, RateCampaignReportDto, SubmitCampaignReportDto } from './dto/campaign.dto.js';
import { toCampaignDetailResponse, toCampaignResponse, type CampaignDetailResponse, type CampaignResponse } from './campaigns.mappers.js';

const notIssuer = 'only the committee (党委 secretaries and members) or an administrator can issue a reporting campaign';
const unseen = 'this campaign asks no unit within your organisation scope';

/**
 * Reporting campaigns: a one-off campaign is a `reportingCampaign` workflow, whose activities keep the records; a
 * recurring one is a template row and a Temporal Schedule that issues a campaign each quarter or year. A reader sees
 * the units they can see (the committee and auditors: all).
 */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly gateway: WorkflowGateway,
    private readonly client: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /**
   * The campaign's id is named by the creator and the request's Idempotency-Key: a retried request finds the campaign
   * the first one issued (or scheduled) instead of issuing a second.
   */
  async create(personId: string, dto: CreateCampaignDto, key: string): Promise<CampaignDetailResponse> {
    const scope = await this.access.scopeOf(personId);
    if (!canIssueCampaigns(scope.units, scope.grants)) throw forbidden(notIssuer);
    const errors = campaignErrors(dto, Date.now());
    if (errors.length > 0) throw new BadRequestException({ statusCode: 400, message: errors });
    this.assertTargets(scope, dto);
    const id = namedUuid(`campaign/${personId}/${key}`);
    if (await this.ds.getRepository(CampaignEntity).existsBy({ id })) return this.get(personId, id);
    const input: ReportingCampaignInput = {
      title: dto.title,
      instructions: dto.instructions,
      targets: dto.targets,
      ...(dto.dueRule !== undefined && { dueRule: dto.dueRule }),
      ...(dto.dueAt !== undefined && { dueAt: dto.dueAt }),
      ...(dto.remindOn !== undefined && { remindOn: dto.remindOn }),
      ...(dto.dutyReportYear !== undefined && { dutyReportYear: dto.dutyReportYear }),
      ...(dto.closeAfter !== undefined && { closeAfter: dto.closeAfter }),
      ladder: dto.ladder ?? defaultCampaignLadder,
      createdBy: personId,
    };
    if (dto.recurrence) await this.schedule(id, dto.recurrence, dto.dueRule as DueRule, { ...input, templateId: id });
    else {
      await this.gateway.updateWithStart(
        'reportingCampaign',
        { workflowId: campaignWorkflowId(id), taskQueue: this.config.temporal.taskQueue, args: [{ ...input, campaignId: id }] },
        issueCampaignUpdate,
        { actorId: personId },
        { updateId: key, projectId: null },
      );
    }
    return this.get(personId, id);
  }

  /** The units must exist now and lie within the issuer's scope; a scheduled run later takes the tree as it is then. */
  private assertTargets(scope: Scope, dto: CreateCampaignDto): void {
    const { subtreeId } = dto.targets;
    if (subtreeId !== undefined && !scope.units.has(subtreeId)) throw invalidField('targets.subtreeId: 所选的党组织不存在，请从组织树中选择');
    const selected = selectTargets(scope.units, dto.targets);
    if (selected.length === 0) throw invalidField('targets: 按所选的发布范围找不到任何党组织，请调整组织类型、组织类别或党组织范围');
    const outside = selected.filter((u) => !scope.canSee(u.id));
    if (outside.length > 0) throw forbidden(`targets include units outside your organisation scope: ${outside.map((u) => u.name).join('、')}`);
  }

  /** The template and its audit event commit only once the schedule exists; a retried request finds the schedule there. */
  private async schedule(id: string, recurrence: CampaignRecurrence, dueRule: DueRule, input: ReportingCampaignInput): Promise<void> {
    const options = campaignScheduleOptions(id, recurrence, input, this.config.temporal.taskQueue);
    await this.ds.transaction(async (m) => {
      await m.insert(CampaignEntity, {
        id,
        workflowId: null,
        templateId: null,
        title: input.title,
        instructions: input.instructions,
        targets: input.targets,
        dueRule,
        remindOn: input.remindOn ?? null,
        ladder: input.ladder,
        dueAt: null,
        rule: describeDueRule(dueRule, campaignRuleStart),
        recurrence,
        scheduleId: options.scheduleId,
        status: 'scheduled',
        createdBy: input.createdBy,
        closesAt: null,
        closedAt: null,
      });
      await appendAudit(m, {
        projectId: null,
        campaignId: id,
        actorId: input.createdBy,
        action: 'campaign_scheduled',
        entity: 'campaign',
        entityId: id,
        detail: { title: input.title, targets: input.targets, dueRule, recurrence, scheduleId: options.scheduleId },
      });
      try {
        await this.client.schedule.create(options);
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      }
    });
  }

  async list(personId: string): Promise<CampaignResponse[]> {
    const scope = await this.access.scopeOf(personId);
    const campaigns = await this.ds.getRepository(CampaignEntity).find({ order: { createdAt: 'DESC', id: 'ASC' } });
    const rows = await campaignTargetRows(this.ds.manager, campaigns.map((c) => c.id));
    const visible = campaigns.map((c) => ({ c, rows: this.visibleRows(scope, c, rows) })).filter(({ rows: seen }) => seen !== null);
    const people = await personNames(this.ds.manager, visible.map(({ c }) => c.createdBy));
    return visible.map(({ c, rows: seen }) => toCampaignResponse(c, seen as CampaignTargetRow[], people));
  }

  async get(personId: string, id: string): Promise<CampaignDetailResponse> {
    const campaign = await this.ds.getRepository(CampaignEntity).findOneBy({ id });
    if (!campaign) throw notFound('campaign');
    const rows = this.visibleRows(await this.access.scopeOf(personId), campaign, await campaignTargetRows(this.ds.manager, [id]));
    if (rows === null) throw forbidden(unseen);
    const runs = campaign.status === 'scheduled' ? await this.ds.getRepository(CampaignEntity).find({ where: { templateId: id }, order: { createdAt: 'DESC', id: 'ASC' } }) : [];
    const people = await personNames(this.ds.manager, [campaign.createdBy, ...rows.flatMap((r) => [r.submittedBy, r.ratedBy])]);
    return toCampaignDetailResponse(campaign, rows, runs, people);
  }

  /**
   * The campaign's units this reader can see, or null when the campaign is none of their business: neither theirs, nor
   * asking a unit they can see, nor (a template, which asks nobody yet) something the committee and auditors oversee.
   */
  private visibleRows(scope: Scope, campaign: CampaignEntity, rows: CampaignTargetRow[]): CampaignTargetRow[] | null {
    const seen = rows.filter((r) => r.campaignId === campaign.id && scope.canSee(r.unitId));
    const oversees = canIssueCampaigns(scope.units, scope.grants) || scope.grants.some((g) => g.role === 'auditor' && g.unitId === null);
    if (seen.length > 0 || campaign.createdBy === scope.personId || (campaign.status === 'scheduled' && oversees)) return seen;
    return null;
  }

  /** A unit's report, sent to the campaign's workflow, whose validator decides who may report and whether it is too late to. */
  async submitReport(personId: string, id: string, dto: SubmitCampaignReportDto, updateId: string): Promise<CampaignDetailResponse> {
    const campaign = await this.ds.getRepository(CampaignEntity).findOneBy({ id });
    if (!campaign) throw notFound('campaign');
    // Scope first: someone who may not report for the unit learns nothing of the campaign's state.
    const scope = await this.access.scopeOf(personId);
    if (this.visibleRows(scope, campaign, await campaignTargetRows(this.ds.manager, [id])) === null) throw forbidden(unseen);
    this.access.assertAllowed(scope, dto.unitId, 'write');
    if (!campaign.workflowId) throw conflict('a recurring campaign is reported through its runs (GET /campaigns/:id lists them)');
    if (campaign.status === 'closed') throw conflict(`the campaign closed at ${campaign.closedAt?.toISOString()}; reports are no longer taken`);
    const target = (await campaignTargetRows(this.ds.manager, [id])).find((r) => r.unitId === dto.unitId);
    if (!target) throw invalidField('unitId: 该党组织不在这项工作的报送范围内');
    if (target.submittedAt !== null) {
      // A retry of a report whose answer was lost gets that answer again, not a refusal.
      const earlier = await this.gateway.earlierResult<CampaignTargetState>(campaign.workflowId, { updateId, projectId: null });
      if (!earlier) throw conflict(`the report of ${target.unitName} has already been submitted`);
    } else {
      await this.gateway.update(campaign.workflowId, submitCampaignReportUpdate, { actorId: personId, unitId: dto.unitId, text: dto.text }, { updateId, projectId: null });
    }
    return this.get(personId, id);
  }

  /** The committee rates a unit's report once it is in, once; the rating and who gave it are audited in the campaign's chain. */
  async rateReport(personId: string, id: string, unitId: string, dto: RateCampaignReportDto): Promise<CampaignDetailResponse> {
    const scope = await this.access.scopeOf(personId);
    if (!canRateReport(scope.units, scope.grants, unitId)) throw forbidden("only the committee above the unit (党委 secretaries and members) rates its report, and never the unit's own secretary");
    await this.ds.transaction(async (m) => {
      const target = await m.getRepository(CampaignTargetEntity).findOne({ where: { campaignId: id, unitId }, lock: { mode: 'pessimistic_write' } });
      if (!target) throw notFound('campaign report');
      if (target.submittedAt === null) throw conflict(`${target.unitName} has not reported yet`);
      if (target.rating !== null) throw conflict(`the report of ${target.unitName} has already been rated`);
      const comment = dto.comment?.trim() || null;
      await m.update(CampaignTargetEntity, { campaignId: id, unitId }, { rating: dto.rating, ratingComment: comment, ratedBy: personId, ratedAt: new Date() });
      await appendAudit(m, { projectId: null, campaignId: id, actorId: personId, action: 'campaign_report_rated', entity: 'campaign_target', entityId: unitId, detail: { rating: dto.rating, comment } });
    });
    return this.get(personId, id);
  }
}
