import type { DataSource } from 'typeorm';
import { createDataSource } from '../../libs/db/data-source.js';
import { startMailSink, type MailSink } from '../../scripts/services/mail-sink.js';
import { createTestDatabase } from './database.js';
import { createTemporalHarness, type RunningWorker, type TemporalHarness } from './temporal.js';

/** What a workflow or e2e test file runs against: its own database, an SMTP sink, a task queue and a worker. */
export interface TestStack {
  databaseUrl: string;
  ds: DataSource;
  sink: MailSink;
  temporal: TemporalHarness;
  /** Stops the worker and, after `downMs` with no worker at all, starts a new one, as a crash or a deploy would. */
  restartWorker(downMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function createTestStack(): Promise<TestStack> {
  const db = await createTestDatabase();
  const ds = await createDataSource(db.url).initialize();
  const sink = await startMailSink({ smtpPort: 0 });
  const temporal = await createTemporalHarness(ds, sink.smtpPort);
  let worker: RunningWorker = await temporal.startWorker();
  return {
    databaseUrl: db.url,
    ds,
    sink,
    temporal,
    async restartWorker(downMs = 0) {
      await worker.stop();
      await new Promise((r) => setTimeout(r, downMs));
      worker = await temporal.startWorker();
    },
    async close() {
      await temporal.close();
      await sink.stop();
      await ds.destroy();
      await db.drop();
    },
  };
}
