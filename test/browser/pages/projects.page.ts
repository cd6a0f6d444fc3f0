import type { Locator, Page } from 'playwright-core';

/** 项目: the filters (kept in the address) and the projects found; and one project's page. */
export class ProjectsPage {
  constructor(private readonly page: Page) {}

  heading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: '项目' });
  }

  filters(): Locator {
    return this.page.getByRole('search', { name: '筛选项目' });
  }

  async search(keyword: string): Promise<void> {
    const box = this.filters().getByRole('searchbox', { name: '关键词' });
    await box.fill(keyword);
    await box.press('Enter');
  }

  /** Picks an option of one of the select filters (项目类型, 年度, 所属组织, 项目阶段). */
  async choose(filter: string, option: string): Promise<void> {
    await this.filters().getByRole('combobox', { name: filter }).click();
    // antd lists the options as styled rows (its role=option list is a hidden one for screen readers, a few items long);
    // a dropdown opened before stays in the page, hidden, so only the open one is clicked.
    await this.page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${option}"]`).click();
  }

  count(): Locator {
    return this.page.getByText(/^共 \d+ 个项目$/);
  }

  projectLink(title: string): Locator {
    return this.page.getByRole('link', { name: title, exact: true });
  }
}
