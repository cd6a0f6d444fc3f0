import type { Page } from 'playwright-core';
import { seedStatsYear } from '../support/stats-fixture.js';
import { seriousA11yViolations } from './support/axe.js';
import { phone } from './support/browser.js';
import { startConsoleStack, type ConsoleStack } from './support/console-stack.js';
import { pageAs } from './support/signed-in.js';
import { Header } from './pages/header.js';

/**
 * The statistics dashboard of the hand-counted year (test/support/stats-fixture.ts; the counts are those the e2e test
 * states): the organisation's auditor reads the figures in the tables beside the charts, drills one down to its rows and
 * finds the export; the page works at phone width and passes axe; a branch's member finds neither menu nor page.
 */
describe('the statistics dashboard in the console', () => {
  let ui: ConsoleStack;
  const year = 2025;
  let dashboard: string;

  beforeAll(async () => {
    ui = await startConsoleStack();
    const { api, org } = ui.running;
    await seedStatsYear(api, org, year);
    dashboard = `${ui.site}/stats?year=${year}&unit=${org.units.committee}`;
    // The whole stack and the seeded year: minutes on a loaded two-core machine, bounded all the same.
  }, 300_000);

  afterAll(async () => {
    await ui?.close();
  });

  /** The button of one cell of a figure's table, named as a screen reader reads it. */
  const cell = (page: Page, figure: string, name: string) => page.locator(`[data-figure="${figure}"]`).getByRole('button', { name: `${name}，查看明细` });

  /** The dashboard's tables once counted (eight requests, slow on a loaded machine); a refusal shown instead fails at once with its words. */
  async function figuresShown(page: Page, figure: string, name: string): Promise<void> {
    const refusal = page.getByRole('alert').first();
    await Promise.race([
      cell(page, figure, name).waitFor({ timeout: 120_000 }),
      refusal.waitFor({ timeout: 120_000 }).then(async () => {
        throw new Error(`the dashboard showed: ${await refusal.innerText()}`);
      }),
    ]);
  }

  it("shows the seeded year's figures as counted by hand, each drilling down to its rows", async () => {
    const page = await pageAs(ui, ui.running.org.people.audit);
    await page.goto(`${ui.site}/todo`);
    await new Header(page).menu('统计').click();
    await page.getByRole('heading', { level: 1, name: '统计分析' }).waitFor();
    await page.goto(dashboard);
    await figuresShown(page, 'projects', '合计·合计：6');
    await cell(page, 'projects', '党员先锋岗·已结项：2').waitFor();
    await cell(page, 'reports', '合计·未报送：2').waitFor();
    await cell(page, 'reports', '合计·按时率：50%').waitFor();
    await cell(page, 'findings', '合计·销号率：40%').waitFor();
    await cell(page, 'findings', '合计·平均销号天数：15').waitFor();
    await cell(page, 'accountability', '合计·问责人次：5').waitFor();
    await cell(page, 'grades', '合计·完成率：50%').waitFor();
    await cell(page, 'campaigns', '合计·完成率：33.3%').waitFor();
    // The charts load with the page (ECharts on demand), beside the tables.
    await page.getByRole('img', { name: '问题与整改图表（数据见旁边的表格）' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await cell(page, 'findings', '一般·逾期未销号：1').click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('问题与整改：一般 · 逾期未销号').waitFor();
    await drawer.getByText('共 1 条').waitFor({ timeout: 60_000 });
    await drawer.getByText('问题-general — 措施-I2').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    expect(await page.getByRole('button', { name: '导出问题与整改 Excel' }).isEnabled()).toBe(true);
  });

  it('fits a 390 px phone', async () => {
    const page = await pageAs(ui, ui.running.org.people.audit, phone);
    await page.goto(dashboard);
    await figuresShown(page, 'grades', '合计·完成率：50%');
    await page.getByRole('img', { name: '年终考评等次与完成率图表（数据见旁边的表格）' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("shows a branch's member no statistics menu or page", async () => {
    const page = await pageAs(ui, ui.running.org.people.chen);
    await page.goto(`${ui.site}/todo`);
    await page.getByRole('heading', { level: 1, name: /^待办/ }).waitFor();
    expect(await new Header(page).menu('统计').count()).toBe(0);
    await page.goto(dashboard);
    await page.getByText('无权访问').waitFor();
    expect(await page.locator('[data-figure]').count()).toBe(0);
  });
});
