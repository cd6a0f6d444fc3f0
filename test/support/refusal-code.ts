import { DomainError } from '../../libs/domain/index.js';

/** The DomainError code a call refuses with, or 'accepted'. Anything else thrown is a real failure. */
export function refusalCodeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'accepted';
}
