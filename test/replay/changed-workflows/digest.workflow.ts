import { proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import { beijingDateOf, digestKey, type NoticeRequest } from '../../../libs/domain/index.js';
import { digests, notify } from '../../../workflows/activity-proxies.js';
import type { DailyDigestResult } from '../../../workflows/digest.workflow.js';

/**
 * The edits a change to workflows/digest.workflow.ts could make. The test replays one stored history under a
 * workflow id naming the edit, so one bundle serves every case.
 */
export type DigestEdit = 'renamed-activity' | 'timer-first' | 'skipped-plan' | 'extra-activity' | 'throws';

const mail = proxyActivities<{ sendDigest(request: NoticeRequest): Promise<void> }>({ startToCloseTimeout: '1m' });

export async function dailyDigest(): Promise<DailyDigestResult> {
  const { workflowId, startTime } = workflowInfo();
  const edit = workflowId as DigestEdit;
  if (edit === 'throws') throw new TypeError('digest plans have no digests any more');
  if (edit === 'timer-first') await sleep('1 minute');
  const date = beijingDateOf(startTime.getTime());
  const plan = edit === 'skipped-plan' ? { digests: [] } : await digests.digestPlan({ date, at: startTime.toISOString() });
  for (const { personId, items } of plan.digests) {
    const request: NoticeRequest = { key: digestKey(date, personId), recipientId: personId, kind: 'digest', projectId: null, data: { items: JSON.stringify(items) } };
    if (edit === 'renamed-activity') await mail.sendDigest(request);
    else await notify(request);
  }
  if (edit === 'extra-activity') await digests.digestPlan({ date, at: startTime.toISOString() });
  return { date, mailed: plan.digests.length };
}
