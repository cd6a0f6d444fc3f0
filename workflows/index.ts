/** The single entry the worker bundles: every workflow type Tandem runs. Names are frozen once shipped. */
export { approvalChain } from './approval-chain.workflow.js';
export { archiveSweep } from './archive-sweep.workflow.js';
export { archiveYear } from './archive-year.workflow.js';
export { reportingCampaign } from './campaign.workflow.js';
export { deadline } from './deadline.workflow.js';
export { dailyDigest } from './digest.workflow.js';
export { loginLockout } from './login-lockout.workflow.js';
export { noticeSweep } from './notice-sweep.workflow.js';
export { projectLifecycle } from './project-lifecycle.workflow.js';
export { rectification } from './rectification.workflow.js';
export { scheduledTermChange } from './term-change.workflow.js';
export { yearEndEvaluation } from './year-end-evaluation.workflow.js';
