import { createServer as createHttpServer, type Server } from 'node:http';
import type { Readable } from 'node:stream';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  from: string;
  /** Addresses of the To header. */
  to: string[];
  /** Envelope recipients (RCPT TO): To, Cc and Bcc, i.e. everyone this one transmission was delivered to. */
  envelopeTo: string[];
  /** Decoded (RFC 2047 / quoted-printable / base64 undone): Chinese text reads as written. */
  subject: string;
  text: string;
  html?: string;
  receivedAt: Date;
  /** The message exactly as transmitted, headers included. */
  raw: string;
  /** Tandem's X-Tandem-Notice-Key header: the notice row this mail delivers (one mail per key is the promise). */
  noticeKey?: string;
}

/** An SMTP reply that refuses: 4xx tells the client to retry later, 5xx that it never will succeed. */
export interface SmtpRefusal {
  code: number;
  message: string;
}

export type ResponderInput =
  | { stage: 'RCPT'; from: string; recipient: string }
  | { stage: 'DATA'; from: string; recipients: string[]; mail: ReceivedMail };

/** Lets a test play a failing server: return a refusal for this recipient or message, or null to accept. */
export type Responder = (input: ResponderInput) => SmtpRefusal | null | undefined;

/**
 * The faults a real relay shows, as responders: `deferEveryone` is a relay that is overloaded or greylisting (451
 * for every recipient: try again later); `rejectRecipients` one that refuses some mailboxes for good (550). Used by
 * the chaos harness (bench/chaos) and by tests; `setResponder(null)` heals the server.
 */
export const mailFaults = {
  deferEveryone: (): Responder => (input) => (input.stage === 'RCPT' ? { code: 451, message: '4.3.2 Try again later (mail sink fault: deferring everyone)' } : null),
  rejectRecipients: (addresses: Iterable<string>): Responder => {
    const refused = new Set([...addresses].map((a) => a.toLowerCase()));
    return (input) =>
      input.stage === 'RCPT' && refused.has(input.recipient.toLowerCase())
        ? { code: 550, message: `5.1.1 <${input.recipient}>: mailbox unavailable (mail sink fault)` }
        : null;
  },
};

export interface RefusedAttempt {
  stage: 'RCPT' | 'DATA';
  code: number;
  recipients: string[];
  subject?: string;
  at: Date;
}

export interface MailSinkOptions {
  /** 0 (default) picks a free port. */
  smtpPort?: number;
  /** With it, a page listing received mail at / and the same as JSON at /messages.json. */
  webPort?: number;
  /** Loopback by default: the sink accepts anything from anyone, so it must never face a network. */
  host?: string;
}

export interface MailSink {
  smtpPort: number;
  webUrl: string | null;
  /** Accepted mail, oldest first. Live: it grows as mail arrives. */
  messages: ReceivedMail[];
  /** Refusals the responder produced, oldest first. */
  refused: RefusedAttempt[];
  waitFor(pred: (messages: ReceivedMail[]) => boolean, timeoutMs: number): Promise<ReceivedMail[]>;
  clear(): void;
  setResponder(responder: Responder | null): void;
  /** Answers each recipient only after this long, as a slow server does (0, the default: at once). */
  setLatency(ms: number): void;
  stop(): Promise<void>;
}

const addresses = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean);

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function page(messages: ReceivedMail[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) =>
        `<article><header><b>${escapeHtml(m.subject)}</b><br><small>${m.receivedAt.toISOString()} → ${escapeHtml(m.to.join(', '))}</small></header>` +
        `<pre>${escapeHtml(m.text)}</pre></article>`,
    )
    .join('\n');
  return `<!doctype html><meta charset="utf-8"><title>Tandem mail sink</title>
<style>body{font-family:sans-serif;max-width:60em;margin:auto}article{border-bottom:1px solid #ccc;padding:.5em 0}pre{white-space:pre-wrap}</style>
<h1>Sent mail (${messages.length}, newest first)</h1>${rows || '<p>No mail yet.</p>'}`;
}

const smtpError = ({ code, message }: SmtpRefusal) => Object.assign(new Error(message), { responseCode: code });

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function listen(server: { listen(port: number, host: string, cb: () => void): unknown; once(e: 'error', cb: (error: Error) => void): unknown }, port: number, host: string) {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

/**
 * A plain SMTP server (no TLS, no auth) that keeps every message it accepts: the real SMTP peer of the e2e tests
 * and, with a web port, the page where `npm run up` users read what Tandem sent.
 */
export async function startMailSink({ smtpPort = 0, webPort, host = '127.0.0.1' }: MailSinkOptions = {}): Promise<MailSink> {
  const messages: ReceivedMail[] = [];
  const refused: RefusedAttempt[] = [];
  let responder: Responder | null = null;
  let latencyMs = 0;

  const smtp = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    // Pooled clients keep connections open; stopping must not wait the default 30 s for them to leave.
    closeTimeout: 1_000,
    onRcptTo(address, session, callback) {
      const answer = () => {
        const refusal = responder?.({ stage: 'RCPT', from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', recipient: address.address });
        if (!refusal) return callback();
        refused.push({ stage: 'RCPT', code: refusal.code, recipients: [address.address], at: new Date() });
        callback(smtpError(refusal));
      };
      if (latencyMs > 0) setTimeout(answer, latencyMs);
      else answer();
    },
    onData(stream, session, callback) {
      const recipients = session.envelope.rcptTo.map((r) => r.address);
      const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      // The whole message is read before answering: replying early would desynchronise the SMTP dialogue.
      readAll(stream)
        .then(async (raw) => {
          const parsed = await simpleParser(raw);
          const mail: ReceivedMail = {
            messageId: parsed.messageId ?? '',
            from: addresses(parsed.from).join(', ') || from,
            to: addresses(parsed.to),
            envelopeTo: recipients,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            ...(typeof parsed.html === 'string' ? { html: parsed.html } : {}),
            receivedAt: new Date(),
            raw: raw.toString('utf8'),
            ...(typeof parsed.headers.get('x-tandem-notice-key') === 'string' && { noticeKey: parsed.headers.get('x-tandem-notice-key') as string }),
          };
          const refusal = responder?.({ stage: 'DATA', from, recipients, mail });
          if (refusal) {
            refused.push({ stage: 'DATA', code: refusal.code, recipients, subject: mail.subject, at: new Date() });
            return callback(smtpError(refusal));
          }
          messages.push(mail);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  // A client that vanishes mid-dialogue (a worker killed while sending, a pooled connection dropped) resets its
  // socket; the server reports that as an 'error' event, which unheard would end the process hosting the sink.
  smtp.on('error', () => undefined);
  await listen(smtp, smtpPort, host);
  const boundSmtpPort = (smtp.server.address() as { port: number }).port;

  let web: Server | null = null;
  if (webPort !== undefined) {
    web = createHttpServer((req, res) => {
      if (req.url === '/messages.json') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify([...messages].reverse()));
      } else if (req.url === '/' || req.url?.startsWith('/?')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(messages));
      } else {
        res.writeHead(404).end();
      }
    });
    await listen(web, webPort, host);
  }

  return {
    smtpPort: boundSmtpPort,
    webUrl: web ? `http://${host}:${(web.address() as { port: number }).port}` : null,
    messages,
    refused,
    async waitFor(pred, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!pred(messages)) {
        if (Date.now() > deadline) {
          const subjects = messages.map((m) => `${m.to.join(',')}: ${m.subject}`).slice(-10);
          throw new Error(`mail sink: expected mail did not arrive within ${timeoutMs} ms; ${messages.length} received, latest:\n  ${subjects.join('\n  ')}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      return messages;
    },
    clear() {
      // In place: callers may hold the array.
      messages.length = 0;
      refused.length = 0;
    },
    setResponder(next) {
      responder = next;
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    async stop() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      if (web) {
        const server = web;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      }
    },
  };
}
