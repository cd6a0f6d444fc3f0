/**
 * Workflow ids are business ids, never random: starting the same thing twice finds the running execution
 * instead of creating a second one, and an operator can find a project's executions by name.
 */
export const projectWorkflowId = (projectId: string): string => `project-${projectId}`;

export const approvalWorkflowId = (ref: string): string => `approval-${ref}`;

export const deadlineWorkflowId = (ref: string): string => `deadline-${ref}`;

export const rectificationWorkflowId = (itemId: string): string => `rectification-${itemId}`;

export const evaluationWorkflowId = (projectId: string): string => `evaluation-${projectId}`;

/** Refs name one round of one piece of work, so a resubmission gets a fresh execution with its own history. */
export const launchRef = (projectId: string, round: number): string => `launch-${projectId}-r${round}`;
export const reportRef = (projectId: string, quarter: number): string => `report-${projectId}-q${quarter}`;
export const reviewRef = (projectId: string, quarter: number, round: number): string =>
  `review-${projectId}-q${quarter}-r${round}`;
export const rectificationDueRef = (itemId: string, round: number): string => `rectification-${itemId}-r${round}`;
export const verificationRef = (itemId: string, round: number): string => `verify-${itemId}-r${round}`;
/** One visit of one approval level: a level sent back to and reopened falls due afresh. */
export const levelDueRef = (chainRef: string, level: number, visit: number): string => `${chainRef}-level${level}-v${visit}`;
export const selfAssessmentRef = (projectId: string): string => `self-assessment-${projectId}`;
export const scoringRef = (projectId: string): string => `scoring-${projectId}`;
