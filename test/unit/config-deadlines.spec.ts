import { loadConfig } from '../../libs/config/index.js';

describe('configuration of deadlines and the worker probe', () => {
  const base = { DATABASE_URL: 'postgres://tandem@db/tandem', JWT_SECRET: 'k'.repeat(32) };

  it('gives every dependency a deadline by default and no worker probe unless a port is named', () => {
    const config = loadConfig(base);
    expect(config.deadlines).toEqual({ temporalMs: 10_000, databaseConnectMs: 3_000, databaseQueryMs: 10_000 });
    expect(config.worker).toEqual({ healthPort: null });
  });

  it('reads durations in ms, s or m and the probe port', () => {
    const config = loadConfig({ ...base, TEMPORAL_TIMEOUT: '1.5s', DATABASE_CONNECT_TIMEOUT: '500ms', DATABASE_QUERY_TIMEOUT: '2m', WORKER_HEALTH_PORT: '3001' });
    expect(config.deadlines).toEqual({ temporalMs: 1_500, databaseConnectMs: 500, databaseQueryMs: 120_000 });
    expect(config.worker).toEqual({ healthPort: 3001 });
  });

  it('names every deadline that is not a positive duration, and a probe port that is not a port', () => {
    expect(() => loadConfig({ ...base, TEMPORAL_TIMEOUT: '10', DATABASE_CONNECT_TIMEOUT: '0s', DATABASE_QUERY_TIMEOUT: 'soon', WORKER_HEALTH_PORT: 'x' })).toThrow(
      /TEMPORAL_TIMEOUT must be a positive duration such as 10s or 500ms, got "10"[\s\S]*DATABASE_CONNECT_TIMEOUT must be a positive duration[^\n]*"0s"[\s\S]*DATABASE_QUERY_TIMEOUT must be a positive duration[^\n]*"soon"[\s\S]*WORKER_HEALTH_PORT must be a port number, got "x"/,
    );
  });
});
