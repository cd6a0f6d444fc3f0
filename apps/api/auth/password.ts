import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt's cost: N (CPU and memory, a power of two), r (block size), p (parallelism). */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/**
 * What new hashes use. Raising it is a one-line change: stored hashes name their own cost, so they still verify,
 * and each is hashed again at the current cost on its owner's next successful login.
 */
export const currentCost: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };
/** The cost of hashes written before they recorded one (`scrypt$salt$hash`): node's defaults. */
const legacyCost: ScryptCost = { N: 2 ** 14, r: 8, p: 1 };
const keyLength = 64;

interface StoredHash {
  cost: ScryptCost;
  salt: Buffer;
  hash: Buffer;
  legacy: boolean;
}

/** scrypt needs 128·N·r bytes; node refuses anything above its 32 MiB default unless told the bound. */
const derive = (password: string, salt: Buffer, { N, r, p }: ScryptCost): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scrypt(password, salt, keyLength, { N, r, p, maxmem: 256 * N * r }, (error, key) => (error ? reject(error) : resolve(key))),
  );

const b64 = (b: Buffer) => b.toString('base64');
const format = (cost: ScryptCost, salt: Buffer, hash: Buffer) => `scrypt$N=${cost.N},r=${cost.r},p=${cost.p}$${b64(salt)}$${b64(hash)}`;

/** Bounds a stored cost must keep: a row edited to N=2^40 must not make one login exhaust the server's memory. */
const sane = ({ N, r, p }: ScryptCost) =>
  Number.isInteger(N) && N >= 2 ** 10 && N <= 2 ** 20 && (N & (N - 1)) === 0 && Number.isInteger(r) && r >= 1 && r <= 32 && Number.isInteger(p) && p >= 1 && p <= 16;

/** `scrypt$N=…,r=…,p=…$<salt>$<hash>` (base64), or the older `scrypt$<salt>$<hash>`; undefined for anything else. */
export function parseHash(stored: string | null | undefined): StoredHash | undefined {
  if (typeof stored !== 'string') return undefined;
  const parts = stored.split('$');
  if (parts[0] !== 'scrypt') return undefined;
  if (parts.length === 3) return { cost: legacyCost, salt: Buffer.from(parts[1], 'base64'), hash: Buffer.from(parts[2], 'base64'), legacy: true };
  if (parts.length !== 4) return undefined;
  const params = /^N=(\d+),r=(\d+),p=(\d+)$/.exec(parts[1]);
  if (!params) return undefined;
  const cost = { N: Number(params[1]), r: Number(params[2]), p: Number(params[3]) };
  if (!sane(cost)) return undefined;
  return { cost, salt: Buffer.from(parts[2], 'base64'), hash: Buffer.from(parts[3], 'base64'), legacy: false };
}

/** The salt and the cost travel with the hash: no pepper to lose, and the cost can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return format(currentCost, salt, await derive(password, salt, currentCost));
}

/** A hash nobody's password matches, so checking an unknown e-mail costs the same scrypt as checking a known one. */
const decoy: StoredHash = { cost: currentCost, salt: randomBytes(16), hash: randomBytes(keyLength), legacy: false };

/**
 * Constant-time comparison, and always one scrypt derivation, whether the e-mail is unknown, the person has no
 * password yet, or the password is wrong: the answer time tells nothing about which.
 */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parsed = parseHash(stored);
  const { cost, salt, hash } = parsed ?? decoy;
  const actual = await derive(password, salt, cost);
  return parsed !== undefined && actual.length === hash.length && timingSafeEqual(actual, hash);
}

/** A hash in the older format, or at a cost other than today's, is replaced at its owner's next successful login. */
export function needsRehash(stored: string | null | undefined): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const { N, r, p } = parsed.cost;
  return parsed.legacy || N !== currentCost.N || r !== currentCost.r || p !== currentCost.p;
}
