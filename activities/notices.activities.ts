import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { beijingDateOf, digestibleKinds, type NoticeRequest } from '../libs/domain/index.js';
import { NoticeEntity, PersonEntity } from '../libs/db/entities/index.js';
import { renderNotice } from '../libs/mail/render.js';
import type { ActivityDeps } from './deps.js';
import { digestModeOn } from './digest.activities.js';

/** SMTP answers 5xx for errors that will not go away by trying again (bad mailbox, policy refusal). */
const isPermanent = (error: unknown): boolean => {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500;
};

export const messageIdFor = (key: string): string => `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@tandem.notice>`;

export type SendOutcome = 'sent' | 'already_sent' | 'failed' | 'in_digest';

export function createNoticesActivities({ ds, mailer }: ActivityDeps) {
  return {
    /**
     * Outbox first, then one SMTP send. The unique idempotency key means a retried or re-run activity finds
     * the row and, once it is marked sent, never mails again. The in-app inbox reads the same row, so a
     * notice stands even when mail fails for good.
     */
    async sendNotice(request: NoticeRequest): Promise<SendOutcome> {
      const person = await ds.manager.findOneByOrFail(PersonEntity, { id: request.recipientId });
      const { subject, text } = renderNotice(request.kind, person.name, request.data);
      // Where the year's policy prefers the daily digest, a routine notice waits in the inbox for the 09:00 mail.
      const digested = digestibleKinds.includes(request.kind) && (await digestModeOn(ds, Number(beijingDateOf(Date.now()).slice(0, 4)))) === 'instead';
      await ds
        .createQueryBuilder()
        .insert()
        .into(NoticeEntity)
        .values({
          idempotencyKey: request.key,
          recipientId: person.id,
          email: person.email,
          kind: request.kind,
          projectId: request.projectId,
          subject,
          body: text,
          status: digested ? 'in_digest' : 'pending',
          attempts: 0,
        })
        .orIgnore()
        .execute();
      const notice = await ds.manager.findOneByOrFail(NoticeEntity, { idempotencyKey: request.key });
      if (notice.status === 'sent') return 'already_sent';
      if (notice.status === 'failed') return 'failed';
      if (notice.status === 'in_digest') return 'in_digest';
      try {
        await mailer.send({
          to: notice.email,
          subject: notice.subject,
          text: notice.body,
          messageId: messageIdFor(notice.idempotencyKey),
          headers: { 'X-Tandem-Notice-Key': notice.idempotencyKey },
        });
      } catch (error) {
        const permanent = isPermanent(error);
        await ds.manager.update(NoticeEntity, notice.id, {
          attempts: () => 'attempts + 1',
          lastError: String((error as Error).message).slice(0, 1000),
          ...(permanent && { status: 'failed' as const }),
        });
        if (permanent) throw ApplicationFailure.create({ type: 'SMTP_REJECTED', message: (error as Error).message, nonRetryable: true });
        throw error;
      }
      await ds.manager.update(NoticeEntity, notice.id, { status: 'sent', sentAt: new Date(), attempts: () => 'attempts + 1' });
      return 'sent';
    },
  };
}
