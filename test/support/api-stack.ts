import { startApi, createOrgViaApi, type ApiHarness, type ApiOrg } from './api.js';
import { captureHistories } from './capture.js';
import { createTestStack, type TestStack } from './stack.js';

/** A test file's whole Tandem: database, SMTP sink, worker, and the API on the same three, with the standard org. */
export interface ApiStack {
  stack: TestStack;
  api: ApiHarness;
  adminToken: string;
  org: ApiOrg;
}

/** `env` overrides config variables of the API (login limits, say); the stack's own three always win. `publicUrl`: where the worker's mails link to (a browser test's console). */
export async function startApiStack(env: NodeJS.ProcessEnv = {}, options: { publicUrl?: string } = {}): Promise<ApiStack> {
  const stack = await createTestStack(options);
  const api = await startApi({ ...env, DATABASE_URL: stack.databaseUrl, TEMPORAL_TASK_QUEUE: stack.temporal.taskQueue, SMTP_PORT: String(stack.sink.smtpPort) });
  const adminToken = await api.adminToken();
  return { stack, api, adminToken, org: await createOrgViaApi(api, adminToken) };
}

/**
 * Stops everything, first storing the histories of the file's executions when `npm run capture-histories` asks for
 * them; `label` keeps files from different test files apart (both run launch chains, deadlines and projects).
 */
export async function closeApiStack(running: Partial<ApiStack>, label: string): Promise<void> {
  try {
    const captureDir = process.env.CAPTURE_HISTORIES_DIR;
    if (captureDir && running.stack) {
      const version = [process.env.CAPTURE_HISTORIES_VERSION ?? 'dev', label].filter(Boolean).join('-');
      const files = await captureHistories(running.stack.temporal.client, running.stack.temporal.taskQueue, captureDir, version);
      console.log(`captured ${files.length} histories into ${captureDir}`);
    }
  } finally {
    await running.api?.close();
    await running.stack?.close();
  }
}
