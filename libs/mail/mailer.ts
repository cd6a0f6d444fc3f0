import { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import type { Config } from '../config/index.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  messageId: string;
  headers?: Record<string, string>;
}

export interface SendOptions {
  /**
   * Runs once the server has been handed the whole message but its end, the moment SMTP makes it take the message:
   * the end goes out only after this resolves, and never if it rejects (the server then drops the message). A crash
   * can leave the sender unsure whether a message went out only between this and the server's answer.
   */
  beforeCommit?: () => Promise<void>;
}

export interface Mailer {
  send(mail: OutgoingMail, options?: SendOptions): Promise<void>;
  close(): void;
}

/** One pooled SMTP transport per worker process; connections are reused across notices. */
export function createMailer(smtp: Config['smtp']): Mailer {
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: 3,
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    // STARTTLS is used whenever the server offers it, with or without credentials: a relay on 587 that requires it
    // answers 530 to a plain-text sender. A server that offers none (the loopback sink) is spoken to in plain text.
    // A hung server must not hold a send (and its claim on the notice) for nodemailer's default ten minutes.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  // Builds the message (headers, encodings) without sending it, so it can be streamed with its end held back.
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(mail, { beforeCommit } = {}) {
      const message = { from: smtp.from, ...mail };
      if (!beforeCommit) {
        await transport.sendMail(message);
        return;
      }
      const { envelope, message: raw } = await composer.sendMail(message);
      let handedOver = false;
      const body = new Readable({
        read() {
          if (handedOver) return;
          handedOver = true;
          this.push(raw);
          beforeCommit().then(
            () => this.push(null),
            (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))),
          );
        },
      });
      await transport.sendMail({ envelope, raw: body });
    },
    close: () => {
      transport.close();
      composer.close();
    },
  };
}

/**
 * Answers about our own session, not the message: 530 (authentication or STARTTLS required), 534, 535 (credentials),
 * 538 (encryption required). The operator mends them in the mail settings, so they are retried like a deferral until
 * the notice's bound, and then listed for admins with the server's answer, never dropped as refused on the first try.
 */
const sessionRefusals = new Set([530, 534, 535, 538]);

/** Whether the server refused this message for good (5xx: a bad mailbox, a policy refusal), so retrying is useless. */
export function refusedForGood(error: unknown): boolean {
  const code = (error as { responseCode?: number } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && !sessionRefusals.has(code);
}
