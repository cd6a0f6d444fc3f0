import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const keyLength = 64;

const derive = (password: string, salt: Buffer): Promise<Buffer> =>
  new Promise((resolve, reject) => scrypt(password, salt, keyLength, (error, key) => (error ? reject(error) : resolve(key))));

/** `scrypt$<salt>$<hash>`, both base64: the salt travels with the hash, no pepper to lose. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${(await derive(password, salt)).toString('base64')}`;
}

/** A hash nobody's password matches, so checking an unknown e-mail costs the same scrypt as checking a known one. */
const decoy = `scrypt$${randomBytes(16).toString('base64')}$${randomBytes(keyLength).toString('base64')}`;

/**
 * Constant-time comparison, and always one scrypt derivation, whether the e-mail is unknown, the person has no
 * password yet, or the password is wrong: the answer time tells nothing about which.
 */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const usable = typeof stored === 'string' && stored.split('$').length === 3 && stored.startsWith('scrypt$');
  const [, salt, hash] = (usable ? stored : decoy).split('$');
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'));
  return usable && actual.length === expected.length && timingSafeEqual(actual, expected);
}
