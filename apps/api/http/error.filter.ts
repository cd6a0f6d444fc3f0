import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource, QueryFailedError } from 'typeorm';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import { DomainError } from '../../../libs/domain/index.js';
import type { AuthenticatedRequest } from '../auth/jwt.guard.js';
import { apiPrefix } from '../openapi.js';
import { outageMessages, outageOf, retryAfterSeconds } from './outage.js';
import { Refusal, refusalFromTemporal, statusForCode } from './refusal.js';
import { TooManyRequests } from './too-many-requests.js';

type ApiRequest = Request & Partial<AuthenticatedRequest>;

/** Postgres unique_violation: two requests raced to create the same person or grant; the loser is a duplicate. */
const isUniqueViolation = (error: unknown): boolean =>
  error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === '23505';

function toRefusal(error: unknown): Refusal | undefined {
  if (error instanceof Refusal) return error;
  if (error instanceof DomainError) return new Refusal(statusForCode(error.code), error.code, error.message);
  if (isUniqueViolation(error)) return new Refusal(409, 'ALREADY_EXISTS', 'this already exists');
  return refusalFromTemporal(error, null);
}

/**
 * The one place errors become HTTP answers: validation 400 naming fields, refusals 403/404/409 (and 400 for ids
 * that name nothing) with the reason, an outage of Postgres or Temporal (or an update not confirmed in time) 503
 * with Retry-After, anything unexpected 500 without internals.
 * Denied writes are audited here, whichever route refused them: Temporal keeps no history of rejected updates,
 * and auditors must see the attempts too.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  constructor(private readonly ds: DataSource) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const request = http.getRequest<ApiRequest>();
    const response = http.getResponse<Response>();
    // A route that answers a file (the dossier's HTML, the ledger's CSV) declared it up front; an error is JSON.
    response.removeHeader('Content-Type');
    response.removeHeader('Content-Disposition');

    const refusal = toRefusal(error);
    if (refusal) {
      if (this.isDeniedWrite(request, refusal)) await this.auditDenied(request, refusal);
      response.status(refusal.status).json({ statusCode: refusal.status, code: refusal.code, message: refusal.message });
      return;
    }
    const outage = outageOf(error);
    if (outage) {
      // One line, not a stack: during an outage every request lands here, and the cause is the same for all.
      this.logger.warn(`${routeOf(request)} answered 503 (${outage}): ${error instanceof Error ? error.message : String(error)}`);
      response.setHeader('Retry-After', String(retryAfterSeconds));
      response.status(503).json({ statusCode: 503, message: outageMessages[outage] });
      return;
    }
    if (error instanceof HttpException) {
      if (error instanceof TooManyRequests) response.setHeader('Retry-After', String(error.retryAfterSeconds));
      response.status(error.getStatus()).json(error.getResponse());
      return;
    }
    this.logger.error(`${routeOf(request)} failed: ${describe(error)}`);
    response.status(500).json({ statusCode: 500, message: 'Internal server error' });
  }

  /** Reads are not audited, nor a 404 (nothing was there to deny) or a body id the API could not resolve. */
  private isDeniedWrite(request: ApiRequest, refusal: Refusal): boolean {
    if (request.method === 'GET' || !request.user) return false;
    return refusal.source === 'workflow' || refusal.status === 403 || refusal.status === 409;
  }

  private async auditDenied(request: ApiRequest, refusal: Refusal): Promise<void> {
    try {
      await this.ds.transaction((m) =>
        appendAudit(m, {
          projectId: refusal.projectId,
          actorId: request.user?.personId ?? null,
          action: 'denied',
          entity: 'request',
          entityId: null,
          detail: { route: routeOf(request), path: request.originalUrl, code: refusal.code, reason: refusal.message },
        }),
      );
    } catch (auditError) {
      // The refusal still stands; losing its audit row is logged loudly rather than turned into a 500.
      this.logger.error(`could not audit a denied request on ${routeOf(request)}: ${describe(auditError)}`);
    }
  }
}

const prefixed = new RegExp(`^/${apiPrefix}(?=/)`);

/**
 * `POST /projects/:id/submit`: the route pattern, so denied attempts group by route whatever the ids; named without
 * the /api prefix, as audit rows written before it were, so a route reads the same across the whole chain.
 */
function routeOf(request: ApiRequest): string {
  const pattern = (request.route as { path?: string } | undefined)?.path;
  return `${request.method} ${(pattern ?? request.originalUrl).replace(prefixed, '')}`;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `\n  caused by: ${error.cause.stack ?? error.cause.message}` : '';
  return `${error.stack ?? error.message}${cause}`;
}
