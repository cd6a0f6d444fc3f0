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

describe('login token lifetime (JWT_TTL)', () => {
  const env = { DATABASE_URL: 'postgres://tandem@db/tandem' };

  it('reads a duration into whole seconds, 12 hours when unset', () => {
    expect(loadConfig(env).api.jwtTtlSeconds).toBe(12 * 3600);
    expect(loadConfig({ ...env, JWT_TTL: '30m' }).api.jwtTtlSeconds).toBe(1800);
    expect(loadConfig({ ...env, JWT_TTL: '7d' }).api.jwtTtlSeconds).toBe(7 * 86_400);
  });

  it('refuses to start on a lifetime that is no duration or expires at once, naming the variable with the other problems', () => {
    for (const bad of ['twelve hours', '12', '-1h', '0s', '500ms']) {
      expect(() => loadConfig({ ...env, JWT_TTL: bad })).toThrow(`JWT_TTL must be a duration of at least 1s such as 30m, 12h or 7d, got "${bad}"`);
    }
    expect(() => loadConfig({ ...env, JWT_TTL: 'soon', API_PORT: 'x' })).toThrow(/API_PORT must be a port number[\s\S]*JWT_TTL must be a duration/);
  });

  it('puts mail links under PUBLIC_URL without a trailing slash, the API\'s own address when unset, and refuses a non-http one', () => {
    const base = { DATABASE_URL: 'postgres://x@127.0.0.1/db' };
    expect(loadConfig({ ...base, PUBLIC_URL: 'https://tandem.example.com/' }).publicUrl).toBe('https://tandem.example.com');
    expect(loadConfig({ ...base, API_PORT: '3100' }).publicUrl).toBe('http://127.0.0.1:3100');
    expect(() => loadConfig({ ...base, PUBLIC_URL: 'tandem.example.com' })).toThrow(/PUBLIC_URL must be an http\(s\) address/);
  });
});
