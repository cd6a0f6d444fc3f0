import type { LoggerService } from '@nestjs/common';
import type { Logger } from '../../../libs/observability/logger.js';

const text = (message: unknown) => (typeof message === 'string' ? message : JSON.stringify(message));

/**
 * Nest's own lines through the process's logger. Its `log` level is start-up chatter (a line per mapped route), so it
 * is debug here; warnings and errors stay what they are.
 */
export function nestLogger(logger: Logger): LoggerService {
  return {
    log: (message: unknown, context?: string) => logger.debug({ context }, text(message)),
    debug: (message: unknown, context?: string) => logger.debug({ context }, text(message)),
    verbose: (message: unknown, context?: string) => logger.trace({ context }, text(message)),
    warn: (message: unknown, context?: string) => logger.warn({ context }, text(message)),
    error: (message: unknown, stack?: string, context?: string) => logger.error({ context, stack }, text(message)),
    fatal: (message: unknown, context?: string) => logger.fatal({ context }, text(message)),
  };
}
