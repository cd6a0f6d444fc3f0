import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { refusalMessages } from '../../apps/web/src/api/errors.js';
import { draftBody, ok, type OrgPerson } from '../support/api.js';
import type { ApiStack } from '../support/api-stack.js';
import { pollUntil } from '../support/poll-until.js';
import { seriousA11yViolations } from './support/axe.js';
import { phone } from './support/browser.js';
import { startConsoleStack, type ConsoleStack } from './support/console-stack.js';
import { LoginPage } from './pages/login.page.js';
import { TaskPage } from './pages/task.page.js';
import { TodoPage } from './pages/todo.page.js';

/**
 * The console in Debian's Chromium against the whole stack (support/console-stack.ts). One browser and one stack for
 * the file; each person gets their own browser context, as on their own device.
 */
describe('approving a launch in the console', () => {
  let ui: ConsoleStack;
  let running: ApiStack;
  let site: string;

  beforeAll(async () => {
    ui = await startConsoleStack();
    ({ running, site } = ui);
  });

  afterAll(async () => {
    await ui?.close();
  });

  const person = (key: 'chen' | 'zhang' | 'li'): OrgPerson => running.org.people[key];

  /** chen's project submitted for launch through the API; the id of the step now waiting for zhang. */
  async function submitted(title: string): Promise<{ projectId: string; taskId: string }> {
    const chen = running.api.as(person('chen').token);
    const { id: projectId } = ok(await chen.post('/projects', draftBody(running.org.units.branch, { title })));
    ok(await chen.post(`/projects/${projectId}/submit`, {}, { idempotencyKey: randomUUID() }));
    const tasks = await pollUntil(
      async () => ok(await running.api.as(person('zhang').token).get('/tasks')) as { id: string; projectId: string }[],
      (list) => list.some((t) => t.projectId === projectId),
      { timeoutMs: 30_000, what: `zhang's launch step of ${title}` },
    );
    return { projectId, taskId: tasks.find((t) => t.projectId === projectId)!.id };
  }

  let zhangPage: Page;

  it('lets the branch secretary approve from 待办 on a desktop, after logging in, with nothing inaccessible on the way', async () => {
    const { projectId } = await submitted('安全生产党员先锋岗（浏览器）');
    zhangPage = await ui.pageFor();
    await zhangPage.goto(`${site}/todo`);
    await zhangPage.waitForURL(/\/login\?returnTo=%2Ftodo$/);
    expect(await seriousA11yViolations(zhangPage)).toEqual([]);
    await new LoginPage(zhangPage).logIn(person('zhang').email, person('zhang').password);

    const todo = new TodoPage(zhangPage);
    await todo.heading().waitFor();
    await todo.counters().getByText('立项审批 1').waitFor();
    expect(await seriousA11yViolations(zhangPage)).toEqual([]);
    await todo.open('安全生产党员先锋岗（浏览器）');

    const task = new TaskPage(zhangPage);
    await task.button('同意').waitFor();
    // A launch is approved, rejected or sent back (exactly those three, as the chain takes them), or handed on.
    expect(await task.actions().getByRole('button').allInnerTexts()).toEqual(['同意', '驳回', '退回', '转交', '加签']);
    await zhangPage.getByText('第1级').waitFor();
    expect(await seriousA11yViolations(zhangPage)).toEqual([]);
    await task.button('同意').click();
    await task.dialog().waitFor();
    expect(await seriousA11yViolations(zhangPage)).toEqual([]);
    await task.dialog().getByLabel(/审批意见/).fill('同意立项');
    await task.dialog().getByRole('button', { name: '确定同意' }).click();
    await zhangPage.getByText('已同意').first().waitFor();
    await task.actions().waitFor({ state: 'detached' });
    await zhangPage.getByText('意见：同意立项').waitFor();

    const detail = ok(await running.api.as(person('chen').token).get(`/projects/${projectId}`));
    expect(detail.approvals[0].steps[0].decisions[0]).toEqual(expect.objectContaining({ decision: 'approve', comment: '同意立项', actorId: person('zhang').id }));
  });

  it('brings the general branch secretary from the mail link, on a 390 px phone, through login to that task, where 同意 finishes the launch', async () => {
    const li = person('li');
    const [mail] = (await running.stack.sink.waitFor((ms) => ms.some((m) => m.to.includes(li.email) && m.subject.startsWith('【待办】')), 30_000)).filter(
      (m) => m.to.includes(li.email) && m.subject.startsWith('【待办】'),
    );
    const link = mail!.text.match(new RegExp(`${site}/tasks/[0-9a-f-]{36}`))?.[0];
    expect(link).toBeDefined();
    expect(mail!.text).toContain('安全生产党员先锋岗（浏览器）');

    const page = await ui.pageFor(phone);
    await page.goto(link!);
    await page.waitForURL(/\/login\?returnTo=%2Ftasks%2F/);
    await new LoginPage(page).logIn(li.email, li.password);
    await page.waitForURL(link!);

    const task = new TaskPage(page);
    await task.button('同意').waitFor();
    // On a phone the buttons sit at the bottom of the screen, within reach, and the page never scrolls sideways.
    const bar = (await task.actions().boundingBox())!;
    expect(bar.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await task.decide('同意');
    await page.getByText('已同意').first().waitFor();

    await pollUntil(
      async () => ok(await running.api.as(person('chen').token).get('/projects')) as { title: string; status: string }[],
      (list) => list.some((p) => p.title === '安全生产党员先锋岗（浏览器）' && p.status === 'active'),
      { timeoutMs: 30_000, what: 'the project active after both approvals' },
    );
  });

  it('shows a refused decision in Chinese and offers no button to someone the step is not for', async () => {
    const { taskId } = await submitted('党员服务队（浏览器）');
    const task = new TaskPage(zhangPage);
    await zhangPage.goto(`${site}/tasks/${taskId}`);
    await task.button('同意').waitFor();

    // Decided meanwhile elsewhere (another tab, the phone): the page still offers 同意, the chain refuses it.
    ok(await running.api.as(person('zhang').token).post(`/tasks/${taskId}/decision`, { decision: 'approve' }, { idempotencyKey: randomUUID() }));
    await task.decide('同意');
    await task.dialog().getByRole('alert').getByText(refusalMessages.ALREADY_DECIDED).waitFor();

    // The submitter may read the step, not decide it.
    const chenPage = await ui.pageFor();
    await chenPage.goto(`${site}/tasks/${taskId}`);
    await new LoginPage(chenPage).logIn(person('chen').email, person('chen').password);
    await chenPage.waitForURL(`${site}/tasks/${taskId}`);
    await chenPage.getByText('第1级').waitFor();
    expect(await chenPage.getByRole('button', { name: '同意' }).count()).toBe(0);
  });
});
