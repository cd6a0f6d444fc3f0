import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { IsNull } from 'typeorm';
import { RoleAssignmentEntity } from '../../libs/db/entities/index.js';
import { addPersonViaApi, ok, type OrgPerson } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';
import { seriousA11yViolations } from './support/axe.js';
import { phone } from './support/browser.js';
import { startConsoleStack, type ConsoleStack } from './support/console-stack.js';
import { pageAs } from './support/signed-in.js';
import { OrgAdminPage } from './pages/org-admin.page.js';

/** A Beijing day and time of day `seconds` from now, as the 换届 dialog takes them. */
function beijingMomentIn(seconds: number): { on: string; at: string } {
  const shifted = new Date(Date.now() + seconds * 1000 + 8 * 3600_000).toISOString();
  return { on: shifted.slice(0, 10), at: shifted.slice(11, 19) };
}

/**
 * 预约换届 from the console, one stack for the file: an administrator schedules a unit's secretary post to pass to a
 * successor at a later moment (from a 390 px phone, where the dialog must fit, after correcting what the API refused),
 * sees it listed, cancels it; then schedules another a few seconds ahead, which the server carries out: the successor
 * holds the post.
 */
describe('scheduled term changes in the console', () => {
  let ui: ConsoleStack;
  let admin: OrgPerson;
  let leaving: OrgPerson;
  let cancelledSuccessor: OrgPerson;
  let successor: OrgPerson;
  let unitId: string;
  const tag = randomUUID().slice(0, 6);
  const branch = `预约换届支部-${tag}`;
  const choice = (p: OrgPerson) => `${p.name}（${p.email}）`;

  beforeAll(async () => {
    ui = await startConsoleStack();
    const { api, adminToken, org } = ui.running;
    unitId = ok(await api.as(adminToken).post('/org-units', { name: branch, kind: 'branch', parentId: org.units.general })).id as string;
    const add = (key: string, name: string, role: string, orgUnitId?: string) => addPersonViaApi(api, adminToken, { key, name: `${name}${tag}`, role, orgUnitId, tag });
    admin = await add('admin', '管理员', 'admin');
    leaving = await add('old', '原书记', 'secretary', unitId);
    cancelledSuccessor = await add('spare', '候选人', 'member', org.units.otherBranch);
    successor = await add('new', '新书记', 'member', org.units.otherBranch);
  });

  afterAll(async () => {
    await ui?.close();
  });

  const openBranch = async (page: Page) => {
    await page.goto(`${ui.site}/admin/org`);
    const org = new OrgAdminPage(page);
    await org.selectUnit(branch);
    return org;
  };

  it('schedules a 换届 from a phone, where the dialog fits, lists it, and cancels it', async () => {
    const page = await pageAs(ui, admin, phone);
    const org = await openBranch(page);
    // The API's refusal shows in the dialog in Chinese, naming the field, without its path; then the admin corrects it.
    await org.termChange({ from: leaving.name, to: choice(leaving), ...beijingMomentIn(600) });
    await org.dialog().getByRole('button', { name: '确定' }).click();
    await org.dialog().getByRole('alert').getByText('填写的内容有误，请检查后重试：接任人员不能是原任职人员本人', { exact: true }).waitFor();
    await org.choose('接任人员', choice(cancelledSuccessor));
    // Every field and both buttons within the 390 px screen, nothing pushing the page sideways.
    for (const field of ['职务', '原任职人员', '接任人员', '接任日期', '生效时刻']) {
      const box = await org.dialog().getByLabel(field).boundingBox();
      expect([field, box !== null && box.x >= 0 && box.x + box.width <= 390]).toEqual([field, true]);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await org.dialog().getByRole('button', { name: '确定' }).click();
    await page.getByText(/^已预约换届：.+ 起生效$/).waitFor();
    const entry = org.scheduled(`${branch}书记：${leaving.name} → ${cancelledSuccessor.name}`);
    await entry.waitFor();

    await entry.getByRole('button', { name: '取消预约' }).click();
    await page.locator('.ant-popconfirm-buttons').getByRole('button', { name: '取消预约' }).click();
    await page.getByText('已取消预约换届').waitFor();
    await entry.waitFor({ state: 'detached' });
    const schedules = ok(await ui.running.api.as(admin.token).get('/term-change-schedules')) as { toPersonId: string; status: string }[];
    expect(schedules.filter((s) => s.toPersonId === cancelledSuccessor.id).map((s) => s.status)).toEqual(['cancelled']);
    await page.context().close();
  });

  it('schedules a 换届 a few seconds ahead, lists it, and the successor holds the post once its moment has come', async () => {
    const page = await pageAs(ui, admin);
    const org = await openBranch(page);
    await org.termChange({ from: leaving.name, to: choice(successor), ...beijingMomentIn(30) });
    await org.dialog().getByRole('button', { name: '确定' }).click();
    await page.getByText(/^已预约换届：.+ 起生效$/).waitFor();
    const entry = org.scheduled(`${branch}书记：${leaving.name} → ${successor.name}`);
    await entry.waitFor();
    // Until its moment the leaving secretary still holds the post.
    await page.getByText(`书记：${leaving.name}`, { exact: true }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The page reads the organisation when it is opened: open it again until the change has been carried out.
    await pollUntil(
      async () => {
        await openBranch(page);
        return page.getByText(`书记：${successor.name}`, { exact: true }).count();
      },
      (shown) => shown > 0,
      { timeoutMs: 90_000, intervalMs: 2_000, what: 'the successor shown as secretary' },
    );
    expect(await org.scheduled(`${branch}书记：${leaving.name} → ${successor.name}`).count()).toBe(0);
    const holders = await ui.running.api.ds.getRepository(RoleAssignmentEntity).findBy({ orgUnitId: unitId, role: 'secretary', validUntil: IsNull() });
    expect(holders.map((h) => h.personId)).toEqual([successor.id]);
    await page.context().close();
  });
});
