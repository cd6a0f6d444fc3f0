import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createTandemWorker } from '../../apps/worker/worker.js';
import { createMailer, type Mailer } from '../../libs/mail/mailer.js';
import { installQuietRuntime } from './temporal-runtime.js';
import { workflowBundle } from './workflow-bundle.js';

export { installQuietRuntime, workflowBundle };

export function temporalAddress(): string {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set: run tests through `npm test` (jest globalSetup starts the dev server)');
  return address;
}

export interface TemporalHarness {
  client: Client;
  taskQueue: string;
  /** Starts a worker with real activities on this harness's queue; stop it to simulate a crash or a deploy. */
  startWorker(): Promise<RunningWorker>;
  close(): Promise<void>;
}

export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
}

/** `publicUrl`: the console's address the worker's mails link under (a browser test's API). */
export async function createTemporalHarness(ds: DataSource, smtpPort: number, mailer?: Mailer, publicUrl?: string): Promise<TemporalHarness> {
  installQuietRuntime();
  const address = temporalAddress();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const taskQueue = `test-${randomUUID()}`;
  const mail =
    mailer ?? createMailer({ host: '127.0.0.1', port: smtpPort, secure: false, user: null, password: null, from: 'Tandem <tandem@test.local>' });
  const running = new Set<RunningWorker>();
  return {
    client,
    taskQueue,
    async startWorker() {
      const nativeConnection = await NativeConnection.connect({ address });
      const worker = await createTandemWorker({
        connection: nativeConnection,
        namespace: 'default',
        taskQueue,
        deps: { ds, mailer: mail, publicUrl },
        workflowBundle: await workflowBundle(),
      });
      const done = worker.run();
      const handle: RunningWorker = {
        worker,
        async stop() {
          running.delete(handle);
          worker.shutdown();
          await done;
          await nativeConnection.close();
        },
      };
      running.add(handle);
      return handle;
    },
    async close() {
      for (const w of [...running]) await w.stop();
      if (!mailer) mail.close();
      await connection.close();
    },
  };
}
