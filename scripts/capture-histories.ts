import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { historyFiles } from '../libs/audit/replay-items.js';

/**
 * `npm run capture-histories -- v1.1`: runs the e2e tests below and stores the history of every execution they drove
 * under test/replay/histories/<workflowType>/v1.1-<label>-<case>.json, then keeps one history per path (see
 * `pathOf`). Stored histories of earlier versions stay: they are what proves today's code still replays executions
 * started by yesterday's (README, "Changing a workflow").
 */
const version = process.argv[2];
if (!version || !/^v\d+(\.\d+)?$/.test(version)) {
  console.error('usage: npm run capture-histories -- v<N>[.<M>]   (the version label of the new files, e.g. v1.1)');
  process.exit(2);
}

/** Between them they drive every workflow type and every path of each (the 1.0 baseline is listed in the README). */
const capturedTests = [
  'project-year',
  'project-year-continues',
  'approval-actions',
  'campaigns',
  'digest',
  'ledger',
  'project-lifecycle-resilience',
  'calendar-reschedule',
  'login-throttle',
  'notices',
  'hand-over-work',
  'hand-over-holder',
];

/** The full-year test captures without a label; its project's histories are kept whole for `npm run bench -- --audit`. */
const fullYear = new RegExp(`^${version.replace('.', '\\.')}-(?!(actions|campaigns|digest|ledger|resilience|calendar-reschedule|login|notices|hand-over|handover)-)`);
const projectYearTypes = new Set(['projectLifecycle', 'approvalChain', 'deadline', 'rectification', 'yearEndEvaluation']);

interface StoredEvent {
  eventType: string;
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string } };
  workflowExecutionUpdateAcceptedEventAttributes?: { acceptedRequest?: { input?: { name?: string } } };
  workflowExecutionSignaledEventAttributes?: { signalName?: string };
  startChildWorkflowExecutionInitiatedEventAttributes?: { workflowType?: { name?: string } };
  workflowExecutionStartedEventAttributes?: { input?: { payloads?: { data?: string }[] } };
}

/**
 * What replay checks of a history: its events in order (workflow tasks aside) with the activity, update, signal or
 * child each names; and, for a chain, its purpose. Two histories with the same path prove the same thing.
 */
function pathOf(workflowType: string, events: StoredEvent[]): string {
  const steps = events
    .filter((e) => !e.eventType.startsWith('EVENT_TYPE_WORKFLOW_TASK_'))
    .map((e) =>
      [
        e.eventType,
        e.activityTaskScheduledEventAttributes?.activityType?.name,
        e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name,
        e.workflowExecutionSignaledEventAttributes?.signalName,
        e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowType?.name,
      ].join(':'),
    );
  const input = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
  const purpose = workflowType === 'approvalChain' && input ? (JSON.parse(Buffer.from(input, 'base64').toString('utf8')) as { purpose?: string }).purpose : '';
  return [workflowType, purpose, ...steps].join('\n');
}

function keepOnePerPath(dir: string): void {
  const fresh = historyFiles(dir).filter(({ name }) => name.split('/')[1].startsWith(`${version}-`));
  const seen = new Set<string>();
  const kept = (name: string) => projectYearTypes.has(name.split('/')[0]) && fullYear.test(name.split('/')[1]);
  // The full year's first, so a labelled history of a path it already holds is the one dropped.
  const ordered = [...fresh.filter((f) => kept(f.name)), ...fresh.filter((f) => !kept(f.name))];
  let dropped = 0;
  for (const { name, path } of ordered) {
    const key = pathOf(name.split('/')[0], (JSON.parse(readFileSync(path, 'utf8')) as { events: StoredEvent[] }).events);
    if (seen.has(key) && !kept(name)) {
      rmSync(path);
      dropped++;
    }
    seen.add(key);
  }
  console.log(`kept ${fresh.length - dropped} histories of ${version} (${dropped} repeated a path already kept)`);
}

const dir = 'test/replay/histories';
const child = spawn(
  process.execPath,
  ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--runInBand', '--selectProjects', 'e2e', '--testPathPattern', `e2e/(${capturedTests.join('|')})\\.spec`],
  { stdio: 'inherit', env: { ...process.env, CAPTURE_HISTORIES_DIR: dir, CAPTURE_HISTORIES_VERSION: version } },
);
child.on('exit', (code) => {
  if (code === 0) keepOnePerPath(dir);
  process.exit(code ?? 1);
});
