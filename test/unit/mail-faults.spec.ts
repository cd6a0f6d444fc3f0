import { connect } from 'node:net';
import { createTransport } from 'nodemailer';
import { mailFaults, startMailSink } from '../../libs/dev-stack/mail-sink.js';

const rcpt = (recipient: string) => ({ stage: 'RCPT' as const, from: 'tandem@example.org', recipient });

describe('mail sink fault modes (npm run chaos)', () => {
  it('defers every recipient with 451, which a client must retry later', () => {
    const fault = mailFaults.deferEveryone();
    expect(fault(rcpt('a@x.cn'))).toMatchObject({ code: 451 });
    expect(fault(rcpt('b@x.cn'))).toMatchObject({ code: 451 });
  });

  it('refuses only the named recipients for good (5xx), case-insensitively, and accepts the others', () => {
    const fault = mailFaults.rejectRecipients(['Li@X.cn']);
    expect(fault(rcpt('li@x.cn'))).toMatchObject({ code: 550 });
    expect(fault(rcpt('zhang@x.cn'))).toBeNull();
  });
});

describe('mail sink, when a client vanishes mid-message (a worker killed by kill -9 while sending)', () => {
  /** A client half-way through a large DATA that resets its connection (RST), as the kernel does for a killed process. */
  const vanishMidMessage = (port: number, afterMs: number) =>
    new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      const steps = ['EHLO worker\r\n', 'MAIL FROM:<tandem@example.org>\r\n', 'RCPT TO:<li@x.cn>\r\n', 'DATA\r\n'];
      socket.on('data', () => {
        const next = steps.shift();
        if (next) return socket.write(next);
        socket.write(`Subject: cut short\r\n\r\n${'x'.repeat(2_000_000)}`);
        setTimeout(() => {
          socket.resetAndDestroy();
          resolve();
        }, afterMs);
      });
    });

  it('keeps running and accepts the next mail', async () => {
    const sink = await startMailSink();
    try {
      for (const afterMs of [20, 50, 100]) await vanishMidMessage(sink.smtpPort, afterMs);
      await new Promise((r) => setTimeout(r, 300));
      const mailer = createTransport({ host: '127.0.0.1', port: sink.smtpPort, secure: false, ignoreTLS: true });
      await mailer.sendMail({ from: 'tandem@example.org', to: 'li@x.cn', subject: 'after the reset', text: 'still here', headers: { 'X-Tandem-Notice-Key': 'k-1' } });
      mailer.close();
      expect(sink.messages.map((m) => [m.subject, m.noticeKey])).toEqual([['after the reset', 'k-1']]);
    } finally {
      await sink.stop();
    }
  });
});
