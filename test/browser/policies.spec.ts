import type { Page } from 'playwright-core';
import { publishedCalendar } from '../../libs/calendar/chinese-days.js';
import { beijingDateOf, dueSchedule, formatBeijingTime, quarterEnd, workCalendar } from '../../libs/domain/index.js';
import { ok, type OrgPerson } from '../support/api.js';
import { seriousA11yViolations } from './support/axe.js';
import { phone } from './support/browser.js';
import { startConsoleStack, type ConsoleStack } from './support/console-stack.js';
import { pageAs } from './support/signed-in.js';

type Body = Record<string, any>;

/**
 * The administrators' 年度规则 and 工作日历 in the console: a policy saved with one bad field is refused with the API's
 * message beside that field, fixed and saved, and its due dates previewed; a company holiday is set on the calendar.
 * Both pages pass axe and fit a 390 px phone.
 */
describe('year policies and the working-day calendar in the console', () => {
  let ui: ConsoleStack;
  let admin: OrgPerson;
  const year = Number(beijingDateOf(Date.now()).slice(0, 4));

  beforeAll(async () => {
    ui = await startConsoleStack();
    const me = ok(await ui.running.api.as(ui.running.adminToken).get('/me'));
    admin = { id: me.id, name: me.name, email: me.email, password: '', token: ui.running.adminToken };
  });

  afterAll(async () => {
    await ui?.close();
  });

  const fitsPhone = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
  /** The form item around the field labelled so: its messages stand inside it, under the field. */
  const item = (page: Page, label: string) => page.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) });

  it('refuses a bad reminder time beside its field, saves the fixed policy and previews its due dates', async () => {
    const page = await pageAs(ui, admin);
    await page.goto(`${ui.site}/admin/policies`);
    await page.getByRole('heading', { level: 1, name: '年度规则' }).waitFor();
    await page.getByRole('heading', { name: `${year}年度截止日期预览` }).waitFor();
    await page.getByLabel('报告截止：第几个工作日', { exact: true }).fill('3');
    await page.getByLabel('第1次提醒：提醒时刻（HH:MM）', { exact: true }).fill('9点');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '保存年度规则' }).click();

    await item(page, '第1次提醒：提醒时刻（HH:MM）').getByText('应为时刻，格式为 HH:MM，例如 17:30').waitFor();
    await page.getByRole('alert').filter({ hasText: '填写的内容有误' }).waitFor();
    // Only that field: the others were right.
    expect(await page.locator('.ant-form-item-explain-error').count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(ok(await ui.running.api.as(admin.token).get(`/policies/${year}`)).quarterly.dueRule.days).toBe(5);

    await page.getByLabel('第1次提醒：提醒时刻（HH:MM）', { exact: true }).fill('08:30');
    await page.getByRole('button', { name: '保存年度规则' }).click();
    await page.getByText('年度规则已保存').waitFor();
    const saved: Body = ok(await ui.running.api.as(admin.token).get(`/policies/${year}`));
    expect([saved.quarterly.dueRule, saved.quarterly.remindOn[0]]).toEqual([{ kind: 'working_days_after', days: 3, at: '17:30' }, { workingDaysBefore: 3, at: '08:30' }]);

    // The preview computes the first quarter's report on the calendar as the API has it.
    const calendar = workCalendar(publishedCalendar(), ok(await ui.running.api.as(admin.token).get('/calendar/overrides')));
    const q1 = dueSchedule(calendar, quarterEnd(year, 1), saved.quarterly.dueRule, saved.quarterly.remindOn);
    const row = page.getByRole('row').filter({ hasText: '第一季度报告' });
    await row.getByText(formatBeijingTime(q1.dueAt)).waitFor();
    await row.getByText(formatBeijingTime(q1.remindAt[0])).waitFor();
    expect(await row.textContent()).toContain('期末后第3个工作日 17:30');

    const onPhone = await pageAs(ui, admin, phone);
    await onPhone.goto(`${ui.site}/admin/policies`);
    await onPhone.getByRole('listitem', { name: '第一季度报告' }).getByText(formatBeijingTime(q1.dueAt)).waitFor();
    expect(await fitsPhone(onPhone)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(onPhone)).toEqual([]);
    await onPhone.context().close();
    await page.context().close();
  });

  it('sets a company holiday on the calendar, which the working days then read', async () => {
    const date = `${beijingDateOf(Date.now()).slice(0, 7)}-15`;
    const page = await pageAs(ui, admin);
    await page.goto(`${ui.site}/admin/calendar`);
    await page.getByRole('heading', { level: 1, name: '工作日历' }).waitFor();
    await page.getByRole('link', { name: '工作日历' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.locator(`td[title="${date}"]`).click();
    const dialog = page.getByRole('dialog', { name: `调整 ${date}` });
    await dialog.getByLabel('休息日（放假）').check();
    await dialog.getByLabel('说明（选填）').fill('公司运动会');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByText(`${date} 已设为休息日`).waitFor();
    await page.locator(`td[title="${date}"]`).getByText('休 公司运动会').waitFor();
    await page.getByRole('row').filter({ hasText: date }).getByText('公司运动会').waitFor();

    expect(ok(await ui.running.api.as(admin.token).get('/calendar/overrides'))).toEqual([{ date, kind: 'holiday', note: '公司运动会' }]);
    const day = ok(await ui.running.api.as(admin.token).get(`/calendar/workdays?from=${date}&to=${date}`)).days[0];
    expect(day).toEqual({ date, working: false, source: 'override' });

    const onPhone = await pageAs(ui, admin, phone);
    await onPhone.goto(`${ui.site}/admin/calendar`);
    await onPhone.locator(`td[title="${date}"]`).getByText('休', { exact: true }).waitFor();
    expect(await fitsPhone(onPhone)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(onPhone)).toEqual([]);
    await onPhone.context().close();
    await page.context().close();
  });
});
