/**
 * One jest project per test layer. ESM throughout (NestJS 12 is ESM-only), so jest runs under
 * `node --experimental-vm-modules` (`npm test` and `npm run jest` do that).
 *
 * ts-jest transpiles file by file without type checking because tsconfig.json sets `isolatedModules`
 * (its own `isolatedModules` option is deprecated in 29.4 and only warns); `npm test` typechecks with tsc.
 */
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  // Sources import './x.js' (nodenext); jest resolves the .ts file behind it.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['**/*.spec.ts'],
};

/**
 * Layers that need the Temporal dev server and Postgres. Their global setup (which also bundles the workflows once
 * for every test file) sits on these projects rather than at the top level: jest runs a project's global hooks only
 * when that project has tests in the run, so `--selectProjects unit` or `npm test -- test/unit/x.spec.ts` starts no
 * server. Both projects name the same module, which jest runs once. The .mjs wrappers load the TypeScript through
 * tsx, because jest imports global hooks with Node's own loader, which cannot map our `.js` imports to `.ts` files.
 */
const withServers = {
  ...common,
  globalSetup: '<rootDir>/test/support/jest-global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/jest-global-teardown.mjs',
  setupFilesAfterEnv: ['<rootDir>/test/support/server-layer-setup.ts'],
};

export default {
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/test/unit'] },
    { ...withServers, displayName: 'workflow', roots: ['<rootDir>/test/workflow'] },
    { ...withServers, displayName: 'e2e', roots: ['<rootDir>/test/e2e'] },
    // The console in Debian's Chromium (playwright-core) against the whole stack; builds the console when stale.
    { ...withServers, displayName: 'browser', roots: ['<rootDir>/test/browser'] },
    // Replay needs no server (Worker.runReplayHistories), only the run's workflow bundle; replaying a year of
    // histories is slow. Run beside the layers above, its setup finds their bundle and builds none.
    {
      ...common,
      displayName: 'replay',
      roots: ['<rootDir>/test/replay'],
      globalSetup: '<rootDir>/test/support/jest-bundle-setup.mjs',
      globalTeardown: '<rootDir>/test/support/jest-bundle-teardown.mjs',
      setupFilesAfterEnv: ['<rootDir>/test/support/server-layer-setup.ts'],
    },
  ],
};
