import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Page } from 'playwright-core';
import { TaskEntity } from '../../libs/db/entities/index.js';
import { median } from '../stats.js';

/**
 * 待办 with many open steps: `count` launch steps assigned to one person, each on a chain of its own, a tenth of them
 * overdue. Written straight to the read model, as the chains' activities write them: the page reads them through the
 * API like any other (GET /api/tasks, with every chain so far), and no chain needs to run for it.
 */
export async function seedOpenSteps(ds: DataSource, input: { assigneeId: string; projectId: string; unitName: string; count: number }): Promise<void> {
  const now = Date.now();
  const rows = Array.from({ length: input.count }, (_, i) => {
    const ref = `bench-console-${randomUUID()}`;
    return {
      id: randomUUID(),
      workflowId: `approval-${ref}`,
      stepKey: 'level-0',
      kind: 'approval' as const,
      projectId: input.projectId,
      campaignId: null,
      assigneeId: input.assigneeId,
      title: `立项审批 第${i + 1}件`,
      status: 'open' as const,
      purpose: 'launch' as const,
      chainRef: ref,
      level: 0,
      levelUnitName: input.unitName,
      levelMode: 'sequential' as const,
      subjectId: null,
      dueAt: new Date(now + (i % 10 === 0 ? -1 : i + 1) * 3_600_000),
      outcome: null,
      createdAt: new Date(now - (input.count - i) * 60_000),
      closedAt: null,
    };
  });
  await ds.getRepository(TaskEntity).insert(rows);
}

export interface TodoLoads {
  /** From the start of the navigation to the frame after the list's rows are in the page. */
  samplesMs: number[];
  medianMs: number;
  /** The rows the list drew (its first page). */
  rows: number;
  /** Medians over the same loads: when GET /api/tasks was sent (the console's start-up before it) and answered. */
  apiSentMs: number;
  apiAnsweredMs: number;
}

/**
 * Loads /todo `loads` times (after one warm-up load, as a person who has opened the console before) and times each
 * from the start of the navigation to the frame after the list's rows are in the page, measured in the page
 * (performance.now() counts from the navigation's start). React commits a list's rows at once, so the first row in
 * the page means the last one is too.
 */
export async function measureTodo(page: Page, site: string, loads = 7): Promise<TodoLoads> {
  await page.addInitScript(() => {
    (window as unknown as { tandemRendered: Promise<number> }).tandemRendered = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (!document.querySelector('main .ant-list-items a[href^="/tasks/"]')) return;
        observer.disconnect();
        requestAnimationFrame(() => resolve(performance.now()));
      });
      observer.observe(document, { childList: true, subtree: true });
    });
  });
  const once = async () => {
    await page.goto(`${site}/todo`);
    return page.evaluate(async () => {
      const rendered = await (window as unknown as { tandemRendered: Promise<number> }).tandemRendered;
      const api = performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === '/api/tasks') as PerformanceResourceTiming;
      return { rendered, sent: api.startTime, answered: api.responseEnd, rows: document.querySelectorAll('main .ant-list-items a[href^="/tasks/"]').length };
    });
  };
  await once();
  const samples: Awaited<ReturnType<typeof once>>[] = [];
  for (let i = 0; i < loads; i++) samples.push(await once());
  const samplesMs = samples.map((s) => Math.round(s.rendered));
  const mid = (pick: (s: (typeof samples)[number]) => number) => Math.round(median(samples.map(pick)));
  return { samplesMs, medianMs: median(samplesMs), rows: samples[0]!.rows, apiSentMs: mid((s) => s.sent), apiAnsweredMs: mid((s) => s.answered) };
}
