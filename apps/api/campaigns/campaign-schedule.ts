import { MONTHS, ScheduleOverlapPolicy, type ScheduleOptions } from '@temporalio/client';
import { campaignScheduleId, campaignWorkflowId, durationMs, recurrenceCalendars, type CampaignRecurrence } from '../../../libs/domain/index.js';
import type { ReportingCampaignInput } from '../../../workflows/campaign.messages.js';

/**
 * The Temporal Schedule of a recurring campaign. Each action starts `reportingCampaign` under the template's id, to
 * which Temporal appends the nominal time, so every run is its own campaign. The catch-up window is the request's
 * (the server's default is a year); overlapping runs are all allowed, because last quarter's stragglers must neither
 * block nor skip this quarter's campaign.
 */
export function campaignScheduleOptions(templateId: string, recurrence: CampaignRecurrence, input: ReportingCampaignInput, taskQueue: string): ScheduleOptions {
  const { months, dayOfMonth, hour } = recurrenceCalendars[recurrence.every];
  return {
    scheduleId: campaignScheduleId(templateId),
    spec: {
      calendars: [{ month: months.map((m) => MONTHS[m - 1]), dayOfMonth, hour, minute: 0, comment: `${recurrence.every} reporting campaign` }],
      timezone: 'Asia/Shanghai',
    },
    action: { type: 'startWorkflow', workflowType: 'reportingCampaign', taskQueue, workflowId: campaignWorkflowId(templateId), args: [input] },
    policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: durationMs(recurrence.catchupWindow), pauseOnFailure: false },
    state: { note: `reporting campaign ${templateId}` },
  };
}
