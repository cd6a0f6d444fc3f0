/** Waits for what a user would see, instead of sleeping a fixed time and hoping. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  pred: (value: T) => boolean,
  { timeoutMs, intervalMs = 100, what = 'condition' }: { timeoutMs: number; intervalMs?: number; what?: string },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (pred(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError ? `last error: ${String(lastError)}` : `last value: ${JSON.stringify(last)?.slice(0, 500)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${detail}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
