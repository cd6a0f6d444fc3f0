/**
 * Workflow ids are business ids, never random: starting the same thing twice finds the running execution
 * instead of creating a second one, and an operator can find a project's executions by name.
 */
export const projectWorkflowId = (projectId: string): string => `project-${projectId}`;

export const approvalWorkflowId = (ref: string): string => `approval-${ref}`;

export const deadlineWorkflowId = (ref: string): string => `deadline-${ref}`;

export const rectificationWorkflowId = (itemId: string): string => `rectification-${itemId}`;

export const evaluationWorkflowId = (projectId: string): string => `evaluation-${projectId}`;

/** The archiving of a closed year's histories, started as the year closes and left running when it has. */
export const archiveWorkflowId = (projectId: string): string => `archive-${projectId}`;

/** One lockout of one account (failed logins): its end names it, so each lockout alerts once. */
export const loginLockoutWorkflowId = (personId: string, lockedUntil: string): string => `login-lockout-${personId}-${lockedUntil}`;

/**
 * A reporting campaign. A recurring campaign's schedule starts its runs from the template's id; Temporal appends each
 * run's nominal time ("campaign-<templateId>-2027-01-01T01:00:00Z"), and the run's own campaign id is derived from that.
 */
export const campaignWorkflowId = (campaignId: string): string => `campaign-${campaignId}`;

/** One 换届 scheduled ahead (its row in term_change_schedule): the durable timer that carries it out at its moment. */
export const termChangeWorkflowId = (scheduleId: string): string => `term-change-${scheduleId}`;
export const campaignScheduleId = (templateId: string): string => `campaign-schedule-${templateId}`;

/** Refs name one round of one piece of work, so a resubmission gets a fresh execution with its own history. */
export const launchRef = (projectId: string, round: number): string => `launch-${projectId}-r${round}`;
export const reportRef = (projectId: string, quarter: number): string => `report-${projectId}-q${quarter}`;
export const reviewRef = (projectId: string, quarter: number, round: number): string =>
  `review-${projectId}-q${quarter}-r${round}`;
export const rectificationDueRef = (itemId: string, round: number): string => `rectification-${itemId}-r${round}`;
export const verificationRef = (itemId: string, round: number): string => `verify-${itemId}-r${round}`;
/** One visit of one approval level: a level sent back to and reopened falls due afresh. */
export const levelDueRef = (chainRef: string, level: number, visit: number): string => `${chainRef}-level${level}-v${visit}`;
/** The nth extension (延期) asked for on one due date. */
export const extensionRef = (dueRef: string, n: number): string => `${dueRef}-ext${n}`;
/** The committee's sign-off that publishes a project's year-end result. */
export const publishRef = (projectId: string): string => `publish-${projectId}`;
export const selfAssessmentRef = (projectId: string): string => `self-assessment-${projectId}`;
export const scoringRef = (projectId: string): string => `scoring-${projectId}`;
/** One target unit's report in one campaign. */
export const campaignDueRef = (campaignId: string, unitId: string): string => `campaign-${campaignId}-${unitId}`;
