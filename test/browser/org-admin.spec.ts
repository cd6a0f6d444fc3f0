import { randomUUID } from 'node:crypto';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { sessionKey } from '../../apps/web/src/auth/session.js';
import { beijingDateOf } from '../../libs/domain/index.js';
import { writeOrgWorkbook, type SheetRows } from '../../libs/spreadsheet/org-workbook.js';
import { draftBody, ok } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';
import { seriousA11yViolations } from './support/axe.js';
import { phone } from './support/browser.js';
import { startConsoleStack, type ConsoleStack } from './support/console-stack.js';
import { OrgAdminPage } from './pages/org-admin.page.js';
import { TaskPage } from './pages/task.page.js';

/**
 * Organisation upkeep in the console, one stack for the file: an administrator imports a workbook (fixing what the dry
 * run found), hands a branch's secretary post to a successor, who then decides the step it carried; an auditor and a
 * member find no way in. Each admin page passes axe, and the tree fits a 390 px phone.
 */
describe('organisation upkeep in the console', () => {
  let ui: ConsoleStack;
  let admin: Page;
  const tag = randomUUID().slice(0, 6);
  const branch = `浏览器支部-${tag}`;
  const email = (who: string) => `${who}.${tag}@browser.tandem`;
  const password = 'Browser-2026-import';

  let general: string;

  beforeAll(async () => {
    ui = await startConsoleStack();
    general = ok(await ui.running.api.as(ui.running.adminToken).get(`/org-units/${ui.running.org.units.general}`)).name as string;
  });

  afterAll(async () => {
    await ui?.close();
  });

  /** A page already logged in as the person behind `token` (the login page has its own tests). */
  async function loggedIn(token: string, options?: BrowserContextOptions): Promise<Page> {
    const me = ok(await ui.running.api.as(token).get('/me'));
    const page = await ui.pageFor(options);
    const session = JSON.stringify({ token, person: { id: me.id, name: me.name, email: me.email } });
    await page.addInitScript(({ key, value }) => sessionStorage.getItem(key) ?? sessionStorage.setItem(key, value), { key: sessionKey, value: session });
    return page;
  }

  const workbook = (secretaryEmail: string): SheetRows => ({
    units: [[branch, '党支部', general, '']],
    people: [
      ['浏览器甲', secretaryEmail, password],
      ['浏览器乙', email('yi'), password],
      ['浏览器丙', email('bing'), password],
    ],
    roles: [
      [email('jia'), branch, '书记', '', ''],
      [email('yi'), branch, '委员', '', ''],
    ],
  });

  it('imports a workbook after its dry run named the mistake, which the administrator fixed', async () => {
    admin = await loggedIn(ui.running.adminToken);
    const org = new OrgAdminPage(admin);
    await admin.goto(`${ui.site}/todo`);
    await org.menuLink().click();
    await admin.getByRole('tree', { name: '组织树' }).waitFor();
    expect(await seriousA11yViolations(admin)).toEqual([]);
    await admin.getByRole('link', { name: '批量导入' }).click();

    await org.dryRun('有错误.xlsx', await writeOrgWorkbook(workbook('jia-at-nowhere')));
    await org.issues().getByRole('row', { name: /人员 2 B（邮箱） 邮箱格式不正确/ }).waitFor();
    expect(await admin.getByRole('button', { name: '确认导入' }).count()).toBe(0);
    expect(await seriousA11yViolations(admin)).toEqual([]);

    await org.dryRun('已修正.xlsx', await writeOrgWorkbook(workbook(email('jia'))));
    await admin.getByText('检查通过，可以导入').waitFor();
    await admin.getByRole('button', { name: '确认导入' }).click();
    await admin.getByText('新建组织 1 个、人员 3 名、任职 2 条').waitFor();
    expect(await ui.running.api.ds.query(`SELECT count(*)::int AS n FROM org_unit WHERE name = $1`, [branch])).toEqual([{ n: 1 }]);
  });

  it('moves an open step to the successor at 换届, who decides it', async () => {
    const { api } = ui.running;
    const owner = await api.login(email('yi'), password);
    const unitId = (ok(await api.as(ui.running.adminToken).get('/org-units')) as { id: string; name: string }[]).find((u) => u.name === branch)!.id;
    const draft = ok(await api.as(owner).post('/projects', draftBody(unitId, { title: `换届项目-${tag}` })));
    ok(await api.as(owner).post(`/projects/${draft.id}/submit`, {}));
    const jia = await api.login(email('jia'), password);
    await pollUntil(async () => ok(await api.as(jia).get('/tasks')) as { projectId: string }[], (ts) => ts.some((t) => t.projectId === draft.id), { timeoutMs: 30_000, what: 'the step for 甲' });

    const org = new OrgAdminPage(admin);
    await admin.getByRole('link', { name: '组织架构' }).click();
    await org.selectUnit(branch);
    await admin.getByRole('button', { name: '换届' }).click();
    await org.choose('原任职人员', '浏览器甲');
    await org.choose('接任人员', `浏览器丙（${email('bing')}）`);
    expect(await org.dialog().getByLabel('接任日期').inputValue()).toBe(beijingDateOf(Date.now()));
    expect(await seriousA11yViolations(admin)).toEqual([]);
    await org.dialog().getByRole('button', { name: '确定' }).click();
    await admin.getByText('换届完成：1 项待办已移交').waitFor();
    await admin.getByText('书记：浏览器丙').waitFor();

    const successor = await loggedIn(await api.login(email('bing'), password));
    await successor.goto(`${ui.site}/todo`);
    await successor.getByRole('link', { name: `换届项目-${tag}` }).click();
    const task = new TaskPage(successor);
    await task.decide('同意');
    await successor.getByText('已同意').first().waitFor();

    await admin.getByRole('link', { name: '人员与任职' }).click();
    await admin.getByRole('cell', { name: '浏览器丙' }).first().waitFor();
    expect(await seriousA11yViolations(admin)).toEqual([]);
  });

  it('shows an auditor and a member no admin menu or page', async () => {
    for (const who of [ui.running.org.people.audit, ui.running.org.people.chen]) {
      const page = await loggedIn(who.token);
      await page.goto(`${ui.site}/todo`);
      await page.getByRole('heading', { level: 1, name: /^待办/ }).waitFor();
      expect(await new OrgAdminPage(page).menuLink().count()).toBe(0);
      await page.goto(`${ui.site}/admin/org`);
      await page.getByText('无权访问').waitFor();
      expect(await page.getByRole('button', { name: '换届' }).count()).toBe(0);
      await page.context().close();
    }
  });

  it('fits the org tree on a 390 px phone', async () => {
    const page = await loggedIn(ui.running.adminToken, phone);
    await page.goto(`${ui.site}/admin/org`);
    await new OrgAdminPage(page).selectUnit(branch);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
