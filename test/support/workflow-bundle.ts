import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { workflowInterceptorModules, workflowsPath } from '../../libs/temporal/workflows-path.js';

/** Set by global setup, or by `npm test` for all its lanes: the file holding this run's bundle of workflows/. */
export const workflowBundleEnv = 'TANDEM_TEST_WORKFLOW_BUNDLE';

/**
 * Bundles the source tree's workflows/ into `dir` once per jest run, for every test file of every layer: webpack
 * takes seconds of CPU, and each test file has a module registry of its own, so a bundle kept in a module would be
 * built again by every file (25 times a run). A second call in the same run (the replay project's setup after the
 * servers' one, or a lane's setup after `npm test` built one for all lanes) finds the first bundle and builds nothing.
 */
export async function buildWorkflowBundle(dir: string): Promise<string | null> {
  if (process.env[workflowBundleEnv]) return null;
  const { code } = await bundleWorkflowCode({ workflowsPath: workflowsPath(), workflowInterceptorModules: workflowInterceptorModules(), logger: new DefaultLogger('WARN') });
  const path = join(dir, 'workflows.js');
  writeFileSync(path, code);
  process.env[workflowBundleEnv] = path;
  return path;
}

/** The bundle's file (for a worker process or `npm run replay`: WORKFLOW_BUNDLE_PATH). */
export function workflowBundlePath(): string {
  const path = process.env[workflowBundleEnv];
  if (!path) throw new Error(`${workflowBundleEnv} is not set: run tests through \`npm test\` (jest globalSetup bundles workflows/ once per run)`);
  return path;
}

/** Global setup of the replay layer, which needs the bundle but no servers; teardown removes what it made. */
export async function bundleOnlySetup(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bundle-'));
  if ((await buildWorkflowBundle(dir)) === null) rmSync(dir, { recursive: true, force: true });
  else (globalThis as { tandemBundleDir?: string }).tandemBundleDir = dir;
}

export function bundleOnlyTeardown(): void {
  const dir = (globalThis as { tandemBundleDir?: string }).tandemBundleDir;
  if (dir) rmSync(dir, { recursive: true, force: true });
}

let bundle: { code: string } | undefined;

/** This run's bundle, read once per test file; every worker and replayer of the file shares it. */
export function workflowBundle(): Promise<{ code: string }> {
  bundle ??= { code: readFileSync(workflowBundlePath(), 'utf8') };
  return Promise.resolve(bundle);
}
