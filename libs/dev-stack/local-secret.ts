import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A secret of a local start: random, made by the first start, kept with the local data (readable by its owner only)
 * and read again by every later start, so no two checkouts share one and nothing secret is written in the source.
 * The file appears whole or not at all (linked into place from a complete temporary file), so two starts racing on
 * a fresh checkout agree on one secret. A file someone made readable to others is tightened back to 0600.
 * `created`: this call made it.
 */
export function localSecret(file: string, what: string, log: (message: string) => void): { secret: string; created: boolean } {
  mkdirSync(dirname(file), { recursive: true });
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600 });
  let created = false;
  try {
    linkSync(draft, file);
    created = true;
    log(`generated a random ${what} in ${file} (mode 0600)`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(draft, { force: true });
  }
  if ((statSync(file).mode & 0o077) !== 0) {
    chmodSync(file, 0o600);
    log(`${file} was readable by others; made it 0600`);
  }
  return { secret: readFileSync(file, 'utf8').trim(), created };
}

/** The token signing secret of a local start: logins survive a restart. `JWT_SECRET` overrides it. */
export const localJwtSecret = (file: string, log: (message: string) => void): string =>
  localSecret(file, 'JWT secret (set JWT_SECRET to use your own)', log).secret;
