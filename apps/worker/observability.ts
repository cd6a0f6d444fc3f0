import { performance } from 'node:perf_hooks';
import type { Logger as TemporalLogger, LogLevel, LogMetadata } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { Logger } from '../../libs/observability/logger.js';
import { withRequestId } from '../../libs/observability/request-context.js';
import { requestIdIn } from '../../libs/temporal/request-id.js';
import type { WorkerMetrics } from './metrics.js';

/** What kind of error, never its message: messages can hold names or what someone wrote, and logs outlive both. */
function errorKind(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const { type, code } = error as { type?: unknown; code?: unknown };
  return [error.name, typeof type === 'string' ? type : undefined, typeof code === 'string' ? code : undefined].filter(Boolean).join(':');
}

/**
 * One log line per activity run (its type, workflow, attempt and time, under the request id the workflow passed in
 * the activity's header), the business counters fed from its result, and the request id on every `log` call the
 * activity makes through its Context.
 */
export function activityObservers(logger: Logger, metrics?: WorkerMetrics): ActivityInterceptorsFactory {
  return (ctx) => {
    let requestId: string | undefined;
    return {
      inbound: {
        async execute(input, next) {
          requestId = requestIdIn(input.headers);
          const { activityType, workflowExecution, attempt } = ctx.info;
          const fields = { activity: activityType, workflowId: workflowExecution?.workflowId, attempt };
          const started = performance.now();
          return withRequestId(requestId, async () => {
            try {
              const result = await next(input);
              metrics?.observeActivity(activityType, input.args, result);
              logger.info({ ...fields, ms: Math.round(performance.now() - started) }, `activity ${activityType} done`);
              return result;
            } catch (error) {
              logger.warn({ ...fields, ms: Math.round(performance.now() - started), error: errorKind(error) }, `activity ${activityType} failed`);
              throw error;
            }
          });
        },
      },
      outbound: {
        getLogAttributes: (input, next) => next(requestId ? { ...input, requestId } : input),
      },
    };
  };
}

const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/** The SDK's logger (worker states, workflow `log` calls, the Rust core's lines) written through the process's pino. */
export function temporalLogger(logger: Logger): TemporalLogger {
  const at = (level: LogLevel) => (message: string, meta?: LogMetadata) => logger[levels[level]]({ ...meta }, message);
  return {
    log: (level, message, meta) => at(level)(message, meta),
    trace: at('TRACE'),
    debug: at('DEBUG'),
    info: at('INFO'),
    warn: at('WARN'),
    error: at('ERROR'),
  };
}
