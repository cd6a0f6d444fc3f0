import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { refusalMessages } from '../../apps/web/src/api/errors.js';
import { sessionKey } from '../../apps/web/src/auth/session.js';
import { defaultApprovalPolicy, defaultYearPolicy } from '../../libs/domain/index.js';
import { draftBody, ok, type OrgPerson, type PersonKey } from '../support/api.js';
import type { ApiStack } from '../support/api-stack.js';
import { pollUntil } from '../support/poll-until.js';
import { seriousA11yViolations } from './support/axe.js';
import { phone } from './support/browser.js';
import { startConsoleStack, type ConsoleStack } from './support/console-stack.js';
import { LedgerPage } from './pages/ledger.page.js';
import { TaskPage } from './pages/task.page.js';

type Body = Record<string, any>;

/**
 * A project's quarter in the console, one person per browser context on the whole stack: 延期 asked and granted (on a
 * phone), the report submitted, reviewed with both ratings and a finding of two items (一岗双责), evidence uploaded
 * with its SHA-256 shown and verified (销号), a campaign report filed and the ledger filtered and exported.
 */
describe('the quarter in the console: reports, reviews, rectification, extensions and the ledger', () => {
  let ui: ConsoleStack;
  let running: ApiStack;
  let site: string;
  let projectId: string;
  const pages = new Map<PersonKey, Page>();
  const evidence = { name: '班前讲话记录.txt', mimeType: 'text/plain', buffer: Buffer.from('2026年11月班前安全讲话记录，共22次，均已签到。\n', 'utf8') };

  const person = (key: PersonKey): OrgPerson => running.org.people[key];
  const as = (key: PersonKey) => running.api.as(person(key).token);
  const openTask = async (key: PersonKey, what: string, match: (t: Body) => boolean): Promise<Body> =>
    (await pollUntil(async () => ok(await as(key).get('/tasks')) as Body[], (list) => list.some(match), { timeoutMs: 30_000, what })).find(match) as Body;
  const project = async (): Promise<Body> => ok(await as('chen').get(`/projects/${projectId}`));

  /**
   * The person's own browser (a phone if asked) on `path`, logged in through the API (the login page has its own
   * tests): the session the login page would keep is in the tab before the console starts.
   */
  async function openAs(key: PersonKey, path: string, device?: typeof phone): Promise<TaskPage> {
    let page = pages.get(key);
    if (!page) {
      page = await ui.pageFor(device);
      pages.set(key, page);
      const { id, name, email, token } = person(key);
      await page.addInitScript(([k, v]) => sessionStorage.setItem(k, v), [sessionKey, JSON.stringify({ token, person: { id, name, email } })] as const);
    }
    await page.goto(`${site}${path}`);
    return new TaskPage(page);
  }
  /** Antd's option lists unmounting after a choice, so a scan sees the form as a person does. */
  const selectsClosed = (key: PersonKey) =>
    pollUntil(() => page(key).locator('.ant-select-dropdown:visible').count(), (n) => n === 0, { timeoutMs: 5_000, what: 'the option lists closed' });
  const page = (key: PersonKey): Page => pages.get(key)!;

  beforeAll(async () => {
    ui = await startConsoleStack();
    ({ running, site } = ui);
    // Quarters due far ahead (nothing escalates mid-test); a serious item due in 3 s, so the ledger has one overdue.
    const base = defaultYearPolicy(2026);
    const quarterly = { ladder: base.quarterly.ladder, quarters: base.quarterly.quarters.map((q) => ({ ...q, dueAt: q.dueAt.replace(/^\d{4}/, '2099') })) };
    const serious = { due: '3s', reopenDue: '3s', ladder: { remindBefore: [], escalate: [{ after: '1h', to: 'owner' }] } };
    const rectification = { ...base.rectification, bySeverity: { ...base.rectification.bySeverity!, serious } };
    const policy = { ...base, quarterly, rectification, version: `browser-${randomUUID().slice(0, 8)}`, approval: { ...defaultApprovalPolicy, levelDeadline: null } };
    ok(await running.api.as(running.adminToken).put('/policies/2026', policy));
    ({ id: projectId } = ok(await as('chen').post('/projects', draftBody(running.org.units.branch, { title: '安全生产党员先锋岗（季度）' }))));
    ok(await as('chen').post(`/projects/${projectId}/submit`, {}, { idempotencyKey: randomUUID() }));
    for (const key of ['zhang', 'li'] as const) {
      const step = await openTask(key, `${key}'s launch step`, (t) => t.projectId === projectId);
      ok(await as(key).post(`/tasks/${step.id}/decision`, { decision: 'approve' }, { idempotencyKey: randomUUID() }));
    }
  });

  afterAll(async () => {
    await ui?.close();
  });

  it('lets the owner ask for 延期 with a reason, which the branch secretary grants from a 390 px phone', async () => {
    const q1 = await openTask('chen', "chen's first quarterly report", (t) => t.projectId === projectId && t.kind === 'report' && t.subjectId === '1');
    const chen = await openAs('chen', `/tasks/${q1.id}`);
    await chen.panel('第1季度报告').getByLabel('报告内容').waitFor();
    expect(await seriousA11yViolations(page('chen'))).toEqual([]);
    await page('chen').getByRole('button', { name: '申请延期' }).click();
    await chen.dialog().getByLabel('延期至').fill('2099-12-31');
    await chen.dialog().getByLabel('延期至').press('Enter');
    await chen.dialog().getByLabel('延期理由').fill('汛期抢险，报告材料需延后整理');
    expect(await seriousA11yViolations(page('chen'))).toEqual([]);
    await chen.dialog().getByRole('button', { name: '提交申请' }).click();
    await page('chen').getByText('延期申请审批中，计时暂停').waitFor();
    // The owner decides nothing here: no decision of any kind is offered to them.
    expect(await chen.actions().count()).toBe(0);

    const step = await openTask('zhang', "zhang's extension step", (t) => t.purpose === 'extension' && t.projectId === projectId);
    const zhang = await openAs('zhang', `/tasks/${step.id}`, phone);
    await zhang.panel('延期申请').getByText(/汛期抢险，报告材料需延后整理/).waitFor();
    expect(await zhang.actions().getByRole('button').allInnerTexts()).toEqual(['同意延期', '不同意延期', '更多']);
    expect(await page('zhang').evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page('zhang'))).toEqual([]);
    await zhang.decide('同意延期', '同意延至年底');
    await page('zhang').getByText('已同意延期').first().waitFor();

    const deadline = await pollUntil(
      async () => ((await project()).deadlines as Body[]).find((d) => d.ref === `report-${projectId}-q1`)!,
      (d) => d.dueAt === '2099-12-31T09:30:00.000Z',
      { timeoutMs: 30_000, what: 'the first quarter due on 31 December 2099, 17:30 Beijing time' },
    );
    expect(deadline.events.map((e: Body) => e.kind)).toEqual(expect.arrayContaining(['extension_requested', 'extension_granted']));
  });

  it('takes the quarterly report, and its review with both ratings and a finding of two items, each with both owners', async () => {
    const q1 = await openTask('chen', "chen's first quarterly report", (t) => t.projectId === projectId && t.kind === 'report' && t.subjectId === '1');
    const chen = await openAs('chen', `/tasks/${q1.id}`);
    await chen.panel('第1季度报告').getByLabel('报告内容').fill('党建：开展主题党日2次。业务：排查隐患41项，整改39项。');
    await page('chen').getByRole('button', { name: '提交报告' }).click();
    await page('chen').getByText('报告已提交，等待审核').waitFor();

    const review = await openTask('li', "li's review of the first quarter", (t) => t.purpose === 'report_review' && t.projectId === projectId);
    const li = await openAs('li', `/tasks/${review.id}`);
    await li.panel('第1季度报告').getByText('排查隐患41项').waitFor();
    expect(await li.actions().getByRole('button').allInnerTexts()).toEqual(['同意', '退回', '转交', '加签']);
    await page('li').getByRole('button', { name: '提出问题' }).click();
    const dialog = li.dialog();
    await dialog.getByLabel('问题描述').fill('班前安全讲话记录不全');
    await dialog.getByText('较重', { exact: true }).click();
    await dialog.getByRole('button', { name: '增加整改事项' }).click();
    const owners: [string, PersonKey, PersonKey][] = [
      ['补齐班前讲话记录', 'chen', 'zhang'],
      ['补做夜班应急演练', 'zhang', 'chen'],
    ];
    for (const [i, [measures, party, business]] of owners.entries()) {
      await dialog.getByLabel('整改措施').nth(i).fill(measures);
      for (const [label, key] of [['党建责任人', party], ['业务责任人', business]] as const) {
        // Searched by name, the first match taken, as a person types and presses Enter.
        await dialog.getByLabel(label).nth(i).fill(person(key).name);
        await dialog.getByLabel(label).nth(i).press('Enter');
      }
    }
    await selectsClosed('li');
    expect(await seriousA11yViolations(page('li'))).toEqual([]);
    await dialog.getByRole('button', { name: '确定提出' }).click();
    await page('li').getByText('已提出问题，整改事项 2 项').waitFor();
    await li.panel('第1季度报告').getByText('补做夜班应急演练').waitFor();

    // 一次查、双向评: acceptance without both ratings is stopped in the dialog, with the ratings asked for.
    await li.button('同意').click();
    await dialog.getByRole('button', { name: '确定同意' }).click();
    await dialog.getByText('请选择党建评价').waitFor();
    await dialog.getByRole('group', { name: /党建评价/ }).getByText('好', { exact: true }).click();
    await dialog.getByRole('group', { name: /业务评价/ }).getByText('较好', { exact: true }).click();
    expect(await seriousA11yViolations(page('li'))).toEqual([]);
    await dialog.getByRole('button', { name: '确定同意' }).click();
    await page('li').getByText('已同意').first().waitFor();

    const detail = await pollUntil(project, (p) => p.reports[0]?.status === 'accepted', { timeoutMs: 30_000, what: 'the first report accepted' });
    expect(detail.reports[0].ratings).toMatchObject({ partyBuilding: 'good', business: 'fair' });
    expect(detail.findings[0].severity).toBe('serious');
    expect(detail.findings[0].items.map((i: Body) => [i.measures, i.partyOwnerId, i.businessOwnerId])).toEqual(
      owners.map(([measures, party, business]) => [measures, person(party).id, person(business).id]),
    );
  });

  it("uploads evidence with a file whose SHA-256 the page shows, verified by the reviewer; the owner is offered no verification", async () => {
    const item = ((await project()).findings[0].items as Body[]).find((i) => i.measures === '补齐班前讲话记录')!;
    const task = await openTask('chen', "chen's evidence task", (t) => t.kind === 'evidence' && t.subjectId === item.id);
    const chen = await openAs('chen', `/tasks/${task.id}`);
    const panel = chen.panel('整改事项');
    await panel.getByLabel('整改说明').fill('已补齐11月全部班前讲话记录，附记录表');
    await panel.locator('input[type=file]').setInputFiles(evidence);
    expect(await seriousA11yViolations(page('chen'))).toEqual([]);
    await panel.getByRole('button', { name: '提交佐证' }).click();
    const sha256 = createHash('sha256').update(evidence.buffer).digest('hex');
    await panel.getByText(sha256).waitFor();
    await panel.getByText(evidence.name, { exact: false }).waitFor();
    expect(await page('chen').getByRole('button', { name: '验证通过' }).count()).toBe(0);

    const verify = await openTask('li', "li's verification", (t) => t.purpose === 'verification' && t.projectId === projectId);
    const li = await openAs('li', `/tasks/${verify.id}`);
    await li.panel('待验证的整改事项').getByText(sha256).waitFor();
    // The reviewer verifies; the evidence is the owners' to give.
    expect(await page('li').getByRole('button', { name: '提交佐证' }).count()).toBe(0);
    expect(await li.actions().getByRole('button').allInnerTexts()).toEqual(['验证通过', '退回整改', '转交', '加签']);
    expect(await seriousA11yViolations(page('li'))).toEqual([]);
    await li.decide('验证通过', '记录齐全，同意销号');
    await page('li').getByText('已验证通过').first().waitFor();
    await pollUntil(async () => ok(await as('chen').get(`/rectifications/${item.id}`)).status, (s) => s === 'closed', { timeoutMs: 30_000, what: 'the item closed' });
  });

  it("files the unit's campaign report, and filters the subtree's ledger in the URL, overdue marked, and exports it", async () => {
    const campaign = { title: '2026年度党支部书记述职述责', instructions: '请报送本支部全年党建与业务工作情况。', targets: { subtreeId: running.org.units.branch }, dueAt: '2099-06-30T17:30:00+08:00' };
    const { id: campaignId } = ok(await as('wang').post('/campaigns', campaign, { idempotencyKey: randomUUID() }));
    const task = await openTask('zhang', "zhang's campaign report", (t) => t.kind === 'campaign_report' && t.campaignId === campaignId);
    const zhang = await openAs('zhang', `/tasks/${task.id}`);
    await page('zhang').setViewportSize({ width: 1280, height: 800 });
    const panel = zhang.panel(/报告任务/);
    await panel.getByText('请报送本支部全年党建与业务工作情况。').waitFor();
    expect(await seriousA11yViolations(page('zhang'))).toEqual([]);
    await panel.getByLabel('报告内容').fill('一、履行管党治党责任情况：全年召开支委会12次。');
    await panel.getByRole('button', { name: '报送' }).click();
    await panel.getByText('按时报送').waitFor();

    await page('zhang').goto(`${site}/ledger`);
    const ledger = new LedgerPage(page('zhang'));
    await ledger.heading().getByText('（2）').waitFor();
    expect(await seriousA11yViolations(page('zhang'))).toEqual([]);
    await ledger.choose('整改状态', '整改中');
    await page('zhang').waitForURL(/\/ledger\?status=open$/);
    await ledger.heading().getByText('（1）').waitFor();
    // Kept in the URL: a reload (or the link sent on) shows the same list.
    await page('zhang').reload();
    await ledger.heading().getByText('（1）').waitFor();
    const row = ledger.rows().first();
    await row.getByText('补做夜班应急演练').waitFor();
    await row.getByText('逾期').waitFor();

    const download = page('zhang').waitForEvent('download');
    await page('zhang').getByRole('button', { name: '导出 CSV' }).click();
    const csv = await readFile((await (await download).path())!, 'utf8');
    expect(csv).toContain('补做夜班应急演练');
    expect(csv).not.toContain('补齐班前讲话记录');
  });

  it('shows a refused report in Chinese when the quarter was reported meanwhile elsewhere', async () => {
    const q2 = await openTask('chen', "chen's second quarterly report", (t) => t.projectId === projectId && t.kind === 'report' && t.subjectId === '2');
    const chen = await openAs('chen', `/tasks/${q2.id}`);
    const panel = chen.panel('第2季度报告');
    await panel.getByLabel('报告内容').fill('第二季度：开展技能比武1次。');
    ok(await as('chen').post(`/projects/${projectId}/reports`, { quarter: 2, content: '第二季度（手机上先交的）' }, { idempotencyKey: randomUUID() }));
    await panel.getByRole('button', { name: '提交报告' }).click();
    await panel.getByRole('alert').getByText(refusalMessages.WRONG_STAGE).waitFor();
  });
});
