import type { Page } from 'playwright-core';
import { refusalMessages } from '../../apps/web/src/api/errors.js';
import { ok, type OrgPerson } from '../support/api.js';
import type { ApiStack } from '../support/api-stack.js';
import { pollUntil } from '../support/poll-until.js';
import { seriousA11yViolations } from './support/axe.js';
import { phone } from './support/browser.js';
import { startConsoleStack, type ConsoleStack } from './support/console-stack.js';
import { pageAs } from './support/signed-in.js';
import { meetingTitle, seedYearEnd, yearEndTitle, type YearEndSeed } from './support/year-end-seed.js';
import { ProjectsPage } from './pages/projects.page.js';
import { TaskPage } from './pages/task.page.js';
import { TodoPage } from './pages/todo.page.js';
import { YearEndPanels } from './pages/year-end.page.js';

type Body = Record<string, any>;

/**
 * The end of a project's year in the console: a 党委会议 recorded on a committee level, the owner's self-assessment
 * on a phone, a panel score with its innovation bonus, the sign-off (审定发布), and the projects page. The year up to
 * there is seeded through the API (support/year-end-seed.ts); one stack and one browser for the file.
 */
describe('the year-end in the console', () => {
  let ui: ConsoleStack;
  let running: ApiStack;
  let site: string;
  let seed: YearEndSeed;
  let wangPage: Page;

  beforeAll(async () => {
    ui = await startConsoleStack();
    ({ running, site } = ui);
    seed = await seedYearEnd(running);
    wangPage = await pageAs(ui, person('wang'));
  });

  afterAll(async () => {
    await ui?.close();
  });

  const person = (key: 'chen' | 'li' | 'wang'): OrgPerson => running.org.people[key];
  const get = async (who: OrgPerson, path: string): Promise<any> => ok(await running.api.as(who.token).get(path));
  const openTask = async (who: OrgPerson, match: (t: Body) => boolean, what: string): Promise<Body> =>
    (await pollUntil(async () => (await get(who, '/tasks')) as Body[], (list) => list.some(match), { timeoutMs: 30_000, what })).find(match)!;
  const noViolations = async (page: Page) => expect(await seriousA11yViolations(page)).toEqual([]);

  it('records the 党委会议 that decides a committee level: a meeting without quorum is refused in Chinese, the quorate one decides', async () => {
    const [liu] = seed.members;
    await wangPage.goto(`${site}/tasks/${seed.meetingTaskId}`);
    const panels = new YearEndPanels(wangPage);
    await panels.panel('党委会议记录').waitFor();
    // The level is decided by the meeting, not by wang alone: no 同意 / 驳回 offered.
    expect(await new TaskPage(wangPage).actions().count()).toBe(0);
    await noViolations(wangPage);

    await panels.recordMeeting([person('wang').name], { for: 1 }, '党委会纪要〔2026〕9号');
    await panels.panel('党委会议记录').getByRole('alert').getByText(refusalMessages.QUORUM_NOT_MET).waitFor();

    await panels.recordMeeting([person('wang').name, liu!.name], { for: 2 }, '党委会纪要〔2026〕9号', '党委会研究同意立项');
    await wangPage.getByText('会议决定已记录').waitFor();
    await panels.panel('党委会议记录').waitFor({ state: 'detached' });
    await wangPage.getByText('意见：党委会研究同意立项').waitFor();
    const project = await pollUntil(() => get(person('chen'), `/projects/${seed.meetingProjectId}`), (p) => p.status === 'active', { timeoutMs: 30_000, what: 'the meeting project active' });
    expect(project.approvals[0].steps[0].decisions[0].meeting).toEqual(
      expect.objectContaining({ attendeeIds: [person('wang').id, liu!.id], votesFor: 2, minutesRef: '党委会纪要〔2026〕9号' }),
    );
  });

  it("takes the owner's self-assessment from 待办 on a 390 px phone", async () => {
    const page = await pageAs(ui, person('chen'), phone);
    await page.goto(`${site}/todo`);
    const todo = new TodoPage(page);
    await todo.counters().getByText('年终自评 1').waitFor();
    await todo.open(yearEndTitle);
    const panels = new YearEndPanels(page);
    await panels.panel('年终自评').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await noViolations(page);
    await panels.selfAssess('全年排查隐患 120 项，整改率 100%；党员攻关解决 3 项技术难题。');
    await page.getByText('自评已提交').waitFor();
    await panels.panel('年终自评').waitFor({ state: 'detached' });
  });

  it('lets the panel member score with an innovation bonus, which needs its justification; a committee member not on the panel gets no form', async () => {
    const step = await openTask(person('wang'), (t) => t.projectId === seed.yearEndProjectId && t.kind === 'score', "wang's score task");
    await wangPage.goto(`${site}/tasks/${step.id}`);
    const panels = new YearEndPanels(wangPage);
    await panels.panel('考评打分').getByText('全年排查隐患 120 项').waitFor();
    await panels.fillScore([23, 22, 24, 21], '目标全部完成，党员作用突出。', { points: 2 });
    await panels.submitScore();
    await panels.panel('考评打分').getByText('有创新加分时请写明理由').waitFor();
    await noViolations(wangPage);
    await panels.panel('考评打分').getByLabel(/^加分理由/).fill('形成“隐患随手拍”创新做法，在全集团推广。');
    await panels.submitScore();
    await wangPage.getByText('评分已提交').waitFor();

    const [liu] = seed.members;
    const liuPage = await pageAs(ui, liu!);
    await liuPage.goto(`${site}/tasks/${step.id}`);
    await liuPage.getByRole('heading', { level: 1, name: yearEndTitle }).waitFor();
    expect(await liuPage.getByRole('button', { name: '提交评分' }).count()).toBe(0);
  });

  it('shows the result with every score and bonus to the committee secretary, who signs it off; nobody else gets the button', async () => {
    const step = await openTask(person('wang'), (t) => t.projectId === seed.yearEndProjectId && t.purpose === 'evaluation_publish', 'the sign-off step');
    const chenPage = await pageAs(ui, person('chen'));
    await chenPage.goto(`${site}/tasks/${step.id}`);
    await chenPage.getByRole('region', { name: '考评结果' }).waitFor();
    expect(await chenPage.getByRole('button', { name: '同意' }).count()).toBe(0);

    await wangPage.goto(`${site}/todo`);
    await new TodoPage(wangPage).counters().getByText(/审定发布|考评/).first().waitFor();
    await wangPage.goto(`${site}/tasks/${step.id}`);
    const result = new YearEndPanels(wangPage).panel('考评结果');
    await result.getByText('形成“隐患随手拍”创新做法，在全集团推广。').waitFor();
    await result.getByText('目标全部完成，党员作用突出。').waitFor();
    await noViolations(wangPage);
    await new TaskPage(wangPage).decide('同意', '审定通过，予以发布');
    await wangPage.getByText('已同意').first().waitFor();

    const evaluation = await pollUntil(
      () => get(person('chen'), `/projects/${seed.yearEndProjectId}`),
      (p) => p.status === 'closed',
      { timeoutMs: 30_000, what: 'the project closed once its result is published' },
    );
    const detail = await get(person('chen'), `/evaluations/${evaluation.evaluation.id}`);
    expect(detail.publishedAt).not.toBeNull();
    expect(detail.scores).toEqual([expect.objectContaining({ total: 90, bonus: 2, bonusJustification: '形成“隐患随手拍”创新做法，在全集团推广。' })]);
  });

  it('finds projects by kind and keyword, keeps the filters in the address, badges the overdue one and opens its page', async () => {
    const page = await pageAs(ui, person('li'));
    await page.goto(`${site}/projects`);
    const projects = new ProjectsPage(page);
    await projects.projectLink(yearEndTitle).waitFor();
    await projects.projectLink(meetingTitle).waitFor();
    await noViolations(page);

    await projects.choose('项目类型', '书记项目');
    await page.waitForURL(/kind=secretary_project/);
    await projects.projectLink(yearEndTitle).waitFor({ state: 'detached' });
    // Its Q1 report fell due before the project went active.
    await page.reload();
    await projects.projectLink(meetingTitle).waitFor();
    await page.getByRole('row', { name: new RegExp(meetingTitle) }).getByText(/^逾期 1$/).waitFor();

    // A shared link opens the same view; a search keeps the filter the address holds.
    await page.goto(`${site}/projects?kind=vanguard_post`);
    await projects.projectLink(yearEndTitle).waitFor();
    await projects.search('不存在的项目');
    await page.getByText('没有符合条件的项目').waitFor();
    await projects.search('年终');
    await page.waitForURL(/q=%E5%B9%B4%E7%BB%88&kind=vanguard_post/);
    await projects.projectLink(yearEndTitle).click();

    await page.getByRole('heading', { level: 1, name: yearEndTitle }).waitFor();
    await page.getByRole('cell', { name: '每月 ≥ 4 项' }).waitFor();
    await page.getByRole('region', { name: '立项审批' }).getByText('第2级').waitFor();
    await page.getByText('已结项').first().waitFor();
    await noViolations(page);
  });
});
