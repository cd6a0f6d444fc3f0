import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { isDomainErrorCode, type DomainErrorCode } from '../../../libs/domain/index.js';

/**
 * Where a refusal came from. Temporal keeps no history of a rejected update, so every refusal a workflow gives is
 * audited by the error filter; the API's own refusals are audited when they deny a write (403, 409).
 */
export type RefusalSource = 'api' | 'workflow';

/**
 * A refusal the user can act on: 403 outside their scope, 404 unknown, 409 not allowed now, 400 a body id that
 * names nothing. It carries the project, when known, so the denied attempt lands in that project's audit chain.
 */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: DomainErrorCode,
    message: string,
    readonly projectId: string | null = null,
    readonly source: RefusalSource = 'api',
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

export function statusForCode(code: DomainErrorCode): number {
  switch (code) {
    case 'FORBIDDEN':
    case 'PASSWORD_CHANGE_REQUIRED':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'INVALID_INPUT':
    case 'INVALID_DATA':
      return 400;
    case 'WRONG_STAGE':
    case 'NOT_ASSIGNEE':
    case 'ALREADY_DECIDED':
    case 'DECISION_NOT_ALLOWED':
    case 'COMMENT_REQUIRED':
    case 'SELF_APPROVAL':
    case 'NO_APPROVER':
    case 'ALREADY_EXISTS':
    case 'QUORUM_NOT_MET':
    case 'CONSTRAINT':
      return 409;
  }
}

export const forbidden = (message: string, projectId: string | null = null) => new Refusal(403, 'FORBIDDEN', message, projectId);
export const notFound = (what: string) => new Refusal(404, 'NOT_FOUND', `${what} does not exist`);
export const conflict = (message: string, projectId: string | null = null) => new Refusal(409, 'WRONG_STAGE', message, projectId);
export const duplicate = (message: string) => new Refusal(409, 'ALREADY_EXISTS', message);
/** A body field that is well-formed but names nothing usable (an id of no person, no unit). */
export const invalidField = (message: string, projectId: string | null = null) => new Refusal(400, 'INVALID_INPUT', message, projectId);

export const finishedOrNotStarted = 'this work is already finished or has not started';

/**
 * The domain refusal inside a failed update: the validator's ApplicationFailure, or one an activity raised and the
 * handler passed on (then it sits deeper in the cause chain, under an ActivityFailure).
 */
function domainFailure(error: unknown): ApplicationFailure | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof ApplicationFailure && isDomainErrorCode(e.type)) return e;
  }
  return undefined;
}

/**
 * The Temporal errors that are answers rather than faults, as refusals; undefined for anything else (a timeout is
 * the filter's 503, a bug is its 500).
 */
export function refusalFromTemporal(error: unknown, projectId: string | null): Refusal | undefined {
  if (error instanceof WorkflowUpdateFailedError) {
    const failure = domainFailure(error.cause);
    if (failure && isDomainErrorCode(failure.type)) {
      return new Refusal(statusForCode(failure.type), failure.type, failure.message, projectId, 'workflow');
    }
    return undefined;
  }
  // An update to an execution that has completed, or that was never started (a rectification before any finding).
  if (error instanceof WorkflowNotFoundError) return new Refusal(409, 'WRONG_STAGE', finishedOrNotStarted, projectId, 'workflow');
  // Update-with-start on an id whose execution has closed: the reuse policy refuses to run the year again.
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return new Refusal(409, 'WRONG_STAGE', 'this work has already run and cannot be started again', projectId, 'workflow');
  }
  return undefined;
}
