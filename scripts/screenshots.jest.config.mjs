import base from '../jest.config.js';

/** The browser layer's setup (servers, workflow bundle, long timeouts) for the screenshots run, and nothing of npm test. */
const browser = base.projects.find((p) => p.displayName === 'browser');

export default { ...browser, displayName: 'screenshots', rootDir: '..', roots: ['<rootDir>/bench/console'], testMatch: ['**/*.run.ts'] };
