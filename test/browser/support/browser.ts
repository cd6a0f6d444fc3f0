import { chromium, type Browser, type BrowserContextOptions } from 'playwright-core';

/**
 * Debian's Chromium (scripts/bootstrap.mjs installs it when missing), or the one CHROMIUM_PATH names; playwright
 * never downloads a browser here. As root Chromium refuses to start without --no-sandbox.
 */
export const chromiumPath = () => process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  const asRoot = process.getuid?.() === 0;
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: asRoot ? ['--no-sandbox'] : [] });
}

/** People in China, on a desktop and on a phone (390 px wide, as an iPhone 12–15 shows a page). */
const common: BrowserContextOptions = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
export const desktop: BrowserContextOptions = { ...common, viewport: { width: 1280, height: 800 } };
export const phone: BrowserContextOptions = { ...common, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };
