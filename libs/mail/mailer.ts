import nodemailer from 'nodemailer';
import type { Config } from '../config/index.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  messageId: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
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
    // Only an unauthenticated plain relay (the loopback sink of `up` and tests) skips STARTTLS; with
    // credentials, nodemailer upgrades the connection before it sends them.
    ignoreTLS: !smtp.secure && smtp.user === null,
  });
  return {
    async send(mail) {
      await transport.sendMail({ from: smtp.from, ...mail });
    },
    close: () => transport.close(),
  };
}
