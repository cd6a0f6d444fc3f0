import type { ChildProcess } from 'node:child_process';

/** How long to wait before the next start, given how many times in a row the process has died early. */
export type RestartDelay = (crashesInARow: number) => number;

/**
 * 1 s, 2 s, 4 s … up to 30 s: a process that dies at once (its database is down) is not restarted in a tight loop,
 * and one that crashed once after running a while comes back within a second.
 */
export const backoff: RestartDelay = (crashesInARow) => Math.min(30_000, 1_000 * 2 ** Math.max(0, crashesInARow - 1));

export interface SupervisorOptions {
  name: string;
  /** Spawns one instance; called again for every restart. */
  spawn: () => ChildProcess;
  restartDelay?: RestartDelay;
  /** A run at least this long counts as healthy: the next crash starts the backoff from the beginning. */
  stableAfterMs?: number;
  log: (message: string) => void;
}

export interface Supervised {
  readonly name: string;
  /** The running instance, or null between a death and its restart. */
  readonly current: ChildProcess | null;
  /** Instances started after the first. */
  readonly restarts: number;
  /** Signals the running instance (the chaos harness's kill -9); the supervisor restarts it as after any death. */
  signal(signal: NodeJS.Signals): boolean;
  /** No more restarts; SIGTERM (the service drains), SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const running = (child: ChildProcess | null): child is ChildProcess => child !== null && child.exitCode === null && child.signalCode === null;

/**
 * Keeps one process running: whenever it exits on its own (a crash, a kill from outside) it is started again after
 * `restartDelay`, with a line saying why. `npm run up` runs the API and the worker under it, so one crash no longer
 * stops everything; the chaos harness kills its worker under it.
 */
export function supervise({ name, spawn, restartDelay = backoff, stableAfterMs = 60_000, log }: SupervisorOptions): Supervised {
  let current: ChildProcess | null = null;
  let restarts = 0;
  let crashesInARow = 0;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;

  const start = () => {
    const startedAt = Date.now();
    const child = spawn();
    current = child;
    child.once('error', (error) => log(`${name}: could not start: ${error.message}`));
    child.once('exit', (code, signal) => {
      if (current === child) current = null;
      if (stopping) return;
      crashesInARow = Date.now() - startedAt >= stableAfterMs ? 1 : crashesInARow + 1;
      const delay = restartDelay(crashesInARow);
      log(`${name} exited (${signal ?? `code ${code}`}); restarting in ${(delay / 1000).toFixed(1)} s`);
      timer = setTimeout(() => {
        if (stopping) return;
        restarts += 1;
        start();
      }, delay);
    });
  };
  start();

  return {
    name,
    get current() {
      return running(current) ? current : null;
    },
    get restarts() {
      return restarts;
    },
    signal(signal) {
      return running(current) && current.kill(signal);
    },
    async stop(graceMs = 15_000) {
      stopping = true;
      clearTimeout(timer);
      const child = current;
      if (!running(child)) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(kill);
    },
  };
}
