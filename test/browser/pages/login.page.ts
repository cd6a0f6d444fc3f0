import type { Page } from 'playwright-core';

/** 登录 */
export class LoginPage {
  constructor(private readonly page: Page) {}

  async logIn(email: string, password: string): Promise<void> {
    await this.page.getByLabel('邮箱').fill(email);
    await this.page.getByLabel('密码', { exact: true }).fill(password);
    await this.page.getByRole('button', { name: '登录' }).click();
  }
}
