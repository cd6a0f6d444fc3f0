import { loadConfig, loadDatabaseUrl, loadMigrationConfig, loadTemporalConfig } from '../../libs/config/index.js';

const secret = 'x'.repeat(32);

describe('configuration for the audit tools', () => {
  const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://tandem@db/tandem', TEMPORAL_ADDRESS: 'temporal:7233' };

  it('gives audit:verify its database and replay its Temporal server without the API’s production secrets', () => {
    expect(() => loadConfig(production)).toThrow(/JWT_SECRET is required[\s\S]*ADMIN_PASSWORD is required/);
    expect(loadDatabaseUrl(production)).toBe('postgres://tandem@db/tandem');
    expect(loadTemporalConfig({ NODE_ENV: 'production', TEMPORAL_ADDRESS: 'temporal:7233' })).toEqual({ address: 'temporal:7233', namespace: 'default', taskQueue: 'tandem', tls: null, apiKey: null });
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

describe('the token signing secret (JWT_SECRET)', () => {
  const env = { DATABASE_URL: 'postgres://tandem@db/tandem' };

  it('has no default anywhere: a start without one names it, in development as in production', () => {
    expect(() => loadConfig(env)).toThrow(/JWT_SECRET is required \(Secret that signs login tokens, at least 32 bytes/);
    expect(() => loadConfig({ ...env, NODE_ENV: 'production', ADMIN_PASSWORD: 'a-strong-one-1' })).toThrow(/JWT_SECRET is required/);
  });

  it('is not asked of the worker, which signs no token', () => {
    expect(loadConfig(env, { signsTokens: false }).api.jwtSecret).toBe('');
  });

  it('leaves the worker in production without any API secret: no JWT_SECRET, no ADMIN_PASSWORD', () => {
    expect(() => loadConfig({ ...env, NODE_ENV: 'production' })).toThrow('ADMIN_PASSWORD is required');
    expect(loadConfig({ ...env, NODE_ENV: 'production' }, { signsTokens: false }).admin.password).toBe('');
  });

  it('refuses a secret shorter than 32 bytes, the development secret that used to be in the source among them', () => {
    for (const short of ['tandem-development-only-secret', 'x'.repeat(31), '密'.repeat(10)]) {
      expect(() => loadConfig({ ...env, NODE_ENV: 'production', ADMIN_PASSWORD: 'a-strong-one-1', JWT_SECRET: short })).toThrow(
        `JWT_SECRET must be at least 32 bytes, got ${Buffer.byteLength(short)}; generate one with \`openssl rand -base64 48\``,
      );
    }
    expect(loadConfig({ ...env, NODE_ENV: 'production', ADMIN_PASSWORD: 'a-strong-one-1', JWT_SECRET: '密'.repeat(11) }).api.jwtSecret).toBe('密'.repeat(11));
  });
});

describe('the admin account from config', () => {
  const env = { DATABASE_URL: 'postgres://tandem@db/tandem', JWT_SECRET: secret };

  it('must change the well-known default password at first login, but not a password given in ADMIN_PASSWORD', () => {
    expect(loadConfig(env).admin).toMatchObject({ email: 'admin@tandem.local', password: 'tandem-admin', mustChangePassword: true });
    expect(loadConfig({ ...env, ADMIN_PASSWORD: 'tandem-admin' }).admin.mustChangePassword).toBe(false);
  });
});

describe('the cost of new password hashes (PASSWORD_SCRYPT_N)', () => {
  const env = { DATABASE_URL: 'postgres://tandem@db/tandem', JWT_SECRET: secret };
  const production = { ...env, NODE_ENV: 'production', ADMIN_PASSWORD: 'a-strong-one-1' };

  it('is 2^15 unless set, and a cheaper power of two only outside production (the test stacks)', () => {
    expect(loadConfig(env).passwords).toEqual({ scryptN: 32768 });
    expect(loadConfig(production).passwords).toEqual({ scryptN: 32768 });
    expect(loadConfig({ ...env, PASSWORD_SCRYPT_N: '1024' }).passwords).toEqual({ scryptN: 1024 });
    expect(loadConfig({ ...production, PASSWORD_SCRYPT_N: '131072' }).passwords).toEqual({ scryptN: 131072 });
    expect(() => loadConfig({ ...production, PASSWORD_SCRYPT_N: '16384' })).toThrow('PASSWORD_SCRYPT_N must be at least 32768 in production, got "16384"');
  });

  it('refuses what is no power of two, or one a stored hash could not name', () => {
    for (const bad of ['1000', '512', '2097152', 'high', '32768.0x']) {
      expect(() => loadConfig({ ...env, PASSWORD_SCRYPT_N: bad })).toThrow(`PASSWORD_SCRYPT_N must be a power of two from 1024 to 1048576, got "${bad}"`);
    }
  });
});

describe('login token lifetime (JWT_TTL)', () => {
  const env = { DATABASE_URL: 'postgres://tandem@db/tandem', JWT_SECRET: secret };

  it('reads a duration into whole seconds, a working day (8 hours) when unset', () => {
    expect(loadConfig(env).api.jwtTtlSeconds).toBe(8 * 3600);
    expect(loadConfig({ ...env, JWT_TTL: '30m' }).api.jwtTtlSeconds).toBe(1800);
    expect(loadConfig({ ...env, JWT_TTL: '8h' }).api.jwtTtlSeconds).toBe(8 * 3600);
  });

  it('refuses a lifetime longer than a working day', () => {
    for (const long of ['12h', '7d', '481m']) expect(() => loadConfig({ ...env, JWT_TTL: long })).toThrow(`JWT_TTL must be at most 8h, got "${long}"`);
  });

  it('refuses to start on a lifetime that is no duration or expires at once, naming the variable with the other problems', () => {
    for (const bad of ['twelve hours', '12', '-1h', '0s', '500ms']) {
      expect(() => loadConfig({ ...env, JWT_TTL: bad })).toThrow(`JWT_TTL must be a duration of at least 1s such as 30m or 8h, got "${bad}"`);
    }
    expect(() => loadConfig({ ...env, JWT_TTL: 'soon', API_PORT: 'x' })).toThrow(/API_PORT must be a port number[\s\S]*JWT_TTL must be a duration/);
  });

  it('puts mail links under PUBLIC_URL without a trailing slash, the API\'s own address when unset, and refuses a non-http one', () => {
    const base = { DATABASE_URL: 'postgres://x@127.0.0.1/db', JWT_SECRET: secret };
    expect(loadConfig({ ...base, PUBLIC_URL: 'https://tandem.example.com/' }).publicUrl).toBe('https://tandem.example.com');
    expect(loadConfig({ ...base, API_PORT: '3100' }).publicUrl).toBe('http://127.0.0.1:3100');
    expect(() => loadConfig({ ...base, PUBLIC_URL: 'tandem.example.com' })).toThrow(/PUBLIC_URL must be an http\(s\) address/);
  });
});
