import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { logFormats, logLevels, variables, type Config, type LogFormat, type LogLevel } from '../config/index.js';
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

/**
 * A process that cannot start (a variable refused, Postgres or the port refusing it), or whose worker fails for
 * good, says so as one fatal event in the configured format, `headline: problem`, and exits 1, instead of a stack trace on stderr that a pipeline reading JSON from stdout
 * drops or splits into lines. The configuration may be what failed, so LOG_FORMAT and LOG_LEVEL are read here as
 * given when valid, else as their defaults.
 */
export function exitOnFatal(service: 'api' | 'worker', headline: string, error: unknown, env: NodeJS.ProcessEnv = process.env): never {
  const pick = <T extends string>(allowed: readonly T[], raw: string | undefined, fallback: string): T => (allowed.includes(raw as T) ? (raw as T) : (fallback as T));
  const format: LogFormat = pick(logFormats, env.LOG_FORMAT, variables.LOG_FORMAT.default);
  const level: LogLevel = pick(logLevels, env.LOG_LEVEL, variables.LOG_LEVEL.default);
  const problem = error instanceof Error ? error.message : String(error);
  // One line in either format: "Invalid environment:" and its list of problems become "Invalid environment: A; B".
  const [head, ...items] = problem.split('\n').map((line) => line.trim().replace(/^- /, '')).filter(Boolean);
  const message = `${headline}: ${[head, items.join('; ')].filter(Boolean).join(' ')}`;
  createLogger({ format, level }, service).fatal({ err: error }, message);
  process.exit(1);
}
