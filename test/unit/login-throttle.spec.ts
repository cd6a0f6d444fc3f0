import { loadConfig } from '../../libs/config/index.js';
import { lockoutMs, loginAccountKey, secondsToWait } from '../../libs/domain/index.js';

describe(lockoutMs.name, () => {
  const policy = { lockoutMs: 60_000, lockoutMaxMs: 3_600_000 };

  it('doubles each further lockout of a streak, from the first one, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => lockoutMs(n, policy) / 60_000)).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
  });

  it('stays finite and capped however long the streak', () => {
    expect(lockoutMs(10_000, policy)).toBe(3_600_000);
    expect(lockoutMs(0, policy)).toBe(60_000);
  });

  it('never shortens the first lockout below its own length when the cap is set lower', () => {
    expect(lockoutMs(3, { lockoutMs: 60_000, lockoutMaxMs: 1_000 })).toBe(60_000);
  });
});

describe('login throttle helpers', () => {
  it('counts an e-mail as one account whatever its case and blanks', () => {
    expect(loginAccountKey('  Chen@Demo.Tandem ')).toBe('chen@demo.tandem');
  });

  it('asks a refused client to wait at least a whole second', () => {
    expect([1, 999, 1000, 1001, 59_500].map(secondsToWait)).toEqual([1, 1, 1, 2, 60]);
  });
});

describe('login throttle configuration', () => {
  const env = { DATABASE_URL: 'postgres://tandem@db/tandem', JWT_SECRET: 'x'.repeat(32) };

  it('limits guessing by default: 60 attempts a minute per address, 10 per account, locked for a minute after 5 failures from one address or 20 from all in an hour, at most an hour', () => {
    expect(loadConfig(env).login).toEqual({
      addressLimit: 60,
      accountLimit: 10,
      rateWindowMs: 60_000,
      lockoutAfter: 5,
      accountLockoutAfter: 20,
      failureWindowMs: 3_600_000,
      lockoutMs: 60_000,
      lockoutMaxMs: 3_600_000,
    });
  });

  it('refuses counts that are not whole numbers of at least 1 and windows that are no durations, naming each', () => {
    expect(() => loadConfig({ ...env, LOGIN_LOCKOUT_AFTER: '0', LOGIN_ADDRESS_LIMIT: 'many', LOGIN_LOCKOUT: 'a while' })).toThrow(
      /LOGIN_ADDRESS_LIMIT must be a whole number of at least 1, got "many"[\s\S]*LOGIN_LOCKOUT_AFTER must be a whole number of at least 1, got "0"[\s\S]*LOGIN_LOCKOUT must be a positive duration/,
    );
  });

  it('reads TRUST_PROXY as a hop count or as addresses, and trusts no proxy when unset', () => {
    expect([undefined, '1', '10.0.0.1, 10.0.0.2'].map((TRUST_PROXY) => loadConfig({ ...env, TRUST_PROXY }).api.trustProxy)).toEqual([false, 1, '10.0.0.1, 10.0.0.2']);
  });
});
