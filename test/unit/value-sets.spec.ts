import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import { refusalFromTemporal } from '../../apps/api/http/refusal.js';
import {
  approvalPolicyErrors,
  defaultApprovalPolicy,
  domainErrorCodes,
  levelDeciders,
  resubmitModes,
  selfApprovalPolicies,
  type ApprovalPolicy,
} from '../../libs/domain/index.js';

/**
 * Each set of allowed values is one `as const` array with its type derived from it, so a value added to the array
 * is in the type too (an exhaustive switch over it stops compiling until it is handled) and in every check below.
 */
describe('sets of allowed values', () => {
  it.each(domainErrorCodes)('answers a workflow refusal coded %s with a 4xx naming the code, never a 500', (code) => {
    const refusal = refusalFromTemporal(new WorkflowUpdateFailedError('update failed', ApplicationFailure.create({ type: code, message: 'no', nonRetryable: true })), 'p1');
    expect(refusal && [refusal.code, refusal.status >= 400 && refusal.status < 500]).toEqual([code, true]);
  });

  it('accepts in an approval policy every value its arrays list, and names the field of any other', () => {
    const with_ = (selfApproval: string, onResubmit: string, deciders: string): ApprovalPolicy =>
      ({
        ...defaultApprovalPolicy,
        rules: { ...defaultApprovalPolicy.rules, selfApproval },
        onResubmit,
        launch: [{ scope: 'owning_unit', mode: 'sequential', deciders }],
      }) as unknown as ApprovalPolicy;
    for (const selfApproval of selfApprovalPolicies)
      for (const onResubmit of resubmitModes)
        for (const deciders of levelDeciders) expect(approvalPolicyErrors(with_(selfApproval, onResubmit, deciders))).toEqual([]);
    expect(approvalPolicyErrors(with_('ignore', 'redo', 'everyone'))).toEqual([
      'approval.launch[0].deciders 不是可选的审批人员，可选：secretaries（书记）、members（全体委员）',
      'approval.rules.selfApproval 应为 escalate（本人的审批交上一级党组织）、skip（跳过这一级）',
      'approval.onResubmit 应为 restart（从第一级重新审批）、resume（从退回的那一级继续）',
    ]);
  });
});
