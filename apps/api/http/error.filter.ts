import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import { DomainError } from '../../../libs/domain/index.js';
import type { AuthenticatedRequest } from '../auth/jwt.guard.js';
import { Refusal, statusForCode } from './refusal.js';

/**
 * The one place errors become HTTP answers: validation 400 naming fields, refusals 403/404/409 with the
 * reason, anything unexpected 500 without internals. A refused write is also audited, because Temporal
 * keeps no history of rejected updates and auditors must see denied attempts too.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  constructor(private readonly ds: DataSource) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & Partial<AuthenticatedRequest>>();
    const response = http.getResponse<Response>();
    const refusal = error instanceof DomainError ? new Refusal(statusForCode(error.code), error.code, error.message) : error;

    if (refusal instanceof Refusal) {
      if (request.method !== 'GET' && request.user) await this.auditDenied(request, refusal);
      response.status(refusal.status).json({ statusCode: refusal.status, code: refusal.code, message: refusal.message });
      return;
    }
    if (error instanceof HttpException) {
      response.status(error.getStatus()).json(error.getResponse());
      return;
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    response.status(500).json({ statusCode: 500, message: 'Internal server error' });
  }

  private async auditDenied(request: Request & Partial<AuthenticatedRequest>, refusal: Refusal): Promise<void> {
    try {
      await this.ds.transaction((m) =>
        appendAudit(m, {
          projectId: refusal.projectId,
          actorId: request.user?.personId ?? null,
          action: 'denied',
          entity: 'request',
          entityId: null,
          detail: { route: `${request.method} ${request.originalUrl}`, code: refusal.code, reason: refusal.message },
        }),
      );
    } catch (auditError) {
      this.logger.error(`could not audit a denied request: ${String(auditError)}`);
    }
  }
}
