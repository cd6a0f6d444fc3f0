import type { Locator, Page } from 'playwright-core';

type Field = '当前密码' | '新密码' | '确认新密码';

/** 修改密码 */
export class PasswordPage {
  constructor(private readonly page: Page) {}

  heading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: '修改密码' });
  }

  async change(current: string, next: string): Promise<void> {
    await this.page.getByLabel('当前密码', { exact: true }).fill(current);
    await this.page.getByLabel('新密码', { exact: true }).fill(next);
    await this.page.getByLabel('确认新密码', { exact: true }).fill(next);
    await this.page.getByRole('button', { name: '确定修改' }).click();
  }

  /** What a screen reader reads with the field after its label (aria-describedby): its rule and its errors. */
  described(field: Field): Promise<string> {
    return this.page
      .getByLabel(field, { exact: true })
      .evaluate((input) => (input.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
  }
}
