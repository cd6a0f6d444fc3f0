import type { DomainErrorCode } from '../../../libs/domain/index.js';

/**
 * A refusal the user can act on: 403 outside their scope, 404 unknown, 409 not allowed now. It carries the
 * project, when known, so the denied attempt lands in that project's audit chain.
 */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: DomainErrorCode,
    message: string,
    readonly projectId: string | null = null,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

export function statusForCode(code: DomainErrorCode): number {
  switch (code) {
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'INVALID_INPUT':
      return 400;
    case 'WRONG_STAGE':
    case 'NOT_ASSIGNEE':
    case 'ALREADY_DECIDED':
    case 'DECISION_NOT_ALLOWED':
    case 'COMMENT_REQUIRED':
    case 'SELF_APPROVAL':
    case 'NO_APPROVER':
    case 'ALREADY_EXISTS':
      return 409;
  }
}

export const forbidden = (message: string, projectId: string | null = null) => new Refusal(403, 'FORBIDDEN', message, projectId);
export const notFound = (what: string) => new Refusal(404, 'NOT_FOUND', `${what} does not exist`);
export const conflict = (message: string, projectId: string | null = null) => new Refusal(409, 'WRONG_STAGE', message, projectId);
export const duplicate = (message: string) => new Refusal(409, 'ALREADY_EXISTS', message);
