import { ApplicationFailure } from '@temporalio/workflow';

/** What an admin reads: the refusal or final failure the step ended on, not the wrappers Temporal put around it. */
export function reasonOf(error: unknown): string {
  let innermost = String(error);
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof ApplicationFailure) return e.message;
    innermost = e.message || innermost;
  }
  return innermost;
}
