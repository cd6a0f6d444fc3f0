/**
 * Every business refusal Tandem can give, as a closed set of codes. The API maps codes to HTTP statuses
 * and activities turn them into non-retryable ApplicationFailures whose `type` is the code.
 */
export const domainErrorCodes = [
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID_INPUT',
  'WRONG_STAGE',
  'NOT_ASSIGNEE',
  'ALREADY_DECIDED',
  'DECISION_NOT_ALLOWED',
  'COMMENT_REQUIRED',
  'SELF_APPROVAL',
  'NO_APPROVER',
  'ALREADY_EXISTS',
  'QUORUM_NOT_MET',
  /** An activity's write failed for good on a value the database cannot store (SQLSTATE class 22). */
  'INVALID_DATA',
  /** An activity's write failed for good on a database constraint (SQLSTATE class 23). */
  'CONSTRAINT',
  /** The person logged in with a password an administrator set (or the default one): they must change it first. */
  'PASSWORD_CHANGE_REQUIRED',
] as const;
export type DomainErrorCode = (typeof domainErrorCodes)[number];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainErrorCode = (value: unknown): value is DomainErrorCode =>
  typeof value === 'string' && (domainErrorCodes as readonly string[]).includes(value);
