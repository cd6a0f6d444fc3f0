import {
  approvalWorkflowId,
  deadlineWorkflowId,
  DomainError,
  domainErrorCodes,
  evaluationWorkflowId,
  isDomainErrorCode,
  launchRef,
  noticeKey,
  projectWorkflowId,
  rectificationDueRef,
  rectificationWorkflowId,
  reportRef,
  reviewRef,
  scoringRef,
  selfAssessmentRef,
  verificationRef,
} from '../../libs/domain/index.js';

const project = '7f3c';

describe('workflow ids', () => {
  it.each<[string, string, string]>([
    [projectWorkflowId.name, projectWorkflowId(project), 'project-7f3c'],
    [approvalWorkflowId.name, approvalWorkflowId(launchRef(project, 1)), 'approval-launch-7f3c-r1'],
    [deadlineWorkflowId.name, deadlineWorkflowId(reportRef(project, 2)), 'deadline-report-7f3c-q2'],
    [rectificationWorkflowId.name, rectificationWorkflowId('item9'), 'rectification-item9'],
    [evaluationWorkflowId.name, evaluationWorkflowId(project), 'evaluation-7f3c'],
    [reviewRef.name, reviewRef(project, 3, 2), 'review-7f3c-q3-r2'],
    [rectificationDueRef.name, rectificationDueRef('item9', 2), 'rectification-item9-r2'],
    [verificationRef.name, verificationRef('item9', 1), 'verify-item9-r1'],
    [selfAssessmentRef.name, selfAssessmentRef(project), 'self-assessment-7f3c'],
    [scoringRef.name, scoringRef(project), 'scoring-7f3c'],
  ])('%s names the execution after the business object, never at random', (_, id, expected) => {
    expect(id).toBe(expected);
  });

  it('gives every resubmission round and quarter its own execution, so each keeps its own history', () => {
    const ids = [launchRef(project, 1), launchRef(project, 2), reportRef(project, 1), reportRef(project, 2), reviewRef(project, 1, 1), reviewRef(project, 1, 2)];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it(`${noticeKey.name} makes one key per workflow, step and recipient`, () => {
    expect(noticeKey('deadline-report-7f3c-q1', 'reminder:0', 'p1')).toBe('deadline-report-7f3c-q1/reminder:0/p1');
    expect(noticeKey('w', 'reminder:0', 'p1')).not.toBe(noticeKey('w', 'reminder:0', 'p2'));
  });
});

describe(DomainError.name, () => {
  it('carries its code and message and is an Error', () => {
    const error = new DomainError('NOT_ASSIGNEE', 'it is not your turn');
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.code, error.message]).toEqual(['DomainError', 'NOT_ASSIGNEE', 'it is not your turn']);
  });

  it(`${isDomainErrorCode.name} recognises every code and nothing else, so an unknown failure type never maps to a 409`, () => {
    expect(domainErrorCodes.every(isDomainErrorCode)).toBe(true);
    expect([undefined, null, 42, '', 'not_assignee', 'ApplicationFailure', 'Error'].some(isDomainErrorCode)).toBe(false);
  });
});
