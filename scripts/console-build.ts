import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The built console the API serves (CONSOLE_DIR's default), and what it is built from. */
export const consoleDist = 'apps/web/dist';
const sources = ['apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.ts', 'libs/domain', 'package-lock.json'];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

/** Missing, or older than any of its sources. */
export function consoleIsStale(): boolean {
  const index = join(consoleDist, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return sources.some((source) => existsSync(source) && newestMtime(source) > built);
}

/**
 * Builds the console when it is missing or stale (`npm run up`, the browser tests); a fresh build is left alone.
 * Vite prints the initial JavaScript's gzipped size and fails above the budget (apps/web/vite.config.ts).
 */
export async function ensureConsoleBuilt(log: (message: string) => void = console.log): Promise<void> {
  if (!consoleIsStale()) {
    log(`console up to date in ${consoleDist}`);
    return;
  }
  log(`building the console into ${consoleDist} (vite build)…`);
  await new Promise<void>((resolve, reject) => {
    // Always production's build: under jest NODE_ENV is 'test', and Vite would then ship React's development build,
    // a quarter larger and slower on every page a browser test opens than what people get.
    const env = { ...process.env, NODE_ENV: 'production' };
    const child = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit', env });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`))));
  });
}
