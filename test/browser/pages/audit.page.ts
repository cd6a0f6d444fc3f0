import type { Locator, Page } from 'playwright-core';

/** 审计: 哈希链校验, 项目时间线, 重放验证. */
export class AuditPage {
  constructor(private readonly page: Page) {}

  menuLink(): Locator {
    return this.page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '审计' });
  }

  section(name: '哈希链校验' | '项目时间线' | '重放验证'): Locator {
    return this.page.getByRole('navigation', { name: '审计' }).getByRole('link', { name });
  }

  /** Picks a project in the select labelled `label`, by typing part of its title. */
  async pickProject(label: string, title: string): Promise<void> {
    const field = this.page.getByRole('combobox', { name: label, exact: true });
    await field.click();
    await field.fill(title);
    await this.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: title }).first().click();
  }

  status(): Locator {
    return this.page.getByRole('status');
  }
}
