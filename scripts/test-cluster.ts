import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { buildForCluster } from '../libs/dev-stack/tandem-cluster.js';

/**
 * `npm run test:cluster`: test/cluster against the production topology, which its spec starts itself from what is
 * built here, as the image's build step builds it (dist, then the workflow bundle). Not part of `npm test`.
 */
const log = (message: string) => console.log(`[test:cluster] ${message}`);
const started = Date.now();
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

log('compiling and bundling the workflows into .data/cluster-dist…');
const built = await buildForCluster('.data/cluster-dist');
log(`built in ${seconds(started)}`);

// The e2e projects' jest settings (jest.config.js), for this one folder, which no project of `npm test` includes.
const config = {
  rootDir: resolve('.'),
  roots: ['<rootDir>/test/cluster'],
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['**/*.spec.ts'],
};
const jest = spawn(
  process.execPath,
  ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--config', JSON.stringify(config), '--runInBand', ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, CLUSTER_DIST: built.dist, CLUSTER_BUNDLE: built.bundle } },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => jest.kill(signal));
jest.once('exit', (code, signal) => {
  log(`finished in ${seconds(started)}`);
  process.exit(code ?? (signal ? 1 : 0));
});
