import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';

/**
 * The token signing secret of a local start: random, made by the first start, kept with the local data (readable
 * by its owner only) and read again by every later start, so logins survive a restart and no two checkouts share
 * a secret. A file someone made readable to others is tightened back to 0600.
 */
export function localJwtSecret(file: string, log: (message: string) => void): string {
  try {
    // 'wx': created here or not at all, so two starts racing on a fresh checkout cannot each write their own.
    writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    log(`generated a random JWT secret in ${file} (mode 0600); set JWT_SECRET to use your own`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if ((statSync(file).mode & 0o077) !== 0) {
    chmodSync(file, 0o600);
    log(`${file} was readable by others; made it 0600`);
  }
  return readFileSync(file, 'utf8').trim();
}
