import { Context } from '@temporalio/activity';

/**
 * How often a running activity says it is alive. Most activities end well within it and send no heartbeat at all;
 * a longer one beats once a second (the SDK batches the beats it sends to the server).
 */
export const heartbeatEveryMs = 1_000;

type AsyncFunctions = Record<string, (...args: never[]) => Promise<unknown>>;

/**
 * Every activity heartbeats while it runs, so its proxy's `heartbeatTimeout` can be a few seconds: a worker killed
 * mid-activity (kill -9, a lost machine) is noticed after that and the activity runs again elsewhere, instead of
 * after the whole start-to-close timeout, which has to cover a slow database. Outside an activity (a test calling
 * the function directly) nothing beats.
 */
export function withHeartbeats<T extends AsyncFunctions>(activities: T): T {
  const wrapped = Object.entries(activities).map(([name, fn]) => [
    name,
    async (...args: never[]) => {
      const context = currentContext();
      // A local activity has no heartbeat: the workflow task it runs in is what notices a dead worker.
      const timer = context && !context.info.isLocal ? setInterval(() => context.heartbeat(), heartbeatEveryMs) : undefined;
      try {
        return await fn(...args);
      } finally {
        clearInterval(timer);
      }
    },
  ]);
  return Object.fromEntries(wrapped) as T;
}

function currentContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}
