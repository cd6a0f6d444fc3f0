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
  usualAddressMs,
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
 * Lockouts are by account and address: guesses from one address lock the account for that address only; guesses
 * spread over many addresses lock it, after a softer limit, for every address but the owner's usual ones (where it
 * logged in lately). So the right password from the owner's usual address still works while someone elsewhere is
 * guessing, and nobody can lock an administrator out by guessing at their account.
 *
 * Failed logins are not audited one by one (an anonymous caller could grow the organisation's chain without bound):
 * a lockout of an existing person's account is, once when it starts, with the attempts that caused it; the owner and
 * the admins are told through a notice keyed by the lockout. Lockouts are at most a few a day per account and
 * address, and e-mails of nobody are locked alike but leave no audit row.
 */
@Injectable()
export class LoginThrottle implements OnApplicationShutdown {
  private readonly logger = new Logger(LoginThrottle.name);
  private readonly byAddress: RateLimiterPostgres;
  private readonly byAccount: RateLimiterPostgres;
  /** Failures per account and address, then per account from every address: each locks once it reaches its limit. */
  private readonly failures: Record<LockScope, RateLimiterPostgres>;
  /** Lockouts within a day, per account and address and per account: the streak that doubles each next lockout. */
  private readonly lockouts: Record<LockScope, RateLimiterPostgres>;
  /** The addresses where each account logged in lately (a key per account and address). */
  private readonly usual: RateLimiterPostgres;
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
    // The account-wide counts keep the prefixes the account-only ones had, so a lockout under way at an upgrade holds.
    this.failures = { address: store('failures-at', login.lockoutAfter, login.failureWindowMs), account: store('failures', login.accountLockoutAfter, login.failureWindowMs) };
    this.lockouts = { address: store('lockouts-at', Number.MAX_SAFE_INTEGER, lockoutStreakMs), account: store('lockouts', Number.MAX_SAFE_INTEGER, lockoutStreakMs) };
    this.usual = store('usual', Number.MAX_SAFE_INTEGER, usualAddressMs);
  }

  /** Counts an attempt from `address` at `email` (when the body names one); refuses it past either rate. */
  async countAttempt(address: string, email: string | undefined): Promise<void> {
    const consume = (limiter: RateLimiterPostgres, key: string) => limiter.consume(key).then(() => 0, (res: unknown) => waitOf(res));
    const atAccount = async () => (email === undefined || (await this.isUsual(email, address)) ? 0 : consume(this.byAccount, accountKeyOf(email)));
    const waits = await Promise.all([consume(this.byAddress, keyOf(address)), atAccount()]);
    const wait = Math.max(...waits);
    if (wait > 0) throw new TooManyRequests(tooManyAttemptsMessage(secondsToWait(wait)), secondsToWait(wait));
  }

  /** Refuses any attempt at an account locked for this address, the right password included: it must not be guessed while locked. */
  async refuseIfLocked(email: string, address: string): Promise<void> {
    for (const scope of await this.scopesAt(email, address)) {
      const res = await this.failures[scope].get(keyIn(scope, email, address));
      if (res && res.consumedPoints > this.failures[scope].points) throw this.lockedOut(res.msBeforeNext);
    }
  }

  /**
   * One more failure, counted for the account at this address and for the account. The failure that reaches a limit
   * (exactly one does, the store counts atomically) locks the account there and is answered 429 rather than 401; the
   * lockout of an existing account is audited and alerted.
   */
  async recordFailure(email: string, address: string, account: LockedAccount | null): Promise<void> {
    const applies = await this.scopesAt(email, address);
    let refusal: TooManyRequests | null = null;
    for (const scope of lockScopes) {
      const locked = await this.countFailure(scope, email, address, account);
      if (locked !== null && applies.includes(scope)) refusal ??= this.lockedOut(locked);
    }
    if (refusal) throw refusal;
  }

  /** The owner proved the password here: this address's failures and streak are forgotten, and it is a usual one. */
  async recordSuccess(email: string, address: string): Promise<void> {
    const key = keyIn('address', email, address);
    await Promise.all([this.failures.address.delete(key), this.lockouts.address.delete(key), this.usual.set(key, 1, usualAddressMs / 1000)]);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async isUsual(email: string, address: string): Promise<boolean> {
    return (await this.usual.get(keyIn('address', email, address))) !== null;
  }

  /** The lockouts that hold at this address: the account-wide one does not at the owner's usual addresses. */
  private async scopesAt(email: string, address: string): Promise<LockScope[]> {
    return (await this.isUsual(email, address)) ? ['address'] : [...lockScopes];
  }

  /** Counts one failure in `scope`; the milliseconds the account is locked for when this failure locked it or found it locked. */
  private async countFailure(scope: LockScope, email: string, address: string, account: LockedAccount | null): Promise<number | null> {
    const limiter = this.failures[scope];
    const key = keyIn(scope, email, address);
    const res = await limiter.consume(key).catch((rejected: unknown) => {
      if (rejected instanceof RateLimiterRes) return rejected;
      throw rejected;
    });
    if (res.consumedPoints < limiter.points) return null;
    if (res.consumedPoints > limiter.points) {
      // Another failure locked it meanwhile: its block, not what is left of the failure window, says how long.
      return (await limiter.get(key))?.msBeforeNext ?? res.msBeforeNext;
    }
    const { consumedPoints: nth } = await this.lockouts[scope].consume(key);
    const ms = lockoutMs(nth, this.config.login);
    await limiter.block(key, ms / 1000);
    if (account) {
      const lockout = { email: loginAccountKey(email), address, nth, scope, failures: limiter.points, lockedUntil: new Date(Date.now() + ms).toISOString() };
      this.track(this.reportLockout(account, lockout));
    }
    return ms;
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

  private async reportLockout(account: LockedAccount, lockout: { email: string; address: string; nth: number; scope: LockScope; failures: number; lockedUntil: string }): Promise<void> {
    await this.ds.transaction((m) =>
      appendAudit(m, { projectId: null, actorId: null, action: 'login_locked', entity: 'person', entityId: account.personId, detail: { ...lockout } }),
    );
    const workflowId = loginLockoutWorkflowId(account.personId, `${lockout.scope}:${lockout.lockedUntil}`);
    const { failures, lockedUntil, address, email } = lockout;
    await this.client.connection.withDeadline(Date.now() + this.config.deadlines.temporalMs, () =>
      this.client.workflow.start('loginLockout', {
        workflowId,
        taskQueue: this.config.temporal.taskQueue,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        args: [{ personId: account.personId, personName: account.name, email, failures, lockedUntil, address } satisfies LoginLockoutInput],
      }),
    );
  }
}

/** What a lockout holds for: the account at one address, or the account at every address but its usual ones. */
const lockScopes = ['address', 'account'] as const;
type LockScope = (typeof lockScopes)[number];

/**
 * Limiter keys are hashes: the guard counts an attempt before the body is validated, so an e-mail or a forwarded
 * address may be anything (a NUL byte Postgres refuses, more than the key column holds), and the table keeps no
 * e-mail in the clear.
 */
const keyOf = (value: string): string => createHash('sha256').update(value).digest('base64url');
const accountKeyOf = (email: string): string => keyOf(loginAccountKey(email));
const keyIn = (scope: LockScope, email: string, address: string): string =>
  scope === 'account' ? accountKeyOf(email) : keyOf(`${loginAccountKey(email)}\u0000${address}`);

/** How long a refused consume must wait; anything else a limiter throws is a fault of the store (an outage: 503). */
function waitOf(rejected: unknown): number {
  if (rejected instanceof RateLimiterRes) return Math.max(rejected.msBeforeNext, 1);
  throw rejected;
}
