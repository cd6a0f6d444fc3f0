/**
 * One jest project per test layer. ESM throughout (NestJS 12 is ESM-only): run with
 * `node --experimental-vm-modules`, which `npm test` does.
 */
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['**/*.spec.ts'],
};

export default {
  // Real servers and second-scale policies: a test waits for timers to fire, never for a fake clock.
  testTimeout: 240_000,
  globalSetup: '<rootDir>/test/support/jest-global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/jest-global-teardown.mjs',
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/test/unit'] },
    { ...common, displayName: 'workflow', roots: ['<rootDir>/test/workflow'] },
    { ...common, displayName: 'e2e', roots: ['<rootDir>/test/e2e'] },
    { ...common, displayName: 'replay', roots: ['<rootDir>/test/replay'] },
  ],
};
