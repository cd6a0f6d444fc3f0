import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../../libs/config/index.js';
import { isScryptN } from '../../../libs/domain/index.js';

/** scrypt's cost: N (CPU and memory, a power of two), r (block size), p (parallelism). */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** Block size and parallelism of new hashes; N, the cost that matters, comes from config (PASSWORD_SCRYPT_N). */
const blockSize = 8;
const parallelism = 1;

/**
 * What new hashes use at a given N. Raising N is a configuration change: stored hashes name their own cost, so they
 * still verify, and each is hashed again at the configured cost on its owner's next successful login.
 */
export const scryptCost = (N: number): ScryptCost => ({ N, r: blockSize, p: parallelism });
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

/** Bounds a stored cost must keep: a row edited to a huge cost must not make one login exhaust the server's memory. */
const sane = ({ N, r, p }: ScryptCost) =>
  isScryptN(N) && Number.isInteger(r) && r >= 1 && r <= 32 && Number.isInteger(p) && p >= 1 && p <= 16;

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
export async function hashPassword(password: string, cost: ScryptCost): Promise<string> {
  const salt = randomBytes(16);
  return format(cost, salt, await derive(password, salt, cost));
}

/** A hash nobody's password matches, so checking an unknown e-mail costs the same scrypt as checking a known one. */
const decoy = (cost: ScryptCost): StoredHash => ({ cost, salt: randomBytes(16), hash: randomBytes(keyLength), legacy: false });

/**
 * Constant-time comparison, and always one scrypt derivation (at `current`, the cost new hashes get, when there is no
 * hash), whether the e-mail is unknown, the person has no password yet, or the password is wrong: the answer time
 * tells nothing about which.
 */
export async function verifyPassword(password: string, stored: string | null | undefined, current: ScryptCost): Promise<boolean> {
  const parsed = parseHash(stored);
  const { cost, salt, hash } = parsed ?? decoy(current);
  const actual = await derive(password, salt, cost);
  return parsed !== undefined && actual.length === hash.length && timingSafeEqual(actual, hash);
}

/** A hash in the older format, or at a cost other than today's, is replaced at its owner's next successful login. */
export function needsRehash(stored: string | null | undefined, current: ScryptCost): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const { N, r, p } = parsed.cost;
  return parsed.legacy || N !== current.N || r !== current.r || p !== current.p;
}

/** The cost config sets for new hashes (PASSWORD_SCRYPT_N). */
export const configuredCost = (config: Pick<Config, 'passwords'>): ScryptCost => scryptCost(config.passwords.scryptN);
