import { spawn } from 'node:child_process';

/**
 * `npm run capture-histories -- v2`: runs the full-year, approval-action, campaign, digest and ledger e2e tests and stores the history of every execution
 * it drove under test/replay/histories/<workflowType>/v2-<case>.json. Histories of earlier versions stay:
 * they are what proves today's code still replays executions started by yesterday's.
 */
const version = process.argv[2];
if (!version || !/^v\d+$/.test(version)) {
  console.error('usage: npm run capture-histories -- v<N>   (the version label of the new files, e.g. v2)');
  process.exit(2);
}
const dir = 'test/replay/histories';
const child = spawn(
  process.execPath,
  ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--runInBand', '--selectProjects', 'e2e', '--testPathPattern', 'e2e/(project-year|approval-actions|campaigns|digest|ledger)'],
  { stdio: 'inherit', env: { ...process.env, CAPTURE_HISTORIES_DIR: dir, CAPTURE_HISTORIES_VERSION: version } },
);
child.on('exit', (code) => process.exit(code ?? 1));
