import { ApplicationFailure } from '@temporalio/activity';
import { DomainError } from '../libs/domain/index.js';

/**
 * SQLSTATE classes a retry cannot mend: 22 (data exception: a value Postgres cannot store, such as U+0000 in text)
 * and 23 (integrity constraint violation). Everything else (connection loss, serialization, lock timeouts) may pass
 * on a later attempt and stays retryable.
 */
const finalSqlStateClasses: Record<string, 'INVALID_DATA' | 'CONSTRAINT'> = { '22': 'INVALID_DATA', '23': 'CONSTRAINT' };

const finalMessages = {
  INVALID_DATA: 'a value in this request cannot be stored',
  CONSTRAINT: 'this change conflicts with the data already stored',
} as const;

/** The SQLSTATE of a Postgres error, whether thrown by pg itself or wrapped by TypeORM (`driverError`). */
function sqlStateOf(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = (e as { driverError?: unknown }).driverError ?? e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * An activity error a retry cannot mend, as a non-retryable ApplicationFailure whose type the API maps to a refusal;
 * any other error unchanged, so Temporal retries it within the proxy's bounds.
 */
export function finalFailureOf(error: unknown): unknown {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof DomainError) return ApplicationFailure.create({ type: error.code, message: error.message, nonRetryable: true, cause: error });
  const sqlState = sqlStateOf(error);
  const type = sqlState ? finalSqlStateClasses[sqlState.slice(0, 2)] : undefined;
  if (!type) return error;
  const detail = (error as Error).message;
  return ApplicationFailure.create({ type, message: `${finalMessages[type]} (${detail})`, nonRetryable: true, details: [sqlState], cause: error as Error });
}

type AsyncFunctions = Record<string, (...args: never[]) => Promise<unknown>>;

/** Every activity of the worker, each turning the errors a retry cannot mend into final failures. */
export function withFinalFailures<T extends AsyncFunctions>(activities: T): T {
  const wrapped = Object.entries(activities).map(([name, fn]) => [
    name,
    async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (error) {
        throw finalFailureOf(error);
      }
    },
  ]);
  return Object.fromEntries(wrapped) as T;
}
