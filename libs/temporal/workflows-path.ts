import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The workflows entry, for the bundler (the worker's and the replayer's): .ts under tsx/jest, .js once compiled to
 * dist/. A path, not an import: workflow code is only ever loaded into the SDK's sandbox.
 */
export function workflowsPath(): string {
  const base = new URL('../../workflows/index', import.meta.url);
  const ts = fileURLToPath(`${base.href}.ts`);
  return existsSync(ts) ? ts : fileURLToPath(`${base.href}.js`);
}

/**
 * The workflow interceptors every bundle of workflows/ includes (worker, build, tests, replayer), so a replay runs the
 * same code as the worker did.
 */
export function workflowInterceptorModules(): string[] {
  const base = new URL('../../workflows/request-id.interceptors', import.meta.url);
  const ts = fileURLToPath(`${base.href}.ts`);
  return [existsSync(ts) ? ts : fileURLToPath(`${base.href}.js`)];
}
