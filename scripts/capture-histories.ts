import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

/**
 * `npm run capture-histories`: runs the full-year e2e test against a fresh dev server and stores the history
 * of every execution it drove under test/replay/histories/. Re-capture only for a deliberate, patched()
 * change of workflow shape; commit the new files with that change.
 */
const dir = 'test/replay/histories';
rmSync(dir, { recursive: true, force: true });
const child = spawn(
  process.execPath,
  ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--runInBand', '--selectProjects', 'e2e', 'test/e2e/project-year.spec.ts'],
  { stdio: 'inherit', env: { ...process.env, CAPTURE_HISTORIES_DIR: dir } },
);
child.on('exit', (code) => process.exit(code ?? 1));
