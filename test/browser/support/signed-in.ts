import type { BrowserContextOptions, Page } from 'playwright-core';
import { sessionKey } from '../../../apps/web/src/auth/session.js';
import { LoginPage } from '../pages/login.page.js';
import type { OrgPerson } from '../../support/api.js';
import type { ConsoleStack } from './console-stack.js';

/**
 * A page already logged in as this person, with the token the API gave them (the login page has its own tests):
 * the session is in the tab's storage before the console's first script runs.
 */
export async function pageAs(ui: ConsoleStack, who: OrgPerson, options?: BrowserContextOptions): Promise<Page> {
  const page = await ui.pageFor(options);
  const session = { token: who.token, person: { id: who.id, name: who.name, email: who.email } };
  await page.addInitScript(([key, value]) => sessionStorage.setItem(key, value), [sessionKey, JSON.stringify(session)] as const);
  return page;
}

/** A page logged in through the login form at a deep link, as a person opening a mail's link does: back where they were going. */
export async function loggedInAt(ui: ConsoleStack, url: string, who: OrgPerson, options?: BrowserContextOptions): Promise<Page> {
  const page = await ui.pageFor(options);
  await page.goto(url);
  await new LoginPage(page).logIn(who.email, who.password);
  await page.waitForURL(url);
  return page;
}
