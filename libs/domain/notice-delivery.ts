import { durationMs, type Duration } from './duration.js';

/**
 * How hard mail is tried before admins are told it failed. The workflows' own attempt is the first; the sweeper owns
 * every retry after it, so a deferring mail server never holds a ladder or an approval chain.
 */
export interface NoticeDelivery {
  /** Wait before the second retry; each later wait doubles (the first retry is the sweeper's next run). */
  firstRetry: Duration;
  maxRetry: Duration;
  /** A notice not delivered this long after it was written is marked failed and listed for admins. */
  giveUpAfter: Duration;
}

export const defaultNoticeDelivery: NoticeDelivery = { firstRetry: '1m', maxRetry: '10m', giveUpAfter: '1h' };

/**
 * The wait after a deferred attempt, by the attempts made so far: none after the first (the next sweep retries it),
 * then firstRetry, doubling up to maxRetry.
 */
export function noticeRetryDelayMs(attempts: number, delivery: NoticeDelivery): number {
  if (attempts <= 1) return 0;
  return Math.min(durationMs(delivery.firstRetry) * 2 ** (attempts - 2), durationMs(delivery.maxRetry));
}
