import { sessionKey } from '../../apps/web/src/auth/session.js';
import { ok, type OrgPerson } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';
import { seriousA11yViolations } from './support/axe.js';
import { phone } from './support/browser.js';
import { startConsoleStack, type ConsoleStack } from './support/console-stack.js';
import { LoginPage } from './pages/login.page.js';
import { PasswordPage } from './pages/password.page.js';

/** 修改密码 in the console against the whole stack (support/console-stack.ts), after an admin's reset. */
describe('changing a password the admin reset, in the console', () => {
  let ui: ConsoleStack;
  const temporary = 'Linshi-2026';

  beforeAll(async () => {
    ui = await startConsoleStack();
  });

  afterAll(async () => {
    await ui?.close();
  });

  const reset = async (person: OrgPerson) =>
    ok(await ui.running.api.as(ui.running.adminToken).post(`/people/${person.id}/password-reset`, { temporaryPassword: temporary }));

  it('takes the person from login to 修改密码 on a phone, shows a broken rule beside the field, then goes on to the page asked for', async () => {
    const chen = ui.running.org.people.chen;
    await reset(chen);
    const page = await ui.pageFor(phone);
    await page.goto(`${ui.site}/done`);
    await new LoginPage(page).logIn(chen.email, temporary);
    await page.waitForURL(`${ui.site}/password?returnTo=%2Fdone`);

    const form = new PasswordPage(page);
    await form.heading().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await form.change(temporary, 'Short-1');
    // The API's own words for the rule, tied to 新密码 as a screen reader reads it.
    await pollUntil(() => form.described('新密码'), (text) => text.includes('密码至少需要 10 个字符'), { timeoutMs: 10_000, what: 'the length rule beside 新密码' });
    expect(await seriousA11yViolations(page)).toEqual([]);

    await form.change(temporary, 'Dangjian-2026');
    await page.waitForURL(`${ui.site}/done`);
    // Read from the API with the fresh token: the old one ended with the old password.
    await page.getByText('还没有已办事项').waitFor();
    expect(await ui.running.api.login(chen.email, 'Dangjian-2026')).toEqual(expect.any(String));

    // Changing it again, by choice, is in the account menu and comes back here.
    await page.getByRole('button', { name: /^账号/ }).click();
    await page.getByRole('menuitem', { name: '修改密码' }).click();
    await page.waitForURL(`${ui.site}/password?returnTo=%2Fdone`);
  });

  it('sends a page the API refuses for want of a new password to 修改密码, keeping where it was', async () => {
    const li = ui.running.org.people.li;
    await reset(li);
    const token = await ui.running.api.login(li.email, temporary);
    const page = await ui.pageFor();
    // A tab already holding that login, as one opened before the console knew the change was required.
    const session = JSON.stringify({ token, person: { id: li.id, name: li.name, email: li.email } });
    await page.addInitScript(({ key, value }) => sessionStorage.getItem(key) ?? sessionStorage.setItem(key, value), { key: sessionKey, value: session });
    await page.goto(`${ui.site}/todo`);
    await page.waitForURL(`${ui.site}/password?returnTo=%2Ftodo`);
    await new PasswordPage(page).heading().waitFor();
  });
});
