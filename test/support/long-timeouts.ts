import { jest } from '@jest/globals';

// Workflow and e2e tests wait for real timers on a real server (second-scale policies, worker restarts), so
// they get minutes; unit tests keep jest's 5 s so a hang there fails fast. testTimeout in jest.config.js is
// global in jest 29, hence this per-project setup file.
jest.setTimeout(120_000);
