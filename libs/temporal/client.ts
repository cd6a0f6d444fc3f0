import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';
import type { TemporalConfig } from '../config/index.js';
import { requestIdClientInterceptor } from './request-id.js';

const toolTimeoutMs = 60_000;

type GrpcInterceptor = NonNullable<ConnectionOptions['interceptors']>[number];

/**
 * Every gRPC call gets a deadline (its own, set with `withDeadline`, or `timeoutMs` from now), and the SDK's
 * retries of UNAVAILABLE stop in time for it: an unreachable Temporal then answers within a couple of seconds
 * instead of the SDK's ten attempts over some twenty seconds, and a blackholed one by the deadline, never later.
 */
function boundedCalls(timeoutMs: number): GrpcInterceptor {
  // Five attempts, backing off 0.2 + 0.3 + 0.5 + 0.8 s in between: long enough to ride out a frontend restart's blip.
  const retry = defaultGrpcRetryOptions({ maxAttempts: 5 });
  return (options, nextCall) => {
    const given = options.deadline;
    const deadline = given === undefined ? Date.now() + timeoutMs : typeof given === 'number' ? given : given.getTime();
    const retryInTime = makeGrpcRetryInterceptor({
      delayFunction: retry.delayFunction,
      retryableDecider: (attempt, status) => retry.retryableDecider(attempt, status) && Date.now() + retry.delayFunction(attempt, status) < deadline,
    });
    return retryInTime({ ...options, deadline }, nextCall);
  };
}

/** TLS (with a client pair: mTLS) and the API key, as the worker's native connection takes them too. */
export function securityOptions(config: TemporalConfig): Pick<ConnectionOptions, 'tls'> & { apiKey?: string } {
  const { tls, apiKey } = config;
  return {
    ...(tls && {
      tls: {
        ...(tls.serverRootCa && { serverRootCACertificate: tls.serverRootCa }),
        ...(tls.clientCertPair && { clientCertPair: tls.clientCertPair }),
        ...(tls.serverName && { serverNameOverride: tls.serverName }),
      },
    }),
    ...(apiKey && { apiKey }),
  };
}

export function connectionOptions(config: TemporalConfig, timeoutMs: number): ConnectionOptions {
  return {
    address: config.address,
    ...securityOptions(config),
    connectTimeout: timeoutMs,
    interceptors: [boundedCalls(timeoutMs)],
    channelArgs: {
      // gRPC backs off reconnecting up to 2 minutes by default, so a client saw Temporal again seconds after it was
      // back; at most 1 s here, and the channel reconnects on its own, so the API needs no restart after an outage.
      'grpc.initial_reconnect_backoff_ms': 200,
      'grpc.max_reconnect_backoff_ms': 1_000,
    },
  };
}

/**
 * One connection and one Client per process; the caller closes the connection on shutdown. The API passes its
 * TEMPORAL_TIMEOUT; a tool (`npm run replay`) has no one waiting on an answer and may take longer. `lazy` (the API)
 * connects on the first call instead of at once, so a process started while Temporal is down runs anyway: its calls
 * fail fast as unavailable until the server is back, and the channel then reconnects by itself.
 */
export async function connectClient(config: TemporalConfig, timeoutMs = toolTimeoutMs, { lazy = false } = {}): Promise<Client> {
  const options = connectionOptions(config, timeoutMs);
  const connection = lazy ? Connection.lazy(options) : await Connection.connect(options);
  return new Client({ connection, namespace: config.namespace, interceptors: { workflow: [requestIdClientInterceptor] } });
}
