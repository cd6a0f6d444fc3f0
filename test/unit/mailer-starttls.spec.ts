import { createServer, type AddressInfo, type Server } from 'node:net';
import { createMailer } from '../../libs/mail/mailer.js';

/**
 * Issue 12: a relay on 587 that takes mail only over STARTTLS, without credentials (an internal relay trusting the
 * network). The mailer must ask for the upgrade whenever the server offers it, not only when it logs in. The relay
 * here offers STARTTLS and records what the client says after EHLO; it has no certificate to upgrade with (454), so
 * the send fails either way: what matters is that the mailer asked for TLS instead of sending MAIL FROM in the clear.
 */
describe('the mailer and a relay that offers STARTTLS', () => {
  let relay: Server;
  let port: number;
  const commands: string[] = [];

  beforeAll(async () => {
    relay = createServer((socket) => {
      socket.write('220 relay.example.org ESMTP\r\n');
      let pending = '';
      socket.on('data', (chunk: Buffer) => {
        pending += chunk.toString('latin1');
        for (let end = pending.indexOf('\r\n'); end >= 0; end = pending.indexOf('\r\n')) {
          const line = pending.slice(0, end);
          pending = pending.slice(end + 2);
          commands.push(line.split(' ')[0].split(':')[0].toUpperCase());
          if (/^(EHLO|HELO)/i.test(line)) socket.write('250-relay.example.org\r\n250-STARTTLS\r\n250 8BITMIME\r\n');
          else if (/^STARTTLS/i.test(line)) socket.end('454 4.7.0 TLS not available due to temporary reason\r\n');
          else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
          else socket.write('530 5.7.0 Must issue a STARTTLS command first\r\n');
        }
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    port = (relay.address() as AddressInfo).port;
  });

  afterAll(() => new Promise<void>((resolve) => relay.close(() => resolve())));

  it('asks for TLS before anything else when it has no credentials', async () => {
    const mailer = createMailer({ host: '127.0.0.1', port, secure: false, user: null, password: null, from: 'Tandem <tandem@example.org>' });
    try {
      await expect(mailer.send({ to: 'li@example.org', subject: '待办提醒', text: '请处理', messageId: '<k-starttls@tandem>' })).rejects.toThrow();
    } finally {
      mailer.close();
    }
    expect(commands.slice(0, 2)).toEqual(['EHLO', 'STARTTLS']);
    expect(commands).not.toContain('MAIL');
  });
});
