import type { Locator, Page } from 'playwright-core';

/** 新建项目 and a project's page: its form (also the 退回 revision), 催办 / 撤回, the chain. */
export class ProjectPage {
  constructor(private readonly page: Page) {}

  heading(name: string | RegExp): Locator {
    return this.page.getByRole('heading', { level: 1, name });
  }

  /** Picks an option of an antd select by its label, typing to search where it searches. */
  async pick(label: string, option: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).click();
    await this.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
  }

  goal(row: number, field: '目标' | '目标值'): Locator {
    return this.page.getByLabel(`第${row}项${field}`, { exact: true });
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  status(): Locator {
    return this.page.locator('.ant-descriptions-item').filter({ hasText: '项目状态' });
  }
}
