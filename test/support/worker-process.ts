import { spawn, type ChildProcess } from 'node:child_process';
import { workflowBundlePath } from './workflow-bundle.js';

/**
 * The worker's own entry point (apps/worker/main.ts) as a process, on the run's bundle so its start is not spent on
 * webpack; `output` gathers its stdout and stderr as they come.
 */
export function spawnWorker(env: NodeJS.ProcessEnv): { worker: ChildProcess; output: () => string } {
  let output = '';
  const worker = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/main.ts'], {
    env: { ...process.env, NODE_ENV: 'development', WORKFLOW_BUNDLE_PATH: workflowBundlePath(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  worker.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { worker, output: () => output };
}

/** SIGTERM, as a deploy stops it (it drains), and SIGKILL if it has not exited after 20 s. */
export async function stopWorker(worker: ChildProcess | undefined): Promise<void> {
  if (!worker || worker.exitCode !== null) return;
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.kill('SIGTERM');
  const killer = setTimeout(() => worker.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(killer);
}
