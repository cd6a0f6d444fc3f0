import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CampaignRequest, DeadlineLadder } from '../libs/domain/index.js';

/** The request as validated by the API, with its ladder settled and who issued it. */
export interface ReportingCampaignInput extends Omit<CampaignRequest, 'ladder' | 'recurrence'> {
  /** Chosen by the API for a campaign issued now; absent in a schedule's runs, each of which is named by its workflow id. */
  campaignId?: string;
  /** The recurring campaign a scheduled run is issued from (its due rule counts from the run's nominal time). */
  templateId?: string;
  ladder: DeadlineLadder;
  createdBy: string;
  /** Target units whose deadlines are started and secretaries told together; `campaignFanOutBatch` when absent. */
  batchSize?: number;
  /** What a run that continued as new hands on: the campaign as recorded and how far its fan-out has come. */
  resume?: CampaignResume;
}

export interface CampaignResume {
  campaignId: string;
  dueAt: string;
  rule: string | null;
  closesAt: string;
  targets: CampaignTargetState[];
  /** Targets (in order) whose deadlines are started and secretaries told. */
  issued: number;
  remindAt: string[] | null;
}

export interface CampaignTargetState {
  unitId: string;
  unitName: string;
  /** Who owes the report, as they were when the campaign was issued. */
  secretaryIds: string[];
  deadlineRef: string;
  submittedAt: string | null;
  submittedBy: string | null;
}

/** closed: its end date came with units still missing; they are marked missing and no report is taken any more. */
export type CampaignStatus = 'issuing' | 'open' | 'completed' | 'closed';

export interface CampaignState {
  /** null until the campaign is recorded. */
  campaignId: string | null;
  status: CampaignStatus;
  dueAt: string | null;
  rule: string | null;
  /** When the campaign closes with the units still missing marked missing; null until it is recorded. */
  closesAt?: string | null;
  targets: CampaignTargetState[];
}

export interface IssueCampaignInput {
  actorId: string;
}

export interface SubmitCampaignReportInput {
  actorId: string;
  unitId: string;
  text: string;
}

/** Sent with the start (update-with-start): answers once the campaign, its deadlines and tasks are recorded. */
export const issueCampaignUpdate = defineUpdate<CampaignState, [IssueCampaignInput]>('issueCampaign');
export const submitCampaignReportUpdate = defineUpdate<CampaignTargetState, [SubmitCampaignReportInput]>('submitCampaignReport');
export const campaignStateQuery = defineQuery<CampaignState>('campaignState');
