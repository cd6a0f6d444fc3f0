import { mailFaults } from '../../scripts/services/mail-sink.js';

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
