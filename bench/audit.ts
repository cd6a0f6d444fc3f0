import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import type { ExportedWorkflow } from '../libs/audit/history-export.js';
import { historySteps } from '../libs/audit/history-steps.js';
import { replayBundle, replayHistories } from '../libs/audit/replay.js';
import { historyFiles, replayItemsOf } from '../libs/audit/replay-items.js';
import { buildTimeline } from '../libs/audit/timeline.js';
import { machine } from './report.js';
import { median } from './stats.js';

/**
 * `npm run bench -- --audit`: what an auditor waits for, on stored histories (no server needed).
 * - replay: every history under test/replay/histories against today's code, as `npm test` and `npm run replay` do,
 *   a few rounds on one bundle (bundling is timed apart: the API and the CLI pay it once per process);
 * - timeline: reading one project-year's histories (the full-year e2e test's capture) into steps and building the
 *   checked timeline from them. Against a live server a timeline also fetches those histories and reads the records.
 */
const historiesDir = 'test/replay/histories';

interface StoredHistory {
  name: string;
  json: unknown;
}

function storedHistories(): StoredHistory[] {
  return historyFiles(historiesDir).map(({ name, path }) => ({ name, json: JSON.parse(readFileSync(path, 'utf8')) as unknown }));
}

/** The full-year test captures without a label (`<version>-<case>.json`); the other e2e files add theirs. */
const labelled = /^v[\d.]+-(actions|campaigns|digest|ledger|resilience|calendar-reschedule|login|notices)-/;

/** Versions as captured (v1.0, v1.1, v2.0), oldest first. */
const byVersion = (a: string, b: string): number => {
  const [am, an = 0] = a.slice(1).split('.').map(Number);
  const [bm, bn = 0] = b.slice(1).split('.').map(Number);
  return am - bm || an - bn;
};

/** The latest capture of the full-year test: the highest version with an unlabelled project history. */
function projectYear(histories: StoredHistory[]): ExportedWorkflow[] {
  const versions = histories.flatMap((h) => /^projectLifecycle\/(v[\d.]+)-project\.json$/.exec(h.name)?.[1] ?? []);
  const latest = versions.sort(byVersion).at(-1);
  return histories
    .filter((h) => h.name.includes(`/${latest}-`) && !labelled.test(h.name.split('/').at(-1) as string))
    .map((h) => ({
      workflowId: h.name,
      workflowType: h.name.split('/')[0],
      runs: [{ runId: h.name, history: historyFromJSON(h.json) }],
      earlierRunsMissing: false,
      children: [],
    }));
}

const seconds = (ms: number) => Math.round(ms) / 1000;

export async function runAuditBench(rounds: number, log: (message: string) => void) {
  const histories = storedHistories();
  const items = histories.flatMap((h) => replayItemsOf(h.json, h.name));
  const events = histories.reduce((n, h) => n + ((h.json as { events?: unknown[] }).events?.length ?? 0), 0);

  let started = Date.now();
  // Bundled here, as the API does without a prebuilt bundle: the bench reports what that first replay costs.
  const bundle = await replayBundle(null);
  const bundleMs = Date.now() - started;
  const replayMs: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    started = Date.now();
    let diverged = 0;
    for await (const verdict of replayHistories(items, { bundle })) if (!verdict.deterministic) diverged++;
    replayMs.push(Date.now() - started);
    if (diverged > 0) throw new Error(`${diverged} stored histories diverged: run npm run replay -- --dir ${historiesDir}`);
    log(`replay round ${round}/${rounds}: ${items.length} histories in ${seconds(replayMs.at(-1) as number)} s`);
  }

  const year = projectYear(histories);
  const yearEvents = year.reduce((n, w) => n + (w.runs[0].history.events?.length ?? 0), 0);
  const timelineMs: number[] = [];
  let entries = 0;
  for (let round = 1; round <= rounds * 4; round++) {
    started = performance.now();
    const steps = historySteps(year);
    // No records: every step is then a mismatch, so the check does all its lookups and flags every entry.
    const records = { audit: [], decisions: [], scores: [], evaluation: null, evidenceFiles: [], notices: [], projectNoticeKeys: new Set<string>(), people: new Map() };
    entries = buildTimeline(steps, records, { policyVersion: null, lang: 'zh' }).entries.length;
    timelineMs.push(performance.now() - started);
  }

  const results = {
    startedAt: new Date().toISOString(),
    machine: machine(),
    replay: {
      histories: items.length,
      events,
      rounds,
      bundleSeconds: seconds(bundleMs),
      medianSeconds: seconds(median(replayMs)),
      roundSeconds: replayMs.map(seconds),
      medianMsPerHistory: Math.round((median(replayMs) / items.length) * 10) / 10,
    },
    timeline: {
      workflows: year.length,
      events: yearEvents,
      entries,
      rounds: timelineMs.length,
      medianMs: Math.round(median(timelineMs) * 10) / 10,
      maxMs: Math.round(Math.max(...timelineMs) * 10) / 10,
    },
  };
  mkdirSync('bench/results', { recursive: true });
  const file = join('bench/results', `audit-${results.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return { results, file };
}
