import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Client, WorkflowIdReusePolicy } from '@temporalio/client';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import type { Config } from '../../../libs/config/index.js';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import {
  lockedOutMessage,
  lockoutMs,
  lockoutStreakMs,
  loginAccountKey,
  loginLockoutWorkflowId,
  secondsToWait,
  tooManyAttemptsMessage,
} from '../../../libs/domain/index.js';
import type { LoginLockoutInput } from '../../../workflows/login-lockout.messages.js';
import { CONFIG } from '../core/core.module.js';
import { TooManyRequests } from '../http/too-many-requests.js';

/** The person behind an e-mail, when there is one: only they and the admins hear of a lockout. */
export interface LockedAccount {
  personId: string;
  name: string;
}

/**
 * The login throttle, on rate-limiter-flexible's Postgres store (table login_limit): state survives a restart and is
 * shared by every API process. @nestjs/throttler was the first choice, but its CommonJS build require()s the
 * ESM-only @nestjs/common 12, which jest (the test runner of every e2e test booting the API) cannot load.
 *
 * Failed logins are not audited one by one (an anonymous caller could grow the organisation's chain without bound):
 * a lockout of an existing person's account is, once when it starts, with the attempts that caused it; the owner and
 * the admins are told through a notice keyed by the lockout. Lockouts are at most a few a day per account, and
 * e-mails of nobody are locked alike but leave no audit row.
 */
@Injectable()
export class LoginThrottle implements OnApplicationShutdown {
  private readonly logger = new Logger(LoginThrottle.name);
  private readonly byAddress: RateLimiterPostgres;
  private readonly byAccount: RateLimiterPostgres;
  /** Failures per account within the window; blocked (locked) for the lockout once they reach the limit. */
  private readonly failures: RateLimiterPostgres;
  /** Lockouts per account within a day: the streak that doubles each next lockout. */
  private readonly lockouts: RateLimiterPostgres;
  /** Alerts begun and not yet handed to Temporal, awaited on shutdown so none is cut off half-way. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly ds: DataSource,
    private readonly client: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    const { login } = config;
    const store = (keyPrefix: string, points: number, durationMs: number) =>
      new RateLimiterPostgres({ storeClient: ds, storeType: 'typeorm', tableName: 'login_limit', tableCreated: true, keyPrefix, points, duration: durationMs / 1000 });
    this.byAddress = store('address', login.addressLimit, login.rateWindowMs);
    this.byAccount = store('account', login.accountLimit, login.rateWindowMs);
    this.failures = store('failures', login.lockoutAfter, login.failureWindowMs);
    this.lockouts = store('lockouts', Number.MAX_SAFE_INTEGER, lockoutStreakMs);
  }

  /** Counts an attempt from `address` at `email` (when the body names one); refuses it past either rate. */
  async countAttempt(address: string, email: string | undefined): Promise<void> {
    const consume = (limiter: RateLimiterPostgres, key: string) => limiter.consume(key).then(() => 0, (res: unknown) => waitOf(res));
    const waits = await Promise.all([consume(this.byAddress, keyOf(address)), email === undefined ? 0 : consume(this.byAccount, accountKeyOf(email))]);
    const wait = Math.max(...waits);
    if (wait > 0) throw new TooManyRequests(tooManyAttemptsMessage(secondsToWait(wait)), secondsToWait(wait));
  }

  /** Refuses any attempt at a locked account, the right password included: it must not be guessed while locked. */
  async refuseIfLocked(email: string): Promise<void> {
    const res = await this.failures.get(accountKeyOf(email));
    if (res && res.consumedPoints > this.failures.points) throw this.lockedOut(res.msBeforeNext);
  }

  /**
   * One more failure. The failure that reaches the limit (exactly one does, the store counts atomically) locks the
   * account and is answered 429 rather than 401; the lockout of an existing account is audited and alerted.
   */
  async recordFailure(email: string, address: string, account: LockedAccount | null): Promise<void> {
    const key = accountKeyOf(email);
    const res = await this.failures.consume(key).catch((rejected: unknown) => {
      if (rejected instanceof RateLimiterRes) return rejected;
      throw rejected;
    });
    if (res.consumedPoints < this.failures.points) return;
    if (res.consumedPoints > this.failures.points) {
      // Another failure locked the account meanwhile: its block, not what is left of the failure window, says how long.
      const locked = await this.failures.get(key);
      throw this.lockedOut(locked?.msBeforeNext ?? res.msBeforeNext);
    }
    const { consumedPoints: nth } = await this.lockouts.consume(key);
    const ms = lockoutMs(nth, this.config.login);
    await this.failures.block(key, ms / 1000);
    if (account) this.track(this.reportLockout(account, { email: loginAccountKey(email), address, nth, lockedUntil: new Date(Date.now() + ms).toISOString() }));
    throw this.lockedOut(ms);
  }

  /** The owner proved the password: earlier failures and the lockout streak are forgotten. */
  async recordSuccess(email: string): Promise<void> {
    const key = accountKeyOf(email);
    await Promise.all([this.failures.delete(key), this.lockouts.delete(key)]);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private lockedOut(ms: number): TooManyRequests {
    return new TooManyRequests(lockedOutMessage(secondsToWait(ms)), secondsToWait(ms));
  }

  /**
   * Off the request's path, so the answer takes as long for an e-mail of somebody as for one of nobody. A failure is
   * logged: the lockout itself stands in the database either way.
   */
  private track(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => this.logger.error(`could not audit or alert a login lockout: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private async reportLockout(account: LockedAccount, lockout: { email: string; address: string; nth: number; lockedUntil: string }): Promise<void> {
    const failures = this.config.login.lockoutAfter;
    await this.ds.transaction((m) =>
      appendAudit(m, {
        projectId: null,
        actorId: null,
        action: 'login_locked',
        entity: 'person',
        entityId: account.personId,
        detail: { ...lockout, failures },
      }),
    );
    const workflowId = loginLockoutWorkflowId(account.personId, lockout.lockedUntil);
    await this.client.connection.withDeadline(Date.now() + this.config.deadlines.temporalMs, () =>
      this.client.workflow.start('loginLockout', {
        workflowId,
        taskQueue: this.config.temporal.taskQueue,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        args: [{ personId: account.personId, personName: account.name, email: lockout.email, failures, lockedUntil: lockout.lockedUntil, address: lockout.address } satisfies LoginLockoutInput],
      }),
    );
  }
}

/**
 * Limiter keys are hashes: the guard counts an attempt before the body is validated, so an e-mail or a forwarded
 * address may be anything (a NUL byte Postgres refuses, more than the key column holds), and the table keeps no
 * e-mail in the clear.
 */
const keyOf = (value: string): string => createHash('sha256').update(value).digest('base64url');
const accountKeyOf = (email: string): string => keyOf(loginAccountKey(email));

/** How long a refused consume must wait; anything else a limiter throws is a fault of the store (an outage: 503). */
function waitOf(rejected: unknown): number {
  if (rejected instanceof RateLimiterRes) return Math.max(rejected.msBeforeNext, 1);
  throw rejected;
}
