import type { Locator, Page } from 'playwright-core';

/** 待办 */
export class TodoPage {
  constructor(private readonly page: Page) {}

  heading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: /^待办/ });
  }

  /** The per-kind counters above the list, as shown: 立项审批 2 … */
  counters(): Locator {
    return this.page.getByLabel('按类型统计');
  }

  async open(projectTitle: string): Promise<void> {
    await this.page.getByRole('link', { name: projectTitle }).click();
  }
}
