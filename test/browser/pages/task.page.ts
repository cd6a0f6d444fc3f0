import type { Locator, Page } from 'playwright-core';

/** A decision's button as the chain's purpose names it (a verification's 同意 is 验证通过 …). */
type Decision = '同意' | '驳回' | '退回' | '验证通过' | '退回整改' | '同意延期' | '不同意延期';

/** A task: project, chain timeline, decision bar and its dialog. */
export class TaskPage {
  constructor(private readonly page: Page) {}

  title(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  actions(): Locator {
    return this.page.getByRole('toolbar', { name: '审批操作' });
  }

  button(label: Decision | '转交' | '加签' | '更多'): Locator {
    return this.actions().getByRole('button', { name: label, exact: true });
  }

  dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  /** 转交 to the person named (picked by typing their name), with the reason; the dialog stays open on a refusal. */
  async handOver(name: string, reason: string): Promise<void> {
    await this.button('转交').click();
    await this.dialog().getByLabel('转交给').fill(name);
    await this.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: name }).first().click();
    await this.dialog().getByLabel(/转交理由/).fill(reason);
    await this.dialog().getByRole('button', { name: '确定转交' }).click();
  }

  /** Opens the decision's dialog, writes the comment, confirms. */
  async decide(label: Decision, comment?: string): Promise<void> {
    await this.button(label).click();
    if (comment) await this.dialog().getByLabel(/审批意见/).fill(comment);
    await this.dialog().getByRole('button', { name: `确定${label}` }).click();
  }

  /** A panel of the task's kind (第1季度报告, 整改事项 …), by its card's title. */
  panel(title: string | RegExp): Locator {
    return this.page.locator('.ant-card').filter({ has: this.page.locator('.ant-card-head-title', { hasText: title }) });
  }
}
