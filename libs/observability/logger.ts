import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from '../config/index.js';
import { currentRequestId } from './request-context.js';

export type { Logger } from 'pino';

/**
 * One logger per process. `json`: one object per line with `level`, `time`, `service` and, inside a request, its
 * `requestId` (read from the request's context, so no caller passes it). `pretty`: the same events as one readable
 * line each, for a terminal. Callers log ids, never names, e-mails or bodies: logs are kept longer than people stay.
 */
export function createLogger(config: Config['log'], service: 'api' | 'worker', destination?: DestinationStream): Logger {
  const stream =
    destination ??
    (config.format === 'pretty'
      ? pretty({ colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service', messageFormat: `[${service}] {msg}`, singleLine: true, sync: true })
      : pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      level: config.level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    stream,
  );
}
