import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Context } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import {
  beijingDateOf,
  defaultNoticeDelivery,
  digestibleKinds,
  durationMs,
  noticeRetryDelayMs,
  type NoticeDelivery,
  type NoticeRequest,
} from '../libs/domain/index.js';
import { NoticeEntity, PersonEntity, ProjectEntity } from '../libs/db/entities/index.js';
import { refusedForGood, type Mailer } from '../libs/mail/mailer.js';
import { renderNotice } from '../libs/mail/render.js';
import type { ActivityDeps } from './deps.js';
import { digestModeOn } from './digest.activities.js';

export const messageIdFor = (key: string): string => `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@tandem.notice>`;

/** deferred: still pending; whoever holds it now, or the sweeper later, delivers it. */
export type SendOutcome = 'sent' | 'already_sent' | 'failed' | 'in_digest' | 'deferred';

/** A claim lasts this long unless its sender renews it, so a crashed sender's notices are free again soon after. */
const leaseMs = 60_000;
/**
 * How long a workflow waits for its one attempt. A slower send goes on in the background, still holding its claim, so
 * it is never sent twice; the ladder and the approval chain do not wait for the mail server.
 */
const quickWaitMs = 5_000;

/** How long one sweep goes on claiming batches: under the sweep schedule's minute, so runs do not pile up. */
const sweepBudgetMs = 45_000;

/** The columns an attempt needs, as the claiming statements return them. */
interface Claimed {
  id: string;
  key: string;
  email: string;
  subject: string;
  body: string;
  /** Attempts so far, this one included. */
  attempts: number;
}
const claimedColumns = `id, idempotency_key AS key, email, subject, body, attempts`;
/** Free to claim: no live claim, and no attempt whose SMTP transaction may have gone through (see inDoubtReason). */
const leaseFree = `(claimed_until IS NULL OR claimed_until < now()) AND sending_since IS NULL`;
const due = `(next_attempt_at IS NULL OR next_attempt_at <= now())`;
/** A span in milliseconds passed as a query parameter. */
const msParam = (n: number): string => `($${n}::float8 * interval '1 millisecond')`;

/**
 * Why a notice is failed without a second attempt: its sender died (or lost the database for longer than its claim)
 * between starting the SMTP transaction and writing the server's answer. Plain SMTP cannot be asked whether a message
 * arrived, so a resend could put a second copy in the inbox; the notice is listed for admins instead, and the in-app
 * notice stands either way.
 */
export const inDoubtReason = '发送中断：无法确认邮件服务器是否已收到，未自动重发（站内通知已送达）';

/** Retries of a write that must land (an SMTP answer already given): quick at first, then every 5 s, for 15 minutes. */
const outcomeRetryMs = { first: 250, max: 5_000, giveUpAfter: 15 * 60_000 };

/** Names the process and the attempt, so a claim seen in the table says who holds it. */
const claimantId = (): string => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * Every attempt at a notice goes through a claim: written with the row, or taken by one UPDATE that only matches a
 * pending notice whose earlier claim has lapsed. Two attempts at one notice (a retried activity, several projects
 * telling the admins the same thing, the sweeper) can never both hold it.
 */
function noticeOutbox(ds: DataSource, mailer: Mailer) {
  /** The returned rows of a statement, whatever its kind (`ds.query` shapes an UPDATE's answer differently). */
  async function rows<T>(sql: string, params: unknown[]): Promise<T[]> {
    const runner = ds.createQueryRunner();
    try {
      return (await runner.query(sql, params, true)).records as T[];
    } finally {
      await runner.release();
    }
  }

  /**
   * A write of what the mail server answered, tried until it lands: the answer cannot be asked for again, so a
   * database outage must not turn a delivered mail back into a pending one that the sweeper would send twice.
   */
  async function persist<T>(sql: string, params: unknown[]): Promise<T[]> {
    const started = Date.now();
    for (let delay = outcomeRetryMs.first; ; delay = Math.min(delay * 2, outcomeRetryMs.max)) {
      try {
        return await rows<T>(sql, params);
      } catch (error) {
        if (Date.now() - started > outcomeRetryMs.giveUpAfter) throw error;
        await sleep(delay);
      }
    }
  }

  /** Renews the claims while a send runs: a slow server keeps its notice, a dead sender loses it after one lease. */
  function holdClaims(ids: string[], claimant: string, onRenew: () => void = () => undefined): () => void {
    const timer = setInterval(() => {
      onRenew();
      // A failed renewal is tried again at the next tick; a lapsed claim costs a retry, never a lost notice.
      rows(`UPDATE notice SET claimed_until = now() + ${msParam(3)} WHERE id = ANY($1) AND claimed_by = $2 AND status = 'pending'`, [ids, claimant, leaseMs]).catch(() => undefined);
    }, leaseMs / 3);
    return () => clearInterval(timer);
  }

  /**
   * One SMTP attempt at a claimed notice. Just before the server is handed the end of the message (which makes it
   * take the message) the attempt is marked as committing; the server's answer is written right after, retried until
   * it lands. So a notice is mailed again only when the server is known not to have taken it, and only a sender killed
   * in the milliseconds between that mark and the answer leaves it in doubt (inDoubtReason), never sent twice.
   */
  async function deliver(notice: Claimed, claimant: string, delivery: NoticeDelivery, onRenew?: () => void): Promise<'sent' | 'deferred' | 'failed'> {
    const release = holdClaims([notice.id], claimant, onRenew);
    let claimLost = false;
    const markCommitting = async () => {
      const [marked] = await rows<{ id: string }>(
        `UPDATE notice SET sending_since = now() WHERE id = $1 AND claimed_by = $2 AND status = 'pending' AND sending_since IS NULL RETURNING id`,
        [notice.id, claimant],
      );
      // The claim lapsed (this process stalled past its lease): someone else may hold the notice now; send nothing.
      if (!marked) {
        claimLost = true;
        throw new Error('the claim on this notice lapsed before its mail was committed');
      }
    };
    try {
      try {
        await mailer.send(
          {
            to: notice.email,
            subject: notice.subject,
            text: notice.body,
            messageId: messageIdFor(notice.key),
            headers: { 'X-Tandem-Notice-Key': notice.key },
          },
          { beforeCommit: markCommitting },
        );
      } catch (error) {
        if (claimLost) return 'deferred';
        const message = String((error as Error).message).slice(0, 1000);
        if (refusedForGood(error)) {
          await persist(
            `UPDATE notice SET status = 'failed', last_error = $3, sending_since = NULL, claimed_by = NULL, claimed_until = NULL WHERE id = $1 AND claimed_by = $2`,
            [notice.id, claimant, message],
          );
          return 'failed';
        }
        return await deferral(notice, claimant, message, delivery);
      }
      await persist(
        `UPDATE notice SET status = 'sent', sent_at = now(), next_attempt_at = NULL, last_error = NULLIF(last_error, $3), sending_since = NULL, claimed_by = NULL, claimed_until = NULL
         WHERE id = $1 AND claimed_by = $2`,
        [notice.id, claimant, inDoubtReason],
      );
      return 'sent';
    } finally {
      release();
    }
  }

  /** A deferred notice waits for the sweeper, never past the bound: its last attempt falls on it, and then it fails. */
  async function deferral(notice: Claimed, claimant: string, message: string, delivery: NoticeDelivery): Promise<'deferred' | 'failed'> {
    const pastBound = `created_at + ${msParam(4)} <= now()`;
    const [row] = await persist<{ status: 'pending' | 'failed' }>(
      `UPDATE notice SET
         status = CASE WHEN ${pastBound} THEN 'failed' ELSE 'pending' END,
         last_error = CASE WHEN ${pastBound} THEN $5 || $3 ELSE $3 END,
         next_attempt_at = LEAST(now() + ${msParam(6)}, created_at + ${msParam(4)}),
         sending_since = NULL, claimed_by = NULL, claimed_until = NULL
       WHERE id = $1 AND claimed_by = $2
       RETURNING status`,
      [notice.id, claimant, message, durationMs(delivery.giveUpAfter), `not delivered within ${String(delivery.giveUpAfter)}: `, noticeRetryDelayMs(notice.attempts, delivery)],
    );
    return row?.status === 'failed' ? 'failed' : 'deferred';
  }

  /**
   * Notices whose sender died inside an SMTP transaction (claim lapsed, transaction never answered): failed for
   * admins to see, claimant kept, so a sender that was only cut off from the database can still write the answer.
   */
  async function settleInDoubt(): Promise<number> {
    const settled = await rows<{ id: string }>(
      `UPDATE notice SET status = 'failed', last_error = $1
       WHERE status = 'pending' AND sending_since IS NOT NULL AND claimed_until < now()
       RETURNING id`,
      [inDoubtReason],
    );
    return settled.length;
  }

  return { rows, deliver, holdClaims, settleInDoubt };
}

/** A notice about a project follows the digest mode of the project's year; one about no project, today's year. */
async function noticeYear(ds: DataSource, projectId: string | null): Promise<number> {
  const project = projectId ? await ds.getRepository(ProjectEntity).findOne({ where: { id: projectId }, select: { year: true } }) : null;
  return project?.year ?? Number(beijingDateOf(Date.now()).slice(0, 4));
}

export interface SweepResult {
  sent: number;
  deferred: number;
  failed: number;
  /** Failed without a resend because their sender died inside the SMTP transaction (inDoubtReason). */
  inDoubt?: number;
}

export function createNoticesActivities({ ds, mailer, publicUrl }: ActivityDeps) {
  const outbox = noticeOutbox(ds, mailer);
  return {
    /**
     * Outbox first, then one quick SMTP attempt. The unique idempotency key means a retried or re-run activity finds
     * the row, and the claim means it never mails what another attempt is mailing or has mailed. A deferral is not an
     * error here: the notice stays pending with its next attempt, and the sweeper (`retryDueNotices`) retries it.
     * The in-app inbox reads the same row, so a notice stands even when mail fails for good.
     */
    async sendNotice(request: NoticeRequest): Promise<SendOutcome> {
      const person = await ds.manager.findOneByOrFail(PersonEntity, { id: request.recipientId });
      const { subject, text } = renderNotice(request.kind, person.name, request.data, publicUrl);
      // Where the year's policy prefers the daily digest, a routine notice waits in the inbox for the 09:00 mail.
      const digested = digestibleKinds.includes(request.kind) && (await digestModeOn(ds, await noticeYear(ds, request.projectId))) === 'instead';
      const claimant = claimantId();
      const inserted = await outbox.rows<Claimed>(
        `INSERT INTO notice (idempotency_key, recipient_id, email, kind, project_id, subject, body, status, attempts, claimed_by, claimed_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now() + ${msParam(11)})
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING ${claimedColumns}`,
        [request.key, person.id, person.email, request.kind, request.projectId, subject, text, digested ? 'in_digest' : 'pending', digested ? 0 : 1, digested ? null : claimant, digested ? 0 : leaseMs],
      );
      if (digested && inserted.length > 0) return 'in_digest';
      const [claimed] =
        inserted.length > 0
          ? inserted
          : await outbox.rows<Claimed>(
              `UPDATE notice SET claimed_by = $2, claimed_until = now() + ${msParam(3)}, attempts = attempts + 1
               WHERE idempotency_key = $1 AND status = 'pending' AND ${leaseFree} AND ${due}
               RETURNING ${claimedColumns}`,
              [request.key, claimant, leaseMs],
            );
      if (!claimed) {
        const { status } = await ds.manager.findOneByOrFail(NoticeEntity, { idempotencyKey: request.key });
        return status === 'sent' ? 'already_sent' : status === 'pending' ? 'deferred' : status;
      }
      const attempt = outbox.deliver(claimed, claimant, defaultNoticeDelivery);
      return Promise.race([attempt, sleep(quickWaitMs, 'deferred' as const)]);
    },

    /**
     * The sweeper: claims pending notices whose next attempt is due (or whose sender died before mailing), tries each
     * once and writes when to try again, or marks it failed once the bound has passed; a notice whose sender died
     * inside the SMTP transaction is failed for admins instead of mailed twice. Heartbeats while it sends.
     */
    async retryDueNotices(input: { delivery: NoticeDelivery; batch: number }): Promise<SweepResult> {
      const inDoubt = await outbox.settleInDoubt();
      const result: SweepResult = { sent: 0, deferred: 0, failed: 0, inDoubt };
      const heartbeat = () => Context.current().heartbeat();
      // Batch after batch while work is due: a backlog (a mail server back after an hour of 451) drains in one run
      // rather than a batch a minute; within the budget, so a run ends before the schedule's next one starts.
      const until = Date.now() + sweepBudgetMs;
      const claimant = claimantId();
      for (let full = true; full && Date.now() < until; ) {
        const claimed = await outbox.rows<Claimed>(
          `UPDATE notice SET claimed_by = $1, claimed_until = now() + ${msParam(2)}, attempts = attempts + 1
           WHERE id IN (
             SELECT id FROM notice WHERE status = 'pending' AND ${leaseFree} AND ${due}
             ORDER BY next_attempt_at NULLS FIRST, created_at LIMIT $3 FOR UPDATE SKIP LOCKED)
           RETURNING ${claimedColumns}`,
          [claimant, leaseMs, input.batch],
        );
        const release = outbox.holdClaims(
          claimed.map((n) => n.id),
          claimant,
          heartbeat,
        );
        try {
          for (const notice of claimed) {
            heartbeat();
            result[await outbox.deliver(notice, claimant, input.delivery, heartbeat)]++;
          }
        } finally {
          release();
        }
        full = claimed.length === input.batch;
      }
      return result;
    },
  };
}
