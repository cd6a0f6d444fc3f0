import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { refusalMessages } from '../../apps/web/src/api/errors.js';
import { addPersonViaApi, ok, type OrgPerson } from '../support/api.js';
import type { ApiStack } from '../support/api-stack.js';
import { pollUntil } from '../support/poll-until.js';
import { seriousA11yViolations } from './support/axe.js';
import { phone } from './support/browser.js';
import { startConsoleStack, type ConsoleStack } from './support/console-stack.js';
import { loggedInAt } from './support/signed-in.js';
import { Header } from './pages/header.js';
import { ProjectPage } from './pages/project.page.js';
import { TaskPage } from './pages/task.page.js';
import { TodoPage } from './pages/todo.page.js';

const title = '党员责任区（浏览器链路）';

/**
 * A launch's whole chain in the console, one journey on one stack: the owner drafts and submits in the browser, the
 * branch secretary sends it back from a phone, the owner revises and resubmits and follows it in 我发起的, the
 * secretary hands the step on (refused for an auditor, in Chinese; then to a committee member), who approves.
 */
describe('a launch request through its chain in the console', () => {
  let ui: ConsoleStack;
  let running: ApiStack;
  let site: string;
  let chen: OrgPerson;
  let zhang: OrgPerson;
  let zhao: OrgPerson;
  let qian: OrgPerson;

  beforeAll(async () => {
    ui = await startConsoleStack();
    ({ running, site } = ui);
    ({ chen, zhang } = running.org.people);
    const tag = randomUUID().slice(0, 6);
    // Both in the branch, so its secretary's picker offers them: a committee member (委员) may decide there, an auditor never.
    zhao = await addPersonViaApi(running.api, running.adminToken, { key: 'zhao', name: '赵委员', role: 'member', orgUnitId: running.org.units.branch, tag });
    qian = await addPersonViaApi(running.api, running.adminToken, { key: 'qian', name: '钱审计', role: 'auditor', orgUnitId: running.org.units.branch, tag });
  });

  afterAll(async () => {
    await ui?.close();
  });

  const loggedIn = (path: string, who: OrgPerson, options?: Parameters<ConsoleStack['pageFor']>[0]) => loggedInAt(ui, `${site}${path}`, who, options);

  /** The open launch step of the project for that person, once the chain has opened it. */
  const openStep = (who: OrgPerson, projectId: string) =>
    pollUntil(
      async () => (ok(await running.api.as(who.token).get('/tasks')) as { id: string; projectId: string }[]).find((t) => t.projectId === projectId),
      (t) => t !== undefined,
      { timeoutMs: 30_000, what: `${who.name}'s step` },
    );

  let chenPage: Page;
  let projectId: string;

  it('drafts and submits a project in the browser, the unmeasurable target refused beside its cell', async () => {
    chenPage = await loggedIn('/projects/new', chen);
    const form = new ProjectPage(chenPage);
    await form.heading('新建项目').waitFor();
    await form.pick('项目类型', '党员责任区');
    await form.pick('所属党组织', '一车间党支部');
    await chenPage.getByLabel('项目名称').fill(title);
    await form.goal(1, '目标').fill('设备巡检');
    await form.goal(1, '目标值').fill('尽量多');
    await form.pick('抄送（审批结果将通知他们，选填）', '赵委员');
    // A multiple choice stays open for the next pick.
    await chenPage.keyboard.press('Escape');
    expect(await seriousA11yViolations(chenPage)).toEqual([]);
    await form.button('提交审批').click();
    await chenPage.getByRole('alert').filter({ hasText: '能量化、可考核' }).waitFor();
    expect(await form.goal(1, '目标值').getAttribute('aria-invalid')).toBe('true');

    await form.goal(1, '目标值').fill('≥ 40 次');
    await form.button('提交审批').click();
    await chenPage.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    projectId = chenPage.url().split('/').pop()!;
    await form.heading(title).waitFor();
    await chenPage.getByText('审批流程 · 立项审批').waitFor();
    expect(await seriousA11yViolations(chenPage)).toEqual([]);
  });

  it('lets the branch secretary send it back from a phone (退回 under 更多), and the owner\'s bell counts it without a reload', async () => {
    const bell = new Header(chenPage);
    await bell.bell().waitFor();
    const before = await bell.unread();

    const { id: taskId } = (await openStep(zhang, projectId))!;
    const page = await loggedIn(`/tasks/${taskId}`, zhang, phone);
    const task = new TaskPage(page);
    await task.button('同意').waitFor();
    // Two main buttons and 更多 on a phone, the rest of what the API offers under it.
    expect(await task.actions().getByRole('button').allInnerTexts()).toEqual(['同意', '驳回', '更多']);
    await task.button('更多').click();
    const more = page.locator('.ant-dropdown:visible').getByRole('menuitem');
    await more.last().waitFor();
    expect(await more.allInnerTexts()).toEqual(['退回', '转交', '加签']);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await more.filter({ hasText: '退回' }).click();
    await task.dialog().getByLabel(/审批意见/).fill('目标请再细化');
    await task.dialog().getByRole('button', { name: '确定退回' }).click();
    await page.getByText('已退回').first().waitFor();
    await page.context().close();

    await chenPage.waitForFunction((n) => Number(document.querySelector('[aria-label^="通知："]')?.getAttribute('aria-label')?.match(/\d+/)?.[0]) > n, before, { timeout: 20_000 });
  });

  it('revises and resubmits after 退回, then follows it in 我发起的 with 催办 and 撤回, and offers no 同意 on its own request', async () => {
    const form = new ProjectPage(chenPage);
    await chenPage.reload();
    await form.status().getByText('已退回').waitFor();
    await chenPage.getByText('意见：目标请再细化').waitFor();
    await form.goal(1, '目标值').fill('≥ 48 次');
    expect(await seriousA11yViolations(chenPage)).toEqual([]);
    await form.button('重新提交').click();
    await form.status().getByText('审批中').waitFor();

    const step = (await openStep(zhang, projectId))!;
    await new Header(chenPage).menu('我发起的').click();
    const mine = chenPage.getByRole('group', { name: `${title}：申请人操作` });
    await mine.getByRole('button', { name: '催办 张卫东' }).click();
    // When the approver was last nudged, as the API now says; a refusal would show in the group instead.
    await mine.getByText(/上次催办/).or(mine.getByRole('alert')).waitFor();
    expect(await mine.getByRole('alert').count()).toBe(0);
    // Throttled as the API does it: once per step and interval, and it says when again.
    await mine.getByRole('button', { name: '催办 张卫东' }).click();
    await mine.getByRole('alert').getByText(/^刚催办过，\d+ 分钟后可再次催办$/).waitFor();
    await mine.getByRole('button', { name: '撤回' }).waitFor();
    expect(await seriousA11yViolations(chenPage)).toEqual([]);

    await chenPage.goto(`${site}/tasks/${step.id}`);
    await chenPage.getByText('第1级').first().waitFor();
    expect(await chenPage.getByRole('button', { name: '同意' }).count()).toBe(0);
  });

  it('refuses 转交 to an auditor with the reason in Chinese, hands it to a committee member, who approves', async () => {
    const { id: taskId } = (await openStep(zhang, projectId))!;
    const page = await loggedIn(`/tasks/${taskId}`, zhang);
    const task = new TaskPage(page);
    await task.button('转交').waitFor();
    expect(await task.actions().getByRole('button').allInnerTexts()).toEqual(['同意', '驳回', '退回', '转交', '加签']);
    await task.handOver(qian.name, '请审计把关');
    await task.dialog().getByRole('alert').getByText(refusalMessages.DECISION_NOT_ALLOWED).waitFor();
    await task.dialog().getByText('钱审计是纪检审计人员，只监督不审批，不能接受转交').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await task.dialog().getByLabel('转交给').fill(zhao.name);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: zhao.name }).first().click();
    await task.dialog().getByRole('button', { name: '确定转交' }).click();
    await page.getByText('已转交').first().waitFor();
    await task.actions().waitFor({ state: 'detached' });

    const zhaoPage = await loggedIn('/todo', zhao);
    // Copied in at submission: the 退回 came to 赵委员 as 抄送, unread.
    await new Header(zhaoPage).menu(/抄送我的/).getByText('1').waitFor();
    await new TodoPage(zhaoPage).open(title);
    await new TaskPage(zhaoPage).decide('同意', '同意立项');
    await zhaoPage.getByText('已同意').first().waitFor();
    await zhaoPage.goto(`${site}/cc`);
    await zhaoPage.getByRole('heading', { level: 1, name: /抄送我的/ }).waitFor();
    await zhaoPage.getByText(title).first().waitFor();
    expect(await seriousA11yViolations(zhaoPage)).toEqual([]);
    await zhaoPage.getByRole('button', { name: /^标为已读：/ }).first().click();
    await zhaoPage.getByRole('heading', { level: 1, name: /抄送我的/ }).filter({ hasText: '（未读 0）' }).waitFor();
    await zhaoPage.goto(`${site}/notices`);
    await zhaoPage.getByRole('heading', { level: 1, name: /通知/ }).waitFor();
    expect(await seriousA11yViolations(zhaoPage)).toEqual([]);

    const detail = ok(await running.api.as(chen.token).get(`/projects/${projectId}`));
    const steps = detail.approvals.flatMap((c: { steps: { assigneeId: string; outcome: string | null }[] }) => c.steps);
    expect(steps).toEqual(expect.arrayContaining([expect.objectContaining({ assigneeId: zhao.id, outcome: 'approve' }), expect.objectContaining({ assigneeId: zhang.id, outcome: 'delegated' })]));
  });
});
