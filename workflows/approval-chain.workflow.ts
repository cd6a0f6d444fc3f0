import { allHandlersFinished, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import { approvalPurposeLabels, beijingDateOf, noticeKey } from '../libs/domain/index.js';
import { calendar, localCalendar, notify } from './activity-proxies.js';
import {
  addApproverUpdate,
  chainStateQuery,
  changeHolderUpdate,
  decideUpdate,
  delegateUpdate,
  handOverPlacesUpdate,
  nudgeUpdate,
  recordMeetingUpdate,
  withdrawSignal,
  type ApprovalChainInput,
  type ApprovalChainResult,
} from './approval-chain.messages.js';
import { ChainRun } from './approval-chain.state.js';
import { reportingTo } from './child-outcome.js';

/**
 * One chain of approval levels: the handlers hand each action to the chain's state (approval-chain.state.ts); this
 * loop mails what the actions announce, keeps each level's clock, applies a withdrawal, and tells the outcome.
 */
export async function approvalChain(input: ApprovalChainInput): Promise<ApprovalChainResult> {
  return reportingTo(input.reportTo, () => runChain(input));
}

async function runChain(input: ApprovalChainInput): Promise<ApprovalChainResult> {
  const workflowId = workflowInfo().workflowId;
  const chain = new ChainRun(input, workflowId);

  setHandler(chainStateQuery, () => chain.view());
  setHandler(decideUpdate, (request) => chain.decide(request), { validator: (request) => chain.validateDecide(request) });
  setHandler(recordMeetingUpdate, (request) => chain.recordMeeting(request), { validator: (request) => chain.validateRecordMeeting(request) });
  setHandler(withdrawSignal, (request) => chain.requestWithdrawal(request));
  setHandler(delegateUpdate, (request) => chain.delegate(request), { validator: (request) => chain.validateDelegate(request) });
  setHandler(addApproverUpdate, (request) => chain.addApprover(request), { validator: (request) => chain.validateAddApprover(request) });
  setHandler(nudgeUpdate, (request) => chain.nudge(request), { validator: (request) => chain.validateNudge(request) });
  setHandler(handOverPlacesUpdate, (request) => chain.handOverPlaces(request), { validator: (request) => chain.validateHandOverPlaces(request) });
  setHandler(changeHolderUpdate, (request) => chain.changeHolder(request), { validator: (request) => chain.validateChangeHolder(request) });

  /** Notices on their way while the loop goes on; all are done before the chain ends. */
  const mailing: Promise<void>[] = [];
  // Only level due dates counted in working days need the calendar.
  if (input.levelDeadline?.dueRule) chain.clock.workdays = await (chain.local ? localCalendar : calendar).workdaysAhead({ from: beijingDateOf(Date.now()), days: 400 });
  await chain.syncTasks();
  // Mail and clocks are handled here, not in update handlers, so a decision's HTTP answer never waits on them.
  for (;;) {
    await condition(
      () => chain.announcements.length > 0 || chain.clock.behind() || chain.clock.failure !== null || chain.withdrawalDue() !== null || (chain.state.status !== 'pending' && allHandlersFinished()),
    );
    if (chain.clock.failure !== null) throw chain.clock.failure;
    const request = chain.withdrawalDue();
    if (request) {
      chain.withdraw(request);
      await chain.syncTasks();
    }
    if (chain.clock.behind()) await chain.clock.move();
    if (chain.announcements.length > 0) {
      const notices = chain.announcements.splice(0);
      // Mailed beside the loop, so a decision stops its level's clock at once while a slow server still holds a notice.
      mailing.push(...notices.map((notice) => notify(notice)));
    } else if (chain.state.status !== 'pending' && !chain.clock.behind() && allHandlersFinished()) break;
  }
  await Promise.all(mailing);
  await Promise.all(chain.clock.running);
  if (chain.clock.failure !== null) throw chain.clock.failure;
  const { state } = chain;
  if (state.status === 'withdrawn') return { status: 'withdrawn', decisions: state.decisions };
  const last = state.decisions[state.decisions.length - 1];
  const outcome = { projectTitle: input.subject, subject: input.subject, purposeLabel: approvalPurposeLabels[input.purpose], outcome: state.status, comment: last?.comment ?? null };
  await notify({ key: noticeKey(workflowId, 'outcome', input.submitterId), recipientId: input.submitterId, kind: 'approval_outcome', projectId: input.projectId, data: outcome });
  for (const ccId of input.ccIds ?? []) {
    await notify({ key: noticeKey(workflowId, 'cc', ccId), recipientId: ccId, kind: 'approval_cc', projectId: input.projectId, data: outcome });
  }
  return { status: state.status as ApprovalChainResult['status'], decisions: state.decisions };
}
