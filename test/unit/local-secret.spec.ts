import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../libs/config/index.js';
import { localJwtSecret } from '../../libs/dev-stack/local-secret.js';

describe('the token secret of a local start (npm run up)', () => {
  let dir: string;
  const said: string[] = [];
  const log = (message: string) => said.push(message);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-secret-'));
    said.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is made once, at random, readable by its owner only, and read again by every later start', () => {
    const file = join(dir, 'jwt-secret');
    const first = localJwtSecret(file, log);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(localJwtSecret(file, log)).toBe(first);
    expect(said).toHaveLength(1);
    // Long enough for the API to start with it; another checkout gets another one.
    expect(loadConfig({ DATABASE_URL: 'postgres://x@y/z', JWT_SECRET: first }).api.jwtSecret).toBe(first);
    expect(localJwtSecret(join(dir, 'other'), log)).not.toBe(first);
  });

  it('tightens a secret file others could read back to 0600', () => {
    const file = join(dir, 'jwt-secret');
    writeFileSync(file, 'k'.repeat(48));
    chmodSync(file, 0o644);
    expect(localJwtSecret(file, log)).toBe('k'.repeat(48));
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
