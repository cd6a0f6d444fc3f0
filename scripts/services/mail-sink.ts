import { createServer as createHttpServer, type Server } from 'node:http';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  receivedAt: Date;
}

/** Lets a test play a failing server: return an SMTP error for a recipient, or null to accept. */
export type Responder = (recipient: string) => { code: number; message: string } | null;

export interface MailSink {
  smtpPort: number;
  webUrl: string | null;
  messages: ReceivedMail[];
  waitFor(pred: (messages: ReceivedMail[]) => boolean, timeoutMs: number): Promise<ReceivedMail[]>;
  setResponder(responder: Responder | null): void;
  stop(): Promise<void>;
}

const addresses = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean);

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

function page(messages: ReceivedMail[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) => `<article><header><b>${escapeHtml(m.subject)}</b><br><small>${m.receivedAt.toISOString()} → ${escapeHtml(m.to.join(', '))}</small></header><pre>${escapeHtml(m.text)}</pre></article>`,
    )
    .join('\n');
  return `<!doctype html><meta charset="utf-8"><title>Tandem mail sink</title>
<style>body{font-family:sans-serif;max-width:60em;margin:auto}article{border-bottom:1px solid #ccc;padding:.5em 0}pre{white-space:pre-wrap}</style>
<h1>Sent mail (${messages.length})</h1>${rows || '<p>No mail yet.</p>'}`;
}

/**
 * An SMTP server on loopback that keeps every message it accepts: the e2e tests' real SMTP peer and, with a
 * web port, the page where `npm run up` users read what Tandem sent.
 */
export async function startMailSink({ smtpPort = 0, webPort }: { smtpPort?: number; webPort?: number } = {}): Promise<MailSink> {
  const messages: ReceivedMail[] = [];
  let responder: Responder | null = null;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address, _session: SMTPServerSession, callback) {
      const refusal = responder?.(address.address) ?? null;
      if (!refusal) return callback();
      const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
      callback(error);
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push({
            messageId: mail.messageId ?? '',
            from: addresses(mail.from).join(', '),
            to: addresses(mail.to),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            receivedAt: new Date(),
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(smtpPort, '127.0.0.1', () => resolve());
  });
  const boundSmtpPort = (smtp.server.address() as { port: number }).port;

  let web: Server | null = null;
  if (webPort !== undefined) {
    web = createHttpServer((req, res) => {
      if (req.url === '/messages.json') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(messages));
      } else {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(messages));
      }
    });
    await new Promise<void>((resolve, reject) => web!.once('error', reject).listen(webPort, '127.0.0.1', () => resolve()));
  }

  return {
    smtpPort: boundSmtpPort,
    webUrl: web ? `http://127.0.0.1:${(web.address() as { port: number }).port}` : null,
    messages,
    async waitFor(pred, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!pred(messages)) {
        if (Date.now() > deadline) throw new Error(`mail sink: expected mail did not arrive within ${timeoutMs} ms (${messages.length} received)`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return messages;
    },
    setResponder(next) {
      responder = next;
    },
    async stop() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      if (web) await new Promise<void>((resolve) => web!.close(() => resolve()));
    },
  };
}
