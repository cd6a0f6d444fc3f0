import { randomUUID } from 'node:crypto';
import { addPersonViaApi, draftBody, ok, type OrgPerson } from '../support/api.js';
import type { ApiStack } from '../support/api-stack.js';
import { pollUntil } from '../support/poll-until.js';
import { seriousA11yViolations } from './support/axe.js';
import { phone } from './support/browser.js';
import { startConsoleStack, type ConsoleStack } from './support/console-stack.js';
import { loggedInAt } from './support/signed-in.js';
import { ProjectPage } from './pages/project.page.js';
import { TaskPage } from './pages/task.page.js';

type Body = Record<string, any>;

/**
 * The rest of a launch chain's actions in the console: the owner edits a saved draft (on a phone) and submits it; the
 * branch secretary adds a committee member after himself (加签), who then decides; the general branch secretary
 * sends it back to the previous level (退回上一级), where the branch decides again; the owner withdraws it (撤回).
 */
describe('draft editing, 加签, 退回上一级 and 撤回 in the console', () => {
  let ui: ConsoleStack;
  let running: ApiStack;
  let site: string;
  let people: Record<'chen' | 'zhang' | 'li' | 'zhao', OrgPerson>;
  let projectId: string;
  const title = '安全共建服务队（浏览器编辑）';

  beforeAll(async () => {
    ui = await startConsoleStack();
    ({ running, site } = ui);
    const tag = randomUUID().slice(0, 6);
    // A member of the branch, so its secretary's picker offers him and he may decide at its level.
    const zhao = await addPersonViaApi(running.api, running.adminToken, { key: 'zhao', name: '赵委员', role: 'member', orgUnitId: running.org.units.branch, tag });
    people = { ...running.org.people, zhao };
    // The owner also belongs to the other branch, so he may name it as a co-owner of a 联建共建 project.
    ok(await running.api.as(running.adminToken).post('/role-assignments', { personId: people.chen.id, role: 'member', orgUnitId: running.org.units.otherBranch }));
  });

  afterAll(async () => {
    await ui?.close();
  });

  const loggedIn = (path: string, who: OrgPerson, options?: Parameters<ConsoleStack['pageFor']>[0]) => loggedInAt(ui, `${site}${path}`, who, options);

  /** The open launch step of the project for that person, once the chain has opened it. */
  const openStep = (who: OrgPerson) =>
    pollUntil(
      async () => (ok(await running.api.as(who.token).get('/tasks')) as { id: string; projectId: string }[]).find((t) => t.projectId === projectId),
      (t) => t !== undefined,
      { timeoutMs: 30_000, what: `${who.name}'s step` },
    );

  it('lets the owner edit a saved draft on a phone (kind, co-owning unit, goals) and submit it with 抄送', async () => {
    projectId = ok(await running.api.as(people.chen.token).post('/projects', draftBody(running.org.units.branch, { title }))).id;
    const page = await loggedIn(`/projects/${projectId}`, people.chen, phone);
    await page.getByRole('link', { name: '编辑草稿' }).click();
    const form = new ProjectPage(page);
    await form.heading('编辑草稿').waitFor();
    expect(await form.goal(1, '目标值').inputValue()).toBe('≥ 40 项');
    await form.pick('项目类型', '联建共建');
    await form.pick('联建共建单位', '市场部党支部');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /添加目标/ }).click();
    await form.goal(2, '目标').fill('联合开展安全检查');
    await form.goal(2, '目标值').fill('≥ 12 次');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await form.button('保存修改').click();
    await page.waitForURL(`${site}/projects/${projectId}`);
    await page.getByText('市场部党支部').first().waitFor();
    await page.getByRole('cell', { name: '联合开展安全检查' }).waitFor();
    const saved = ok(await running.api.as(people.chen.token).get(`/projects/${projectId}`));
    expect([saved.status, saved.kind, saved.coOwningUnits.map((u: Body) => u.id), saved.goals.length]).toEqual(['draft', 'joint_building', [running.org.units.otherBranch], 2]);

    // Made a 党员服务队 after all (its co-owner dropped with the kind) and submitted from the edit page, with 抄送.
    await page.getByRole('link', { name: '编辑草稿' }).click();
    await form.heading('编辑草稿').waitFor();
    await form.pick('项目类型', '党员服务队');
    await form.pick('抄送（审批结果将通知他们，选填）', '赵委员');
    await page.keyboard.press('Escape');
    await form.button('提交审批').click();
    await page.waitForURL(`${site}/projects/${projectId}`);
    await form.status().getByText('审批中').waitFor();
    await page.context().close();
    const submitted = ok(await running.api.as(people.chen.token).get(`/projects/${projectId}`));
    expect([submitted.status, submitted.kind, submitted.coOwningUnits, submitted.goals.length]).toEqual(['in_approval', 'service_team', [], 2]);
  });

  it('lets the branch secretary add an approver after himself (加签), who then decides at the same level', async () => {
    const step = (await openStep(people.zhang))!;
    const page = await loggedIn(`/tasks/${step.id}`, people.zhang);
    const task = new TaskPage(page);
    await task.button('同意').waitFor();
    // At the first level there is no level below to send it back to.
    expect(await task.actions().getByRole('button').allInnerTexts()).toEqual(['同意', '驳回', '退回', '转交', '加签']);
    await task.button('加签').click();
    await task.dialog().getByLabel('加签人').fill(people.zhao.name);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: people.zhao.name }).first().click();
    await task.dialog().getByLabel('在我之后审批（后加签）').check();
    await task.dialog().getByLabel(/加签理由/).fill('请赵委员把关共建内容');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await task.dialog().getByRole('button', { name: '确定加签' }).click();
    await page.getByText('已加签').first().waitFor();
    await task.decide('同意', '同意，请赵委员复核');
    await page.getByText('已同意').first().waitFor();
    await page.context().close();

    const added = (await openStep(people.zhao))!;
    const zhaoPage = await loggedIn(`/tasks/${added.id}`, people.zhao);
    const zhaoTask = new TaskPage(zhaoPage);
    await zhaoTask.button('同意').waitFor();
    await zhaoPage.getByText('第1级').first().waitFor();
    await zhaoTask.decide('同意', '共建内容可行');
    await zhaoPage.getByText('已同意').first().waitFor();
    await zhaoPage.context().close();

    const detail = ok(await running.api.as(people.chen.token).get(`/projects/${projectId}`));
    const decided = detail.approvals[0].steps.flatMap((s: Body) => s.decisions.map((d: Body) => [s.level, d.actorId, d.decision]));
    expect(decided).toEqual(expect.arrayContaining([[0, people.zhang.id, 'approve'], [0, people.zhao.id, 'approve']]));
  });

  it('offers 退回上一级 at the second level, which reopens the first level with the comment, on a phone', async () => {
    const step = (await openStep(people.li))!;
    const page = await loggedIn(`/tasks/${step.id}`, people.li, phone);
    const task = new TaskPage(page);
    await task.button('更多').click();
    const more = page.locator('.ant-dropdown:visible').getByRole('menuitem');
    await more.last().waitFor();
    expect(await more.allInnerTexts()).toEqual(['退回', '退回上一级', '转交', '加签']);
    await more.filter({ hasText: '退回上一级' }).click();
    await task.dialog().getByText('审批意见（必填）').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await task.dialog().getByLabel(/审批意见/).fill('请支部核实共建单位的安排');
    await task.dialog().getByRole('button', { name: '确定退回上一级' }).click();
    await page.getByText('已退回上一级').first().waitFor();
    await task.actions().waitFor({ state: 'detached' });
    await page.context().close();

    // The first level decides again, its secretary first, and the comment says why.
    const again = (await openStep(people.zhang)) as unknown as { level: number };
    expect(again.level).toBe(0);
    const detail = ok(await running.api.as(people.chen.token).get(`/projects/${projectId}`));
    const sentBack = detail.approvals[0].steps.flatMap((s: Body) => s.decisions).find((d: Body) => d.decision === 'send_back_previous');
    expect(sentBack).toEqual(expect.objectContaining({ actorId: people.li.id, comment: '请支部核实共建单位的安排' }));
  });

  it('lets the owner withdraw the request (撤回), closing the open step', async () => {
    const page = await loggedIn(`/projects/${projectId}`, people.chen);
    const form = new ProjectPage(page);
    const actions = page.getByRole('group', { name: `${title}：申请人操作` });
    await actions.getByRole('button', { name: '撤回' }).click();
    await page.getByRole('dialog').getByLabel(/撤回理由/).fill('共建单位调整，另行申报');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('dialog').getByRole('button', { name: '确定撤回' }).click();
    await form.status().getByText('已撤回').waitFor();
    expect(await actions.count()).toBe(0);
    const open = ok(await running.api.as(people.zhang.token).get('/tasks')) as { projectId: string }[];
    expect(open.filter((t) => t.projectId === projectId)).toEqual([]);
  });
});
