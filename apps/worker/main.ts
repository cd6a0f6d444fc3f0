import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfig } from '../../libs/config/index.js';
import { createDataSource } from '../../libs/db/data-source.js';
import { createMailer } from '../../libs/mail/mailer.js';
import { activitySlots, createTandemWorker } from './worker.js';

/** Composition root: config → connections → activities → worker; SIGINT/SIGTERM drain it and close everything. */
async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger('INFO'), shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const ds = await createDataSource(config.databaseUrl, { applicationName: 'tandem-worker', poolSize: activitySlots }).initialize();
  const mailer = createMailer(config.smtp);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  try {
    const bundlePath = process.env.WORKFLOW_BUNDLE_PATH;
    const worker = await createTandemWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      deps: { ds, mailer },
      workflowBundle: bundlePath ? { codePath: bundlePath } : undefined,
    });
    console.log(`worker polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address}`);
    await worker.run();
  } finally {
    await connection.close();
    mailer.close();
    await ds.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
