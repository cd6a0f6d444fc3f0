import { jest } from '@jest/globals';

// Workflow and e2e tests wait for real timers on a real server (second-scale policies, worker restarts), so
// they get minutes; unit tests keep jest's 5 s so a hang there fails fast. testTimeout in jest.config.js is
// global in jest 29, hence this per-project setup file.
jest.setTimeout(120_000);

// Node's own depth (production's), not jest's 100 frames: every refusal the API answers creates an error whose stack
// the error filter reads, and jest maps each frame through source maps, so at 100 frames the stacks cost more CPU than
// the requests in files that send many refusals (the access matrix, the fuzzer), while every other file waited.
Error.stackTraceLimit = 10;
