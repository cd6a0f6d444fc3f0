import type { DataSource } from 'typeorm';
import { ensureNoticeSweepSchedule } from '../../apps/api/temporal/notice-sweep-schedule.js';
import { createDataSource } from '../../libs/db/data-source.js';
import type { NoticeDelivery } from '../../libs/domain/index.js';
import { startMailSink, type MailSink } from '../../libs/dev-stack/mail-sink.js';
import { createTestDatabase } from './database.js';
import { createTemporalHarness, type RunningWorker, type TemporalHarness } from './temporal.js';

/** Retry waits and bound of the test stacks' sweeper. */
export const testNoticeDelivery: NoticeDelivery = { firstRetry: '1s', maxRetry: '2s', giveUpAfter: '2m' };

/** What a workflow or e2e test file runs against: its own database, an SMTP sink, a task queue and a worker. */
export interface TestStack {
  /** As the app role (tandem_app), like `ds`: what the API and the worker use. */
  databaseUrl: string;
  /** As the schema's owner, for a test that changes the schema on purpose (adminQuery in test/support/database.ts). */
  ownerUrl: string;
  ds: DataSource;
  sink: MailSink;
  temporal: TemporalHarness;
  /** Stops the worker and, after `downMs` with no worker at all, starts a new one, as a crash or a deploy would. */
  restartWorker(downMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The schedule of a test stack's mail sweeper, every 2 s on its own task queue. */
export const noticeSweepIdOf = (taskQueue: string): string => `notice-sweep-${taskQueue}`;

/** `publicUrl`: where mails link to, for a test that opens those links in a browser. */
export async function createTestStack(options: { publicUrl?: string } = {}): Promise<TestStack> {
  const db = await createTestDatabase();
  const ds = await createDataSource(db.url).initialize();
  const sink = await startMailSink({ smtpPort: 0 });
  const temporal = await createTemporalHarness(ds, sink.smtpPort, undefined, options.publicUrl);
  let worker: RunningWorker = await temporal.startWorker();
  // Deferred mail is retried by the sweeper, as in production, on a second scale.
  await ensureNoticeSweepSchedule(temporal.client, temporal.taskQueue, { scheduleId: noticeSweepIdOf(temporal.taskQueue), every: '2s', input: { delivery: testNoticeDelivery } });
  return {
    databaseUrl: db.url,
    ownerUrl: db.ownerUrl,
    ds,
    sink,
    temporal,
    async restartWorker(downMs = 0) {
      await worker.stop();
      await new Promise((r) => setTimeout(r, downMs));
      worker = await temporal.startWorker();
    },
    async close() {
      await temporal.client.schedule.getHandle(noticeSweepIdOf(temporal.taskQueue)).delete();
      await temporal.close();
      await sink.stop();
      await ds.destroy();
      await db.drop();
    },
  };
}
