import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm test`: typecheck, lint, then every jest layer in one run (global setup starts Temporal and prepares
 * Postgres once). Arguments go to jest alone: `npm test -- test/unit/chain.spec.ts` runs one file.
 */
const jestArgs = process.argv.slice(2);

function phase(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.on('exit', (code) => {
      console.log(`◀ ${name}: ${code === 0 ? 'ok' : `failed (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      resolve(code ?? 1);
    });
  });
}

const bin = (name: string) => `node_modules/.bin/${name}`;
const started = Date.now();
const results: [string, number][] = [];
if (jestArgs.length === 0) {
  results.push(['typecheck', await phase('typecheck (tsc --noEmit)', bin('tsc'), ['-p', 'tsconfig.json'])]);
  results.push(['lint', await phase('lint (eslint)', bin('eslint'), ['--max-warnings', '0', '.'])]);
}
const report = join(mkdtempSync(join(tmpdir(), 'tandem-jest-')), 'results.json');
results.push([
  'jest',
  await phase(
    'tests (jest: unit, workflow, e2e, replay)',
    process.execPath,
    ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--runInBand', '--json', `--outputFile=${report}`, ...jestArgs],
    { ...process.env, NODE_NO_WARNINGS: '1' },
  ),
]);
const failed = results.filter(([, code]) => code !== 0).map(([name]) => name);
console.log(`\nnpm test: ${failed.length === 0 ? 'all phases passed' : `failed: ${failed.join(', ')}`} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (existsSync(report)) {
  const counts = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
  // The plain closing line CI reads: tests that ran, whatever the runner.
  console.log(`tests: ${counts.numPassedTests} passed, ${counts.numFailedTests} failed, ${counts.numPendingTests} skipped`);
}
process.exit(failed.length === 0 ? 0 : 1);
