import { inspect } from 'node:util';

export interface PollOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Names the awaited state in the timeout error, e.g. 'an open task for li'. */
  what?: string;
}

/**
 * Waits for what a user would see instead of sleeping a fixed time and hoping. A read that throws counts as
 * "not yet" (the row or the HTTP resource may not exist yet); the timeout error shows the last value and
 * the last error, so a failing test says what it saw.
 */
export async function pollUntil<T>(read: () => Promise<T>, pred: (value: T) => boolean, { timeoutMs, intervalMs = 100, what = 'condition' }: PollOptions): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let reads = 0;
  let last: { value: T } | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      reads += 1;
      const value = await read();
      last = { value };
      lastError = undefined;
      if (pred(value)) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const seen = last ? inspect(last.value, { depth: 4, breakLength: Infinity, maxStringLength: 500 }).slice(0, 1500) : '(no successful read)';
      const failure = lastError === undefined ? '' : `; last read failed: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
      throw new Error(`timed out after ${timeoutMs} ms (${reads} reads) waiting for ${what}; last value: ${seen}${failure}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
