import type { Server } from 'node:http';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { freePort } from '../../../libs/dev-stack/temporal-dev-server.js';
import { ensureConsoleBuilt } from '../../../scripts/console-build.js';
import { closeApiStack, startApiStack, type ApiStack } from '../../support/api-stack.js';
import { desktop, launchBrowser } from './browser.js';

/** A browser test file's Tandem: the whole stack with the standard org, the console at `site`, one browser. */
export interface ConsoleStack {
  running: ApiStack;
  /** Where the console is served and the mails link to: `http://127.0.0.1:<port>`. */
  site: string;
  /** A page in a browser context of its own, as one person on their own device. */
  pageFor(options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

/**
 * The console in Debian's Chromium against the whole stack: the API (serving the built console) on a real port,
 * a worker, Temporal, Postgres and the SMTP sink, whose mails link to that port.
 */
export async function startConsoleStack(): Promise<ConsoleStack> {
  await ensureConsoleBuilt();
  const port = await freePort();
  const site = `http://127.0.0.1:${port}`;
  let running: ApiStack | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await closeApiStack(running ?? {}, '');
  };
  try {
    running = await startApiStack({}, { publicUrl: site });
    const server = running.api.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const opened = await launchBrowser();
    browser = opened;
    return { running, site, close, pageFor: async (options = desktop) => (await opened.newContext(options)).newPage() };
  } catch (error) {
    await close();
    throw error;
  }
}
