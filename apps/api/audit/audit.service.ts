import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource, In } from 'typeorm';
import { exportedToJson, exportProjectWorkflows, exportWorkflow, startInputOfWorkflow, type ExportedWorkflow } from '../../../libs/audit/history-export.js';
import { historySteps, policyVersionOf } from '../../../libs/audit/history-steps.js';
import type { ReplayItem, ReplayVerdict } from '../../../libs/audit/replay.js';
import { replayItemsOf, replayItemsOfExport } from '../../../libs/audit/replay-items.js';
import { buildTimeline, type Timeline } from '../../../libs/audit/timeline.js';
import { actionLabel, type Lang } from '../../../libs/audit/timeline-labels.js';
import { verifyChains, type ChainVerification } from '../../../libs/audit/verify-chains.js';
import type { Config } from '../../../libs/config/index.js';
import { AuditEventEntity, ProjectEntity } from '../../../libs/db/entities/index.js';
import { projectWorkflowId } from '../../../libs/domain/index.js';
import { AccessService } from '../access/access.service.js';
import { CONFIG } from '../core/core.module.js';
import { forbidden, invalidField, notFound } from '../http/refusal.js';
import { personNames } from '../org/people.js';
import { renderDossier } from './dossier.js';
import { loadDossierData } from './dossier-data.js';
import { loadProjectRecords } from './project-records.js';

/** What the row at a chain's first broken link says now, so the reader sees which record stopped proving itself. */
export interface BrokenRecord {
  seq: string;
  at: Date;
  action: string;
  /** The action in the words the timeline uses. */
  label: string;
  entity: string;
  entityId: string | null;
  actorId: string | null;
  actorName: string | null;
  detail: Record<string, unknown>;
}

export interface ReportedChain extends ChainVerification {
  projectTitle: string | null;
  brokenRecord?: BrokenRecord;
}

export interface ChainReport {
  ok: boolean;
  checkedAt: string;
  chains: ReportedChain[];
}

export interface ProjectTimeline extends Timeline {
  projectId: string;
  title: string;
  year: number;
  timeZone: 'Asia/Shanghai';
  policyVersion: string | null;
  /** How many workflow executions (and runs) the timeline was read from. */
  workflows: number;
  runs: number;
}

/** Replays at once per API process: each runs workflow code on the API's cores, and a diverging one replays again to find the event. */
const maxConcurrentReplays = 2;

/**
 * The auditors' view (纪检, 审计): the audit chains checked, a project's Temporal histories exported, and its timeline
 * read from those histories and checked against the records. Everything here reads; nothing changes. A run the server
 * no longer holds (past the namespace's retention) is read from the archive its year's close wrote.
 */
@Injectable()
export class AuditService {
  private replaysRunning = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly client: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /**
   * Organisation-wide auditors and admins check every chain; anyone else the chains of the projects they can see.
   * `projectId` narrows it to one project's chain.
   */
  async verify(personId: string, projectId?: string): Promise<ChainReport> {
    let chainKeys: string[] | undefined;
    if (projectId) {
      await this.access.projectOrFail(personId, projectId, 'read');
      chainKeys = [projectId];
    } else {
      const scope = await this.access.scopeOf(personId);
      if (!scope.wholeOrganisation) {
        const units = scope.visibleUnitIds();
        const projects = units.length ? await this.ds.getRepository(ProjectEntity).find({ where: { orgUnitId: In(units) }, select: { id: true } }) : [];
        chainKeys = projects.map((p) => p.id);
      }
    }
    const chains = chainKeys?.length === 0 ? [] : await verifyChains(this.ds.manager, chainKeys ? { chainKeys } : {});
    return { ok: chains.every((c) => c.ok), checkedAt: new Date().toISOString(), chains: await this.described(chains) };
  }

  /** Each chain with its project's title, and a broken one with the row its first broken link stops at. */
  private async described(chains: ChainVerification[]): Promise<ReportedChain[]> {
    const projectIds = chains.flatMap((c) => c.projectId ?? []);
    const projects = projectIds.length ? await this.ds.getRepository(ProjectEntity).find({ where: { id: In(projectIds) }, select: { id: true, title: true } }) : [];
    const titles = new Map(projects.map((p) => [p.id, p.title]));
    const brokenSeqs = chains.flatMap((c) => c.firstBroken?.seq ?? []);
    const rows = brokenSeqs.length ? await this.ds.getRepository(AuditEventEntity).findBy({ seq: In(brokenSeqs) }) : [];
    const names = await personNames(this.ds.manager, rows.map((r) => r.actorId));
    const records = new Map(
      rows.map((r) => [r.seq, { seq: r.seq, at: r.at, action: r.action, label: actionLabel(r.action, 'zh'), entity: r.entity, entityId: r.entityId, actorId: r.actorId, actorName: r.actorId ? (names.get(r.actorId) ?? null) : null, detail: r.detail }]),
    );
    return chains.map((c) => {
      const brokenRecord = c.firstBroken?.seq ? records.get(c.firstBroken.seq) : undefined;
      return { ...c, projectTitle: c.projectId ? (titles.get(c.projectId) ?? null) : null, ...(brokenRecord ? { brokenRecord } : {}) };
    });
  }

  /** One workflow's full history, every run of it; readable by whoever may read the project it belongs to. */
  async workflowHistory(personId: string, workflowId: string) {
    const workflow = await this.readableWorkflow(personId, workflowId);
    return exportedToJson(workflow);
  }

  async projectHistories(personId: string, projectId: string) {
    await this.access.projectOrFail(personId, projectId, 'read');
    const workflows = await this.projectWorkflows(projectId);
    return { projectId, workflows: workflows.map(exportedToJson) };
  }

  async timeline(personId: string, projectId: string, lang: Lang): Promise<ProjectTimeline> {
    const project = await this.access.projectOrFail(personId, projectId, 'read');
    const workflows = await this.projectWorkflows(projectId);
    const steps = historySteps(workflows);
    const records = await loadProjectRecords(this.ds.manager, projectId, steps);
    const policyVersion = policyVersionOf(workflows, projectWorkflowId(projectId)) ?? project.policyVersion;
    return {
      projectId,
      title: project.title,
      year: project.year,
      timeZone: 'Asia/Shanghai',
      policyVersion,
      workflows: workflows.length,
      runs: workflows.reduce((n, w) => n + w.runs.length, 0),
      ...buildTimeline(steps, records, { policyVersion, lang }),
    };
  }

  /** The printable dossier: the timeline, the chain's verification, decisions, the year-end result, evidence with hashes. */
  async dossier(personId: string, projectId: string, lang: Lang): Promise<string> {
    const timeline = await this.timeline(personId, projectId, lang);
    // A named chain is always reported, if only as missing.
    const [chain] = await verifyChains(this.ds.manager, { chainKeys: [projectId] });
    return renderDossier(await loadDossierData(this.ds.manager, timeline, chain), lang);
  }

  /**
   * Replays a workflow's runs (by id), every workflow of a project, or an uploaded history against the code this
   * process runs. Reading a project's workflow needs read access to the project; an upload belongs to no project, so only organisation-wide auditors
   * and admins may send one. Replay changes nothing, so auditors may use it.
   */
  async replay(personId: string, source: { workflowId?: string; projectId?: string; upload?: { name: string; bytes: Buffer } }): Promise<ReplayVerdict[]> {
    const { workflowId, projectId, upload } = source;
    if ([workflowId, projectId, upload].filter(Boolean).length !== 1) throw invalidField('请在流程编号（workflowId）、项目（projectId）和流程历史文件（history）中选择一项，只能提供一项');
    let items: ReplayItem[];
    if (workflowId) items = replayItemsOfExport(await this.readableWorkflow(personId, workflowId));
    else if (projectId) {
      await this.access.projectOrFail(personId, projectId, 'read');
      items = (await this.projectWorkflows(projectId)).flatMap(replayItemsOfExport);
    } else {
      if (!(await this.access.scopeOf(personId)).wholeOrganisation) throw forbidden('only organisation-wide auditors and admins replay uploaded histories');
      const { name, bytes } = upload as { name: string; bytes: Buffer };
      try {
        items = replayItemsOf(JSON.parse(bytes.toString('utf8')), name);
      } catch (error) {
        throw invalidField(`history: 文件「${name}」不是流程历史，请上传从 Tandem 导出的流程历史 JSON 文件（${(error as Error).message}）`);
      }
    }
    if (this.replaysRunning >= maxConcurrentReplays) throw new ServiceUnavailableException(`${maxConcurrentReplays} replays are running; try again in a minute`);
    this.replaysRunning++;
    try {
      // Loaded on first use: the replayer brings the worker runtime and the bundler, which the API needs for nothing else.
      const { replayBundle, replayHistories } = await import('../../../libs/audit/replay.js');
      const bundle = await replayBundle(this.config.workflowBundlePath);
      const verdicts: ReplayVerdict[] = [];
      for await (const verdict of replayHistories(items, { bundle })) verdicts.push(verdict);
      return verdicts;
    } finally {
      this.replaysRunning--;
    }
  }

  /**
   * The workflow, once the person may read its project (read from its first event before anything else is fetched);
   * work of no project (a campaign, the digest) only for organisation-wide auditors and admins.
   */
  private async readableWorkflow(personId: string, workflowId: string): Promise<ExportedWorkflow> {
    const { projectId } = await this.orNotFound(() => startInputOfWorkflow(this.client, workflowId, this.ds.manager));
    if (typeof projectId === 'string') await this.access.projectOrFail(personId, projectId, 'read');
    else if (!(await this.access.scopeOf(personId)).wholeOrganisation) {
      throw forbidden('only organisation-wide auditors and admins read the histories of work that belongs to no project');
    }
    return this.orNotFound(() => exportWorkflow(this.client, workflowId, this.ds.manager));
  }

  private async projectWorkflows(projectId: string): Promise<ExportedWorkflow[]> {
    try {
      return await exportProjectWorkflows(this.client, projectId, this.ds.manager);
    } catch (error) {
      // A draft never submitted has no workflow yet: its timeline is what the API recorded.
      if (error instanceof WorkflowNotFoundError) return [];
      throw error;
    }
  }

  private async orNotFound<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound('workflow');
      throw error;
    }
  }
}
