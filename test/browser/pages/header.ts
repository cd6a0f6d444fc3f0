import type { Locator, Page } from 'playwright-core';

/** The header every page shares: the menu (待办 … 抄送我的) and the notices bell. */
export class Header {
  constructor(private readonly page: Page) {}

  bell(): Locator {
    return this.page.getByRole('button', { name: /^通知：\d+ 条未读$/ });
  }

  /** The bell's unread count, as a screen reader reads it. */
  async unread(): Promise<number> {
    return Number((await this.bell().getAttribute('aria-label'))?.match(/\d+/)?.[0]);
  }

  menu(name: string | RegExp): Locator {
    return this.page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name });
  }
}
