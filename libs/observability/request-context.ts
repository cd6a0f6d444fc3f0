import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * The request a piece of work belongs to, carried through async calls: set by the API for each HTTP request and by
 * the worker for each activity (from the Temporal header the request's command carried). Logs and outgoing Temporal
 * calls read it here, so no function passes it along by hand.
 */
const storage = new AsyncLocalStorage<{ requestId: string }>();

export const requestIdHttpHeader = 'x-request-id';

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

export function withRequestId<T>(requestId: string | undefined, fn: () => T): T {
  return requestId ? storage.run({ requestId }, fn) : fn();
}

/** A caller's id is kept when it is a plain token (a proxy's or a client's); anything else is replaced, never logged. */
export function requestIdFrom(given: string | string[] | undefined): string {
  return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}
