import { isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';

/** Which dependency a failure says is unreachable or too slow right now: a reason to answer 503, not 500. */
export type Outage = 'database' | 'temporal' | 'unconfirmed' | 'recovering';

/** Seconds a client should wait before retrying an answer made unavailable by an outage. */
export const retryAfterSeconds = 5;

export const outageMessages: Record<Outage, string> = {
  database: 'the database is unreachable; try again shortly',
  temporal: 'the workflow service is unreachable; try again shortly with the same Idempotency-Key',
  // The update may still be applied; the same update id finds it instead of acting twice.
  unconfirmed: 'the request could not be confirmed in time; try again with the same Idempotency-Key',
  recovering: 'this work is being recovered after a worker restart; try again shortly with the same Idempotency-Key',
};

/** Socket-level failures to reach Postgres: refused, reset, timed out, no route, no such host. */
const networkErrnos = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs that say the server cannot serve now rather than that the statement is wrong: class 08 (connection
 * exception), shutting down or starting up (57P01-57P03), out of connections (53300), and a statement cancelled by
 * statement_timeout (57014), which is the database being too slow to answer in time.
 */
const unavailableSqlStates = /^(08...|57P0[123]|53300|57014)$/;

/** What pg says when it loses, cannot open or gives up waiting on a connection; these errors carry no code. */
const pgConnectionMessages =
  /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Client was closed)/;

/** gRPC UNAVAILABLE (14) and DEADLINE_EXCEEDED (4): Temporal could not be reached or did not answer in time. */
const unavailableGrpcCodes = new Set([14, 4]);

/**
 * FAILED_PRECONDITION (9) while the execution's workflow task is being retried, e.g. after its worker was killed:
 * Temporal takes no update until a worker has run the task again, which it does by itself within seconds.
 */
const isWorkflowTaskRetrying = (e: { code: number; details?: string }) => e.code === 9 && /Workflow Task in failed state/i.test(e.details ?? '');

interface ErrorLike {
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  driverError?: unknown;
  errors?: unknown;
}

/**
 * The error and everything it wraps: causes, TypeORM's driverError, the attempts of an AggregateError. Read by
 * shape rather than `instanceof`, because a socket error may come from another realm (Node's own, under jest's VM).
 */
function* chainOf(error: unknown, depth = 0): Generator<unknown> {
  if (error === undefined || error === null || depth > 8) return;
  yield error;
  if (typeof error !== 'object') return;
  const { cause, driverError, errors } = error as ErrorLike;
  yield* chainOf(driverError, depth + 1);
  yield* chainOf(cause, depth + 1);
  if (Array.isArray(errors)) for (const inner of errors) yield* chainOf(inner, depth + 1);
}

const isDatabaseUnavailable = (e: unknown): boolean => {
  if (typeof e !== 'object' || e === null) return false;
  const { code, message } = e as ErrorLike;
  if (typeof code === 'string' && (networkErrnos.has(code) || unavailableSqlStates.test(code))) return true;
  return typeof message === 'string' && pgConnectionMessages.test(message);
};

export function outageOf(error: unknown): Outage | undefined {
  for (const e of chainOf(error)) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return 'unconfirmed';
    if (isGrpcServiceError(e)) {
      if (unavailableGrpcCodes.has(e.code)) return 'temporal';
      return isWorkflowTaskRetrying(e) ? 'recovering' : undefined;
    }
    if (isDatabaseUnavailable(e)) return 'database';
  }
  return undefined;
}
