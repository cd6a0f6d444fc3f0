import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workflowBundlePath } from '../support/workflow-bundle.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const digests = 'test/replay/histories/dailyDigest';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `npm run replay -- …` without the bootstrap, against the source tree: the run's bundle of it, never a prebuilt bundle
 * a shell's WORKFLOW_BUNDLE_PATH may point at.
 */
function replay(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/replay.ts', ...args],
      { cwd: root, env: { ...process.env, WORKFLOW_BUNDLE_PATH: workflowBundlePath() } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe('npm run replay', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-replay-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replays every history under a folder and exits 0 with a summary', async () => {
    const { code, stdout } = await replay('--dir', digests);
    expect(stdout).toMatch(/^2 histories replayed in \d+\.\d s: all deterministic$/m);
    expect(code).toBe(0);
  });

  it('exits 1 and says what is wrong with a history that lost its first event', async () => {
    const file = join(dir, 'cut.json');
    const { events } = JSON.parse(readFileSync(join(root, digests, 'v1.0-digest-digest-test-scheduled.json'), 'utf8')) as { events: unknown[] };
    writeFileSync(file, JSON.stringify({ events: events.slice(1) }));
    const { code, stdout } = await replay('--file', file);
    expect(stdout).toContain(`DIVERGED ${file}`);
    expect(stdout).toMatch(/event: +1 \(WorkflowTaskScheduled\)\n +expected: WorkflowExecutionStarted\n +found: +WorkflowTaskScheduled\n/);
    expect(code).toBe(1);
  });

  it('exits 2 naming the file when it is not JSON', async () => {
    const file = join(dir, 'truncated.json');
    writeFileSync(file, '{"events": [{"eventId": "1", ');
    const { code, stderr } = await replay('--file', file);
    expect(stderr).toContain(`replay: ${file} is not JSON`);
    expect(code).toBe(2);
  });

  it('exits 2 with the usage line when no source is given', async () => {
    const { code, stderr } = await replay();
    expect(stderr).toContain('usage: npm run replay -- --workflow-id ID | --file F | --dir D');
    expect(code).toBe(2);
  });
});
