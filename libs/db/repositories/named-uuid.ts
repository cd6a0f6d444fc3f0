import { createHash } from 'node:crypto';

/**
 * A UUID named by a string (SHA-256, laid out as a name-based UUID): the same name always gives the same id. Records
 * named by what made them (a request's Idempotency-Key, a scheduled run's workflow id) are found again, not made
 * twice, when the request or the write is retried.
 */
export function namedUuid(name: string): string {
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
