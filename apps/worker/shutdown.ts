/**
 * On SIGTERM the worker stops polling, gives running activities (a mail being sent, a record being written) this long
 * to finish, then cancels them, and gives up on stragglers at `forceS`. docker-compose.yml's stop_grace_period
 * leaves room beyond that to close the connections (test/unit/deploy-files.spec.ts holds the two together).
 */
export const workerShutdown = { graceS: 10, forceS: 20 };
