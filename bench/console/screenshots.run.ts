import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import type { BrowserContextOptions } from 'playwright-core';
import { addPersonViaApi, ok, type OrgPerson } from '../../test/support/api.js';
import { pollUntil } from '../../test/support/poll-until.js';
import { desktop, phone } from '../../test/browser/support/browser.js';
import { startConsoleStack, type ConsoleStack } from '../../test/browser/support/console-stack.js';
import { pageAs } from '../../test/browser/support/signed-in.js';
import { seedYearEnd, yearEndTitle } from '../../test/browser/support/year-end-seed.js';
import { measureTodo, seedOpenSteps } from './todo.js';

/**
 * `npm run screenshots` (scripts/screenshots.ts runs this file through jest, outside `npm test`): the console's main
 * pages at desktop width and on a 390 px phone, as PNGs in screenshots/ (git ignores it; docs/screenshots holds the few
 * the README shows), on the same stack and seed as the browser tests. Then the 待办 page of a person with 200 open
 * steps is loaded several times and the median time from navigation to its last row is printed (nothing asserted).
 */
const outDir = 'screenshots';
const openSteps = 200;
const log = (message: string) => process.stdout.write(`[screenshots] ${message}\n`);

const sizes: Record<string, BrowserContextOptions> = {
  desktop: { ...desktop, deviceScaleFactor: 1 },
  phone: { ...phone, deviceScaleFactor: 2 },
};

interface Shot {
  name: string;
  who: OrgPerson;
  path: string;
  /** Text on the page once it shows what it is for. */
  ready: string;
}

async function shoot(ui: ConsoleStack, shot: Shot): Promise<void> {
  for (const [size, options] of Object.entries(sizes)) {
    const page = await pageAs(ui, shot.who, options);
    await page.goto(`${ui.site}${shot.path}`);
    await page.getByText(shot.ready).first().waitFor();
    // Fade-ins finished, so the picture is what a person sees once the page is still.
    await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined))));
    const file = join(outDir, `${shot.name}-${size}.png`);
    await page.screenshot({ path: file, fullPage: true });
    await page.context().close();
    log(`wrote ${file}`);
  }
}

async function run(ui: ConsoleStack): Promise<void> {
  const { running } = ui;
  const people = running.org.people;
  log('seeding a year up to its year-end (as the browser tests do)');
  const seed = await seedYearEnd(running);
  mkdirSync(outDir, { recursive: true });

  await shoot(ui, { name: 'task-meeting', who: people.wang, path: `/tasks/${seed.meetingTaskId}`, ready: '党委会议记录' });
  const selfTask = (ok(await running.api.as(people.chen.token).get('/tasks')) as { id: string; kind: string }[]).find((t) => t.kind === 'self_assessment')!;
  await shoot(ui, { name: 'task-self-assessment', who: people.chen, path: `/tasks/${selfTask.id}`, ready: '自评总结' });
  ok(await running.api.as(people.chen.token).post(`/projects/${seed.yearEndProjectId}/self-assessment`, { summary: '全年排查隐患 120 项，整改率 100%；党员攻关解决 3 项技术难题。' }, { idempotencyKey: randomUUID() }));
  const scoreTask = await pollUntil(
    async () => (ok(await running.api.as(people.wang.token).get('/tasks')) as { id: string; kind: string }[]).find((t) => t.kind === 'score'),
    (t) => t !== undefined,
    { timeoutMs: 30_000, what: "wang's score task" },
  );
  await shoot(ui, { name: 'task-score', who: people.wang, path: `/tasks/${scoreTask!.id}`, ready: '提交评分' });
  await shoot(ui, { name: 'projects', who: people.li, path: '/projects', ready: yearEndTitle });
  await shoot(ui, { name: 'project', who: people.li, path: `/projects/${seed.yearEndProjectId}`, ready: '项目目标' });

  log(`待办 with ${openSteps} open steps`);
  const busy = await addPersonViaApi(running.api, running.adminToken, { key: 'busy', name: '孙书记', role: 'secretary', orgUnitId: running.org.units.otherBranch, tag: 'bench' });
  await seedOpenSteps(running.stack.ds, { assigneeId: busy.id, projectId: seed.yearEndProjectId, unitName: '一车间党支部', count: openSteps });
  await shoot(ui, { name: 'todo', who: busy, path: '/todo', ready: '逾期' });
  const page = await pageAs(ui, busy, sizes.desktop);
  const { samplesMs, medianMs, rows, apiSentMs, apiAnsweredMs } = await measureTodo(page, ui.site);
  log(
    `待办 with ${openSteps} open steps (${rows} rows drawn, the rest paged): navigation to the rows in the page, median ${medianMs} ms ` +
      `(loads: ${samplesMs.join(', ')} ms); GET /api/tasks sent at ${apiSentMs} ms, answered at ${apiAnsweredMs} ms; ` +
      `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
  );
}

// A jest file only because the stack's NestJS API needs decorator metadata, which ts-jest emits and tsx does not.
describe('screenshots of the console and 待办 with 200 open steps', () => {
  let ui: ConsoleStack;

  beforeAll(async () => {
    ui = await startConsoleStack();
  });

  afterAll(async () => {
    await ui?.close();
  });

  it('writes the pictures and prints the figure', () => run(ui), 600_000);
});
