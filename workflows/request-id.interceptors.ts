import { AsyncLocalStorage, defaultPayloadConverter, log, type Headers, type WorkflowInterceptors } from '@temporalio/workflow';
import { requestIdTemporalHeader } from '../libs/domain/request-id.js';

/**
 * Follows an HTTP request's id (libs/temporal/request-id.interceptor.ts puts it in a command's header) through the
 * workflow: each update or signal handler runs under the id of the request that sent it, the rest of the run under the
 * id of the request that started it, and every activity, child, signal and continuation the workflow sends carries the
 * id it runs under, as do the workflow's own log lines. Headers and log lines add no command to history, so replay
 * of every run, old or new, sees the same commands (no patch).
 */
const current = new AsyncLocalStorage<string>();

function idIn(headers: Headers): string | undefined {
  const payload = headers[requestIdTemporalHeader];
  return payload ? defaultPayloadConverter.fromPayload<string>(payload) : undefined;
}

function under<T>(headers: Headers, fn: () => T): T {
  const requestId = idIn(headers);
  return requestId ? current.run(requestId, fn) : fn();
}

function carrying(headers: Headers): Headers {
  const requestId = current.getStore();
  return requestId ? { ...headers, [requestIdTemporalHeader]: defaultPayloadConverter.toPayload(requestId) } : headers;
}

export const interceptors = (): WorkflowInterceptors => ({
  inbound: [
    {
      execute: (input, next) => under(input.headers, () => next(input)),
      validateUpdate: (input, next) => under(input.headers, () => next(input)),
      handleUpdate: (input, next) =>
        under(input.headers, async () => {
          const result = await next(input);
          // Through the workflow logger: written once, not again when the run is replayed on another worker.
          log.info('update handled', { update: input.name, updateId: input.updateId });
          return result;
        }),
      handleSignal: (input, next) => under(input.headers, () => next(input)),
    },
  ],
  outbound: [
    {
      scheduleActivity: (input, next) => next({ ...input, headers: carrying(input.headers) }),
      scheduleLocalActivity: (input, next) => next({ ...input, headers: carrying(input.headers) }),
      startChildWorkflowExecution: (input, next) => next({ ...input, headers: carrying(input.headers) }),
      signalWorkflow: (input, next) => next({ ...input, headers: carrying(input.headers) }),
      continueAsNew: (input, next) => next({ ...input, headers: carrying(input.headers) }),
      getLogAttributes: (input, next) => {
        const requestId = current.getStore();
        return next(requestId ? { ...input, requestId } : input);
      },
    },
  ],
});
