import { spawn } from 'node:child_process';
import { backoff, supervise } from '../../libs/dev-stack/supervisor.js';

const node = (code: string) => () => spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
const until = async (done: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('supervisor (npm run up, npm run chaos)', () => {
  it('backs off 1 s, 2 s, 4 s … and never waits more than 30 s', () => {
    expect([1, 2, 3, 4].map(backoff)).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoff(20)).toBe(30_000);
  });

  it('restarts a process that crashes, says so, and counts the restarts', async () => {
    const lines: string[] = [];
    // Each instance crashes at once: the supervisor must keep bringing it back, not give up or stop the rest.
    const crashing = supervise({ name: 'worker', spawn: node('process.exit(3)'), restartDelay: () => 10, log: (l) => lines.push(l) });
    try {
      await until(() => crashing.restarts >= 3);
      expect(lines[0]).toBe('worker exited (code 3); restarting in 0.0 s');
    } finally {
      await crashing.stop();
    }
  });

  it('restarts a process killed with SIGKILL, and stop() ends it for good', async () => {
    const lines: string[] = [];
    const api = supervise({ name: 'api', spawn: node('setInterval(() => {}, 1000)'), restartDelay: () => 10, log: (l) => lines.push(l) });
    await until(() => api.current?.pid !== undefined);
    const first = api.current?.pid;
    expect(api.signal('SIGKILL')).toBe(true);
    await until(() => api.restarts === 1 && api.current !== null);
    expect(api.current?.pid).not.toBe(first);
    expect(lines).toEqual(['api exited (SIGKILL); restarting in 0.0 s']);

    const last = api.current;
    await api.stop();
    expect(last?.signalCode).toBe('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    expect(api.current).toBeNull();
    expect(api.restarts).toBe(1);
  });
});
