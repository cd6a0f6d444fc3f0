import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';

export interface ChildService {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** SIGTERM (the service drains), SIGKILL after 15 s. */
  stop(): Promise<void>;
}

export interface ChildSpec {
  name: string;
  /** Node's arguments: a compiled entry, or `--import tsx` and a TypeScript one. */
  nodeArgs: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Resolves once the service serves; gets the child (IPC channel open) and a function returning its output so far. */
  ready(child: ChildProcess, output: () => string): Promise<unknown>;
  readyTimeoutMs?: number;
}

const tail = (file: string) => readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');

/**
 * A service in a process of its own, as in production: the API, the worker and the baselines do not share the
 * load generator's event loop (nor its two cores' worth of scheduling luck). Output goes to a log file.
 */
export async function startChild({ name, nodeArgs, env, logFile, ready, readyTimeoutMs = 180_000 }: ChildSpec): Promise<ChildService & { readyValue: unknown }> {
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, nodeArgs, { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      output = (output + chunk.toString()).slice(-20_000);
    });
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await new Promise((resolve) => log.end(resolve));
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    const readyValue = await Promise.race([
      ready(child, () => output),
      exited.then(() => Promise.reject(new Error(`exited with ${child.exitCode ?? child.signalCode} before it was ready`))),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`not ready within ${readyTimeoutMs / 1000} s`)), readyTimeoutMs);
      }),
    ]);
    return { name, child, logFile, stop, readyValue };
  } catch (error) {
    await stop();
    throw new Error(`${name}: ${(error as Error).message}\n--- ${logFile} (tail) ---\n${tail(logFile)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** The first IPC message the child sends. */
export const firstMessage = (child: ChildProcess): Promise<unknown> => new Promise((resolve) => child.once('message', resolve));

const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** Resolves when the child's output contains `marker`; gives up (startChild reports why) once the child is gone. */
export async function outputContains(child: ChildProcess, output: () => string, marker: string): Promise<void> {
  while (alive(child) && !output().includes(marker)) await new Promise((r) => setTimeout(r, 100));
}

/** Resolves when `url` answers 200; gives up once the child is gone. */
export async function answers(child: ChildProcess, url: string): Promise<void> {
  while (alive(child)) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
