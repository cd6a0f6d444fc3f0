import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { draftBody, ok } from '../support/api.js';
import { pollUntil } from '../support/poll-until.js';
import { seriousA11yViolations } from './support/axe.js';
import { phone } from './support/browser.js';
import { startConsoleStack, type ConsoleStack } from './support/console-stack.js';
import { pageAs } from './support/signed-in.js';
import { AuditPage } from './pages/audit.page.js';

/**
 * The audit views in the console, one stack for the file: an auditor verifies a project's chain (intact, then broken
 * by someone with the table owner's rights, shown where and as what), reads its timeline with the roles held then and
 * the cross-check, downloads the dossier, replays the project and an uploaded history that diverges; a member finds no
 * way in. Each page passes axe and fits a 390 px phone.
 */
describe('the audit views in the console', () => {
  let ui: ConsoleStack;
  let auditor: Page;
  const title = `审计浏览器项目-${randomUUID().slice(0, 6)}`;
  let projectId: string;

  beforeAll(async () => {
    ui = await startConsoleStack();
    const { api, org } = ui.running;
    const chen = api.as(org.people.chen.token);
    ({ id: projectId } = ok(await chen.post('/projects', draftBody(org.units.branch, { title }))));
    ok(await chen.post(`/projects/${projectId}/submit`, {}, { idempotencyKey: randomUUID() }));
    const zhang = api.as(org.people.zhang.token);
    const tasks = await pollUntil(async () => ok(await zhang.get('/tasks')) as { id: string; projectId: string }[], (list) => list.some((t) => t.projectId === projectId), {
      timeoutMs: 60_000,
      what: "zhang's launch step",
    });
    ok(await zhang.post(`/tasks/${tasks.find((t) => t.projectId === projectId)!.id}/decision`, { decision: 'approve', comment: '同意立项' }, { idempotencyKey: randomUUID() }));
    await pollUntil(async () => ok(await ui.running.api.as(org.people.li.token).get('/tasks')) as { projectId: string }[], (list) => list.some((t) => t.projectId === projectId), {
      timeoutMs: 60_000,
      what: "li's launch step",
    });
    // The first browser file of a run may build the console here.
  }, 300_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('verifies a project chain, intact and then broken, showing where it breaks and what that record says', async () => {
    auditor = await pageAs(ui, ui.running.org.people.audit);
    const audit = new AuditPage(auditor);
    await auditor.goto(`${ui.site}/todo`);
    await audit.menuLink().click();
    await auditor.getByRole('radio', { name: '单个项目' }).check();
    await audit.pickProject('要校验的项目', title);
    await auditor.getByRole('button', { name: '开始校验' }).click();
    await audit.status().getByText(/全部 1 条哈希链完好/).waitFor();
    expect(await seriousA11yViolations(auditor)).toEqual([]);

    // Someone with the table owner's rights switches the append-only trigger off and rewrites zhang's decision.
    const owner = new pg.Client({ connectionString: ui.running.stack.ownerUrl });
    await owner.connect();
    try {
      await owner.query('BEGIN');
      await owner.query('ALTER TABLE audit_event DISABLE TRIGGER USER');
      await owner.query(`UPDATE audit_event SET detail = detail || '{"comment": "不同意"}' WHERE chain_key = $1 AND action = 'decision_approve'`, [projectId]);
      await owner.query('ALTER TABLE audit_event ENABLE TRIGGER USER');
      await owner.query('COMMIT');
    } finally {
      await owner.end();
    }

    await auditor.getByRole('button', { name: '开始校验' }).click();
    await audit.status().getByText('1 条哈希链中有 1 条断裂').waitFor();
    const broken = auditor.locator('.ant-card').filter({ hasText: `断裂：${title}` });
    await broken.getByText(/^第 \d+ 条记录（序号 \d+）$/).waitFor();
    await broken.getByText(/记录内容被改动/).waitFor();
    await broken.getByText(/张卫东 · 审批同意（decision_approve）/).waitFor();
    await broken.getByText(/"comment": "不同意"/).waitFor();
    expect(await seriousA11yViolations(auditor)).toEqual([]);
  });

  it("reads the project's timeline with the roles held then and its cross-check, and downloads the dossier", async () => {
    const audit = new AuditPage(auditor);
    await audit.section('项目时间线').click();
    await audit.pickProject('查看时间线的项目', title);
    await auditor.getByRole('heading', { level: 2, name: new RegExp(title) }).waitFor();
    await audit.status().getByText(/交叉核对/).waitFor();
    await auditor.getByText('提交立项申请').first().waitFor();
    await auditor.getByText(/办理人：张卫东（书记 · 一车间党支部/).first().waitFor();
    expect(auditor.url()).toContain(`project=${projectId}`);
    expect(await seriousA11yViolations(auditor)).toEqual([]);

    const [download] = await Promise.all([auditor.waitForEvent('download'), auditor.getByRole('button', { name: '下载审计档案（可打印）' }).click()]);
    expect(download.suggestedFilename()).toBe(`${title}-审计档案.html`);
    const html = readFileSync((await download.path())!, 'utf8');
    expect(html).toContain('@page { size: A4');
    expect(html).toContain(title);
  });

  it('replays the project, and shows where an uploaded history diverges from the code', async () => {
    const audit = new AuditPage(auditor);
    await audit.section('重放验证').click();
    await audit.pickProject('要重放的项目', title);
    await auditor.getByRole('button', { name: '开始重放' }).click();
    await audit.status().getByText(/^全部 \d+ 次运行与当前代码一致$/).waitFor({ timeout: 180_000 });

    // A digest history whose first activity was named otherwise than today's code names it.
    const stored = JSON.parse(readFileSync('test/replay/histories/dailyDigest/v1.0-digest-digest-test-scheduled.json', 'utf8')) as { events: Record<string, any>[] };
    stored.events[4].activityTaskScheduledEventAttributes.activityType.name = 'digestPlanV0';
    await auditor.getByRole('radio', { name: '上传历史文件' }).check();
    await auditor.locator('input[type=file]').setInputFiles({ name: 'digest-changed.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(stored)) });
    await auditor.getByRole('button', { name: '开始重放' }).click();
    await audit.status().getByText('1 次运行中有 1 次与当前代码不一致').waitFor({ timeout: 180_000 });
    const card = auditor.locator('.ant-card').filter({ hasText: 'digest-changed.json' });
    await card.getByText('不一致', { exact: true }).waitFor();
    await card.getByText('第 5 号事件 ActivityTaskScheduled').waitFor();
    await card.getByText('ActivityTaskScheduled digestPlanV0').waitFor();
    await card.getByText('ScheduleActivityTask digestPlan', { exact: true }).waitFor();
    expect(await seriousA11yViolations(auditor)).toEqual([]);
    // Each replay runs workflow code on the API's cores, and a diverging one replays again to find the event.
  }, 420_000);

  it('fits the chain verification on a 390 px phone', async () => {
    const page = await pageAs(ui, ui.running.org.people.audit, phone);
    await page.goto(`${ui.site}/audit/verify`);
    await page.getByRole('button', { name: '开始校验' }).click();
    await new AuditPage(page).status().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('shows a member no audit menu, page or button', async () => {
    const page = await pageAs(ui, ui.running.org.people.chen);
    await page.goto(`${ui.site}/todo`);
    await page.getByRole('heading', { level: 1, name: /^待办/ }).waitFor();
    expect(await new AuditPage(page).menuLink().count()).toBe(0);
    for (const path of ['/audit/verify', '/audit/timeline', '/audit/replay']) {
      await page.goto(`${ui.site}${path}`);
      await page.getByText('审计仅限纪检审计人员和管理员使用').waitFor();
      expect(await page.getByRole('button', { name: /开始校验|开始重放|下载审计档案/ }).count()).toBe(0);
    }
    await page.context().close();
  });
});
