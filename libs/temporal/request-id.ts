import type { WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import { requestIdTemporalHeader } from '../domain/index.js';
import { currentRequestId } from '../observability/request-context.js';

/** The current request's id, added to a command's headers (nothing outside a request: a schedule, a tool). */
function carrying(headers: Headers): Headers {
  const requestId = currentRequestId();
  return requestId ? { ...headers, [requestIdTemporalHeader]: defaultPayloadConverter.toPayload(requestId) } : headers;
}

/** The request id a workflow put on an activity it scheduled, if any. */
export function requestIdIn(headers: Headers): string | undefined {
  const payload = headers[requestIdTemporalHeader];
  return payload ? defaultPayloadConverter.fromPayload<string>(payload) : undefined;
}

/** Every command the API sends to a workflow carries the HTTP request's id (workflows/request-id.interceptors.ts reads it). */
export const requestIdClientInterceptor: WorkflowClientInterceptor = {
  start: (input, next) => next({ ...input, headers: carrying(input.headers) }),
  startWithDetails: (input, next) => next({ ...input, headers: carrying(input.headers) }),
  startUpdate: (input, next) => next({ ...input, headers: carrying(input.headers) }),
  startUpdateWithStart: (input, next) =>
    next({ ...input, workflowStartHeaders: carrying(input.workflowStartHeaders), updateHeaders: carrying(input.updateHeaders) }),
  signal: (input, next) => next({ ...input, headers: carrying(input.headers) }),
  signalWithStart: (input, next) => next({ ...input, headers: carrying(input.headers) }),
};
