import type { Locator, Page } from 'playwright-core';

/** The year-end panels of a task page: 年终自评, 考评打分, 党委会议记录 and the 考评结果 shown at sign-off. */
export class YearEndPanels {
  constructor(private readonly page: Page) {}

  panel(name: '年终自评' | '考评打分' | '党委会议记录' | '考评结果'): Locator {
    return this.page.getByRole('region', { name });
  }

  async selfAssess(summary: string): Promise<void> {
    await this.panel('年终自评').getByLabel(/自评总结/).fill(summary);
    await this.panel('年终自评').getByRole('button', { name: '提交自评' }).click();
  }

  /** Fills the four dimensions, the justification and the bonus (with its reason, when given); does not submit. */
  async fillScore(scores: [number, number, number, number], comment: string, bonus?: { points: number; why?: string }): Promise<void> {
    const card = this.panel('考评打分');
    const labels = ['政治执行力', '组织落实力', '堡垒作用力', '责任担当力'];
    for (const [i, label] of labels.entries()) await card.getByLabel(new RegExp(`^${label}`)).fill(String(scores[i]));
    await card.getByLabel('评分说明').fill(comment);
    if (bonus) {
      await card.getByLabel(/^创新加分/).fill(String(bonus.points));
      if (bonus.why) await card.getByLabel(/^加分理由/).fill(bonus.why);
    }
  }

  async submitScore(): Promise<void> {
    await this.panel('考评打分').getByRole('button', { name: '提交评分' }).click();
  }

  /** Ticks the members present by name, enters the votes and the minutes' reference, and submits. */
  async recordMeeting(attendees: string[], votes: { for: number; against?: number; abstain?: number }, minutesRef: string, comment?: string): Promise<void> {
    const card = this.panel('党委会议记录');
    for (const box of await card.getByRole('checkbox').all()) if (await box.isChecked()) await box.uncheck();
    for (const name of attendees) await card.getByRole('checkbox', { name }).check();
    await card.getByLabel('同意票').fill(String(votes.for));
    await card.getByLabel('反对票').fill(String(votes.against ?? 0));
    await card.getByLabel('弃权票').fill(String(votes.abstain ?? 0));
    await card.getByLabel('会议纪要文号').fill(minutesRef);
    if (comment) await card.getByLabel(/会议意见/).fill(comment);
    await card.getByRole('button', { name: '记录会议决定' }).click();
  }
}
