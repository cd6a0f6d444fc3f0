import { defaultNoticeDelivery, noticeRetryDelayMs } from '../../libs/domain/index.js';
import { refusedForGood } from '../../libs/mail/mailer.js';

describe('noticeRetryDelayMs', () => {
  it('lets the next sweep retry after the first attempt, then doubles the wait up to the longest', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7].map((attempts) => noticeRetryDelayMs(attempts, defaultNoticeDelivery));
    expect(waits).toEqual([0, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000]);
  });

  it('reads second-scale policies as well', () => {
    expect(noticeRetryDelayMs(3, { firstRetry: '1s', maxRetry: '5s', giveUpAfter: '1m' })).toBe(2_000);
  });
});

describe('refusedForGood', () => {
  const smtpError = (responseCode: number) => Object.assign(new Error(`${responseCode} answer`), { responseCode });

  it('gives up on a message the server refuses (550 mailbox unavailable, 554 policy)', () => {
    expect([550, 554].map((code) => refusedForGood(smtpError(code)))).toEqual([true, true]);
  });

  it('retries a deferral (451) and an error without an SMTP answer (a timeout, a refused connection)', () => {
    expect(refusedForGood(smtpError(451))).toBe(false);
    expect(refusedForGood(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' }))).toBe(false);
  });

  it('retries answers about the session rather than the message (530 must issue STARTTLS, 535 credentials), so a mail setting fixed in time loses nothing', () => {
    expect([530, 534, 535, 538].map((code) => refusedForGood(smtpError(code)))).toEqual([false, false, false, false]);
  });
});
