import { loadConfig, loadDatabaseUrl, loadMigrationConfig, loadTemporalConfig } from '../../libs/config/index.js';

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

describe('configuration of db:migrate (MIGRATION_DATABASE_URL)', () => {
  const owner = 'postgres://tandem_owner:secret@db/tandem';
  const app = 'postgres://tandem_app:other@db/tandem';

  it('migrates as the owner and grants the role DATABASE_URL names', () => {
    expect(loadMigrationConfig({ NODE_ENV: 'production', MIGRATION_DATABASE_URL: owner, DATABASE_URL: app })).toEqual({ ownerUrl: owner, appRole: 'tandem_app' });
  });

  it('leaves a local start to make the roles itself, but requires both URLs in production', () => {
    expect(loadMigrationConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' })).toEqual({ ownerUrl: null, appRole: '' });
    expect(loadMigrationConfig({})).toEqual({ ownerUrl: null, appRole: '' });
    expect(() => loadMigrationConfig({ NODE_ENV: 'production', DATABASE_URL: app })).toThrow('MIGRATION_DATABASE_URL is required');
    expect(() => loadMigrationConfig({ MIGRATION_DATABASE_URL: owner })).toThrow('DATABASE_URL is required');
  });

  it('refuses to let the app connect as the owner, or as a user no URL names', () => {
    expect(() => loadMigrationConfig({ MIGRATION_DATABASE_URL: owner, DATABASE_URL: 'postgres://tandem_owner:secret@db/tandem' })).toThrow(
      'MIGRATION_DATABASE_URL and DATABASE_URL both connect as "tandem_owner": the app must not connect as the schema owner',
    );
    expect(() => loadMigrationConfig({ MIGRATION_DATABASE_URL: owner, DATABASE_URL: 'postgres://db/tandem' })).toThrow('DATABASE_URL must name its user');
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
});
