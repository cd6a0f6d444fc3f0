import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm test`: typecheck, lint, then every jest layer in one run (jest's global setup starts Temporal and
 * prepares Postgres once, only for the layers that need them). Arguments go to jest alone and skip typecheck
 * and lint: `npm test -- test/unit/chain.spec.ts` runs one file.
 */
const jestArgs = process.argv.slice(2);
const secondsSince = (started: number) => `${((Date.now() - started) / 1000).toFixed(1)} s`;

let current: ChildProcess | undefined;
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // Jest must run its global teardown, or the Temporal dev server and Postgres it started are left behind.
    interrupted = true;
    current?.kill(signal);
  });
}

function phase(name: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  return new Promise((resolve) => {
    // The same node that runs this script, so no PATH or shell shim decides which tools run.
    const child = spawn(process.execPath, args, { stdio: 'inherit', env });
    current = child;
    child.on('error', (error) => {
      console.error(error);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      current = undefined;
      console.log(`◀ ${name}: ${code === 0 ? 'ok' : `failed (${signal ?? `exit ${code}`})`} in ${secondsSince(started)}`);
      resolve(code ?? 1);
    });
  });
}

const started = Date.now();
const results: [string, number][] = [];
if (jestArgs.length === 0) {
  results.push(['typecheck', await phase('typecheck (tsc --noEmit)', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit'])]);
  // The console compiles for the browser (DOM, JSX, bundler resolution): its own project.
  if (!interrupted) results.push(['typecheck console', await phase('typecheck console (tsc -p apps/web)', ['node_modules/typescript/bin/tsc', '-p', 'apps/web/tsconfig.json'])]);
  if (!interrupted) results.push(['lint', await phase('lint (eslint)', ['node_modules/eslint/bin/eslint.js', '--max-warnings', '0', '.'])]);
}
const reportDir = mkdtempSync(join(tmpdir(), 'tandem-jest-'));
const report = join(reportDir, 'results.json');
if (!interrupted) {
  results.push([
    'jest',
    await phase(
      `tests (jest${jestArgs.length > 0 ? ` ${jestArgs.join(' ')}` : ': unit, workflow, e2e, replay'})`,
      ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--runInBand', '--json', `--outputFile=${report}`, ...jestArgs],
      // Silences only Node's "VM Modules is an experimental feature" warning, printed once per run.
      { ...process.env, NODE_NO_WARNINGS: '1' },
    ),
  ]);
}
const failed = results.filter(([, code]) => code !== 0).map(([name]) => name);
if (interrupted) failed.push('interrupted');
console.log(`\nnpm test: ${failed.length === 0 ? 'all phases passed' : `failed: ${failed.join(', ')}`} in ${secondsSince(started)}`);
if (existsSync(report)) {
  const counts = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
  // The plain closing line CI reads: tests that ran, whatever the runner.
  console.log(`tests: ${counts.numPassedTests} passed, ${counts.numFailedTests} failed, ${counts.numPendingTests} skipped`);
}
rmSync(reportDir, { recursive: true, force: true });
process.exit(failed.length === 0 ? 0 : 1);
