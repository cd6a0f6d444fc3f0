import type { Locator, Page } from 'playwright-core';

/** 组织管理: the tree with its unit actions, 人员与任职, 批量导入. */
export class OrgAdminPage {
  constructor(private readonly page: Page) {}

  menuLink(): Locator {
    return this.page.getByRole('link', { name: '组织管理' });
  }

  dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  /** 批量导入: chooses the workbook and runs 试导入. */
  async dryRun(name: string, workbook: Buffer): Promise<void> {
    await this.page.locator('input[type=file]').setInputFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: workbook });
    await this.page.getByRole('button', { name: '试导入' }).click();
  }

  issues(): Locator {
    return this.page.getByRole('table', { name: '错误' });
  }

  async selectUnit(name: string): Promise<void> {
    await this.page.locator('.ant-tree-title').filter({ hasText: name }).click();
    await this.page.getByText('在任人员').waitFor();
  }

  /** Picks an option of the dialog's select labelled `label` (antd renders the options outside the field). */
  async choose(label: string, option: string): Promise<void> {
    await this.dialog().getByLabel(label).click();
    await this.page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
  }

  /** 换届 on the selected unit: who leaves the role, who takes it, and from when (Beijing day and, for one ahead, time). */
  async termChange(change: { from: string; to: string; on?: string; at?: string }): Promise<void> {
    await this.page.getByRole('button', { name: '换届' }).click();
    await this.choose('原任职人员', change.from);
    await this.choose('接任人员', change.to);
    if (change.on) await this.dialog().getByLabel('接任日期').fill(change.on);
    if (change.at) await this.dialog().getByLabel('生效时刻').fill(change.at);
  }

  /** The 已预约的换届 entry for this change (`… 起，<unit>书记：甲 → 乙`). */
  scheduled(text: string): Locator {
    return this.page.getByRole('listitem').filter({ hasText: text });
  }
}
