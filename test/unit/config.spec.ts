import { loadConfig, loadDatabaseUrl, loadTemporalConfig } from '../../libs/config/index.js';

describe('configuration for the audit tools', () => {
  const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://tandem@db/tandem', TEMPORAL_ADDRESS: 'temporal:7233' };

  it('gives audit:verify its database and replay its Temporal server without the API’s production secrets', () => {
    expect(() => loadConfig(production)).toThrow(/JWT_SECRET is required[\s\S]*ADMIN_PASSWORD is required/);
    expect(loadDatabaseUrl(production)).toBe('postgres://tandem@db/tandem');
    expect(loadTemporalConfig({ NODE_ENV: 'production', TEMPORAL_ADDRESS: 'temporal:7233' })).toEqual({ address: 'temporal:7233', namespace: 'default', taskQueue: 'tandem' });
  });

  it('still names what the tool itself needs', () => {
    expect(() => loadDatabaseUrl({})).toThrow('DATABASE_URL is required');
  });
});
