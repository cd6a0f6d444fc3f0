import type { Locator, Page } from 'playwright-core';

/** 整改台账 */
export class LedgerPage {
  constructor(private readonly page: Page) {}

  heading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: /^整改台账/ });
  }

  rows(): Locator {
    return this.page.locator('.ant-table-tbody tr.ant-table-row');
  }

  /** Picks an option of one of the filter's selects (组织, 整改状态, 严重程度). */
  async choose(filter: '组织' | '整改状态' | '严重程度', option: string): Promise<void> {
    await this.page.getByRole('search', { name: '筛选整改事项' }).getByLabel(filter).click();
    await this.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
  }
}
