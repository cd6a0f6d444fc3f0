/**
 * How hard guessing passwords is made (from config; second-scale in tests). Two rates limit every attempt, whatever
 * its outcome: per client address and per account (the e-mail tried). Failures at one account from one address lock
 * that account for that address after `lockoutAfter` within `failureWindowMs`, for `lockoutMs`, then twice as long for
 * each further lockout within a day (the streak), never longer than `lockoutMaxMs`. Failures from all addresses
 * together lock the account after the softer `accountLockoutAfter`, alike, against guessing spread over many
 * addresses. Neither the account's rate nor its account-wide lockout applies at one of its usual addresses (where
 * it logged in within `usualAddressMs`), so nobody elsewhere can lock the owner out by guessing. An e-mail nobody has
 * is treated exactly like one somebody has, so the answers never tell which accounts exist.
 */
export interface LoginThrottlePolicy {
  addressLimit: number;
  accountLimit: number;
  rateWindowMs: number;
  lockoutAfter: number;
  accountLockoutAfter: number;
  failureWindowMs: number;
  lockoutMs: number;
  lockoutMaxMs: number;
}

/** An address where the account logged in is one of its usual ones for this long after that login. */
export const usualAddressMs = 30 * 24 * 60 * 60 * 1000;

/** A streak of lockouts is forgotten a day after it began, or at the account's next successful login. */
export const lockoutStreakMs = 24 * 60 * 60 * 1000;

/** The nth lockout of a streak (n ≥ 1): the first lasts `lockoutMs`, each further one twice the one before, up to the cap. */
export function lockoutMs(nth: number, policy: Pick<LoginThrottlePolicy, 'lockoutMs' | 'lockoutMaxMs'>): number {
  const cap = Math.max(policy.lockoutMaxMs, policy.lockoutMs);
  // 2^30 already exceeds any cap in milliseconds; the exponent is bounded so the product stays finite.
  return Math.min(policy.lockoutMs * 2 ** Math.min(Math.max(nth, 1) - 1, 30), cap);
}

/** One account whatever the case or surrounding blanks of the e-mail typed (login matches e-mails case-insensitively). */
export const loginAccountKey = (email: string): string => email.trim().toLowerCase();

/** Whole seconds to wait, never 0: a Retry-After of 0 invites an immediate retry that is refused again. */
export const secondsToWait = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

export const tooManyAttemptsMessage = (seconds: number): string => `登录尝试过于频繁，请 ${seconds} 秒后再试`;
export const lockedOutMessage = (seconds: number): string => `登录失败次数过多，该账号已暂时锁定，请 ${seconds} 秒后再试`;
