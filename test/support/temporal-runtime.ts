import { IllegalStateError } from '@temporalio/common';
import { DefaultLogger, Runtime } from '@temporalio/worker';

let installed = false;

/**
 * Keeps workers' INFO lines ("Worker state changed" …) out of test output. The Runtime is a per-process
 * singleton that must be installed before the first worker or native connection, and a second install throws,
 * so every helper calls this and only the first call counts.
 */
export function installQuietRuntime(): void {
  if (installed) return;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch (error) {
    // Already installed, or a worker started first in this process: its logger stays, nothing else changes.
    if (!(error instanceof IllegalStateError)) throw error;
  }
  installed = true;
}
