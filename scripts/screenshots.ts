import { spawn } from 'node:child_process';

/**
 * `npm run screenshots`: bench/console/screenshots.run.ts through jest (its global setup starts Temporal, Postgres and
 * bundles the workflows, as for the browser tests), with scripts/screenshots.jest.config.mjs, so `npm test` never runs it.
 */
const child = spawn(
  process.execPath,
  ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--config', 'scripts/screenshots.jest.config.mjs', '--runInBand'],
  { stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));
