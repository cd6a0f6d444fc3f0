import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { startTestPostgres } from '../test/support/global-setup.js';
import { buildWorkflowBundle, workflowBundleEnv, workflowBundlePath } from '../test/support/workflow-bundle.js';

/**
 * `npm test`: typecheck, lint and every jest layer, in four lanes that run at once (each jest run's global setup
 * starts Temporal and prepares Postgres, only for the layers that need them):
 *
 * - timed: the test files whose assertions ride on second-scale timers of a real server (named below), one at a
 *   time, so none of them shares the CPU with another of them;
 * - browser: the console built, then the journeys in Chromium against a whole stack;
 * - checks: typecheck, lint and the layer rules;
 * - rest: every other test file (unit, replay, the API's refusals, the fuzzer), one at a time.
 *
 * Most of a timed file's time is spent waiting for its timers, which leaves the two cores to the other lanes. All
 * lanes use one Postgres (DATABASE_URL, else an embedded cluster started here), each its own Temporal dev server.
 * Arguments go to one jest run alone and skip typecheck and lint: `npm test -- test/unit/chain.spec.ts` runs one file.
 */
const jestArgs = process.argv.slice(2);

/** What this script reads of jest's --json report. */
interface JestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: {
    name: string;
    startTime: number;
    endTime: number;
    assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
  }[];
}

/** A failure's first lines without colour codes: CI keeps only the tail of a run's output, and this is read there. */
function failureHead(message: string): string {
  // eslint-disable-next-line no-control-regex
  return message.replace(/\u001b\[[0-9;]*m/g, '').split('\n').filter((line) => line.trim()).slice(0, 6).join('\n    ');
}

/**
 * The timed lane: every workflow test, and the e2e files that wait for reminders, overdue marks, escalations, digests
 * or outage deadlines of a few seconds and count what came. A new file whose assertions ride on such timers goes here.
 */
const timingSensitive = [
  'test/workflow/',
  'test/e2e/approval-actions.spec.ts',
  'test/e2e/approval-due-dates.spec.ts',
  'test/e2e/calendar-reschedule.spec.ts',
  'test/e2e/campaigns.spec.ts',
  'test/e2e/digest.spec.ts',
  'test/e2e/ledger.spec.ts',
  'test/e2e/login-throttle.spec.ts',
  'test/e2e/notices.spec.ts',
  'test/e2e/outage.spec.ts',
  'test/e2e/project-year.spec.ts',
];
/** Every folder of code whose imports the layer rules (.dependency-cruiser.mjs) check; `npm run lint:layers` names the same. */
const layerRoots = ['apps', 'libs', 'workflows', 'activities', 'scripts', 'bench', 'test'];

const secondsSince = (started: number) => `${((Date.now() - started) / 1000).toFixed(1)} s`;

const running = new Set<ChildProcess>();
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // Jest must run its global teardown, or the Temporal dev server and Postgres it started are left behind.
    interrupted = true;
    for (const child of running) child.kill(signal);
  });
}

/** A line-prefixed copy of a lane's output, so two lanes' lines stay readable side by side. */
function relay(stream: NodeJS.ReadableStream, to: NodeJS.WriteStream, prefix: string): void {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => to.write(`${prefix}${line}\n`));
}

function phase(name: string, args: string[], { env = process.env, lane }: { env?: NodeJS.ProcessEnv; lane?: string } = {}): Promise<number> {
  const started = Date.now();
  const prefix = lane ? `[${lane}] ` : '';
  console.log(`\n${prefix}▶ ${name}`);
  return new Promise((resolve) => {
    // The same node that runs this script, so no PATH or shell shim decides which tools run.
    const child = spawn(process.execPath, args, { stdio: lane ? ['ignore', 'pipe', 'pipe'] : 'inherit', env });
    running.add(child);
    if (lane) {
      relay(child.stdout!, process.stdout, prefix);
      relay(child.stderr!, process.stderr, prefix);
    }
    child.on('error', (error) => {
      console.error(error);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      running.delete(child);
      console.log(`${prefix}◀ ${name}: ${code === 0 ? 'ok' : `failed (${signal ?? `exit ${code}`})`} in ${secondsSince(started)}`);
      resolve(code ?? 1);
    });
  });
}

const reportDir = mkdtempSync(join(tmpdir(), 'tandem-jest-'));
/** Silences only Node's "VM Modules is an experimental feature" warning, printed once per run. */
const jestEnv = { ...process.env, NODE_NO_WARNINGS: '1' };
const jest = (report: string, args: string[]) => [
  '--experimental-vm-modules',
  'node_modules/jest/bin/jest.js',
  '--runInBand',
  '--json',
  `--outputFile=${join(reportDir, report)}`,
  ...args,
];

const started = Date.now();
const results: [string, number][] = [];
const run = async (name: string, label: string, args: string[], options?: Parameters<typeof phase>[2]) => {
  if (!interrupted) results.push([name, await phase(label, args, options)]);
};

if (jestArgs.length > 0) {
  await run('jest', `tests (jest ${jestArgs.join(' ')})`, jest('results.json', jestArgs), { env: jestEnv });
} else {
  // The checks of the source are a lane of their own: before the other files' jest, they put five minutes of CPU on
  // the longest lane's path. They need neither Postgres nor the bundle, so they start at once.
  const checks = (async () => {
    await run('typecheck', 'typecheck (tsc --noEmit)', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit'], { lane: 'checks' });
    // The console compiles for the browser (DOM, JSX, bundler resolution): its own project.
    await run('typecheck console', 'typecheck console (tsc -p apps/web)', ['node_modules/typescript/bin/tsc', '-p', 'apps/web/tsconfig.json'], { lane: 'checks' });
    await run('lint', 'lint (eslint)', ['node_modules/eslint/bin/eslint.js', '--max-warnings', '0', '.'], { lane: 'checks' });
    await run('layers', 'layer rules (dependency-cruiser)', ['node_modules/dependency-cruiser/bin/dependency-cruise.mjs', '--config', '.dependency-cruiser.mjs', ...layerRoots], { lane: 'checks' });
  })();
  // One workflow bundle for the three jest lanes, whose global setups then build none: webpack's seconds of CPU, once.
  const bundleDir = mkdtempSync(join(tmpdir(), 'tandem-bundle-'));
  const [postgres, bundle] = await Promise.allSettled([
    startTestPostgres((message) => console.log(`[postgres] ${message}`)),
    buildWorkflowBundle(bundleDir),
  ]);
  if (postgres.status === 'fulfilled' && bundle.status === 'fulfilled') {
    const laneEnv = { ...jestEnv, DATABASE_URL: postgres.value.url, [workflowBundleEnv]: workflowBundlePath() };
    // Paths as jest matches them: a regex on each file's absolute path.
    const timedPattern = timingSensitive.map((path) => `/${path.replaceAll('.', '\\.')}`).join('|');
    await Promise.all([
      run('jest (browser)', 'tests (jest, browser lane: the console in Chromium)', jest('browser.json', ['--selectProjects', 'browser']), { env: laneEnv, lane: 'browser' }),
      run('jest (timed)', 'tests (jest, timed lane: workflow and second-scale e2e files)', jest('timed.json', ['--selectProjects', 'workflow', 'e2e', '--testPathPattern', timedPattern]), {
        env: laneEnv,
        lane: 'timed',
      }),
      run(
        'jest (rest)',
        'tests (jest, rest lane: unit, replay and the other e2e files)',
        jest('rest.json', ['--selectProjects', 'unit', 'e2e', 'replay', '--testPathIgnorePatterns', '/node_modules/', timedPattern]),
        { env: laneEnv, lane: 'rest' },
      ),
    ]);
  } else {
    for (const failed of [postgres, bundle]) if (failed.status === 'rejected') console.error(failed.reason);
    results.push(['test services (Postgres, workflow bundle)', 1]);
  }
  await checks;
  if (postgres.status === 'fulfilled') await postgres.value.stop();
  rmSync(bundleDir, { recursive: true, force: true });
}

const failed = results.filter(([, code]) => code !== 0).map(([name]) => name);
if (interrupted) failed.push('interrupted');
console.log(`\nnpm test: ${failed.length === 0 ? 'all phases passed' : `failed: ${failed.join(', ')}`} in ${secondsSince(started)}`);
const counts = { passed: 0, failed: 0, skipped: 0 };
const files: { name: string; seconds: number }[] = [];
const failures: string[] = [];
for (const report of ['results.json', 'timed.json', 'browser.json', 'rest.json'].map((name) => join(reportDir, name)).filter(existsSync)) {
  const lane = JSON.parse(readFileSync(report, 'utf8')) as JestReport;
  counts.passed += lane.numPassedTests;
  counts.failed += lane.numFailedTests;
  counts.skipped += lane.numPendingTests;
  files.push(...lane.testResults.map((file) => ({ name: relative(process.cwd(), file.name), seconds: (file.endTime - file.startTime) / 1000 })));
  for (const file of lane.testResults) {
    for (const test of file.assertionResults.filter((t) => t.status === 'failed')) {
      failures.push(`✕ ${relative(process.cwd(), file.name)} › ${test.fullName}\n    ${failureHead(test.failureMessages[0] ?? '')}`);
    }
  }
}
if (failures.length > 0) console.log(`failed tests:\n${failures.join('\n')}`);
// Where a run's time went, for whoever balances the lanes next.
console.log(`slowest files: ${files.sort((a, b) => b.seconds - a.seconds).slice(0, 10).map((f) => `${f.name} ${f.seconds.toFixed(0)} s`).join(', ')}`);
// The plain closing line CI reads: tests that ran, whatever the runner.
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
rmSync(reportDir, { recursive: true, force: true });
process.exit(failed.length === 0 ? 0 : 1);
